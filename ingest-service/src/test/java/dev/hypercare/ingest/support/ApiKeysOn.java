package dev.hypercare.ingest.support;

import dev.hypercare.ingest.security.ApiKeyRegistry;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one test profile with API keys on (and OIDC off, the default), shared by every test class that needs keys: each
 * distinct profile is a Quarkus build and start of its own (~10 s per profile on the 2-core CI machine). Every key
 * belongs to one test class, which uses no other, so the classes cannot disturb each other (the rate-limited keys
 * included).
 */
public final class ApiKeysOn implements QuarkusTestProfile {

    // ApiKeySecurityTest: scopes, app binding, per-key rate limits (slow and bulk allow 1 request/s, burst 2).
    public static final String SHOP = "hc_shopweb_7Qm2xV9pLr4sT8wZ";
    public static final String SUPPORT = "hc_support_K3nB6yH1cF5gJ0dA";
    public static final String ADMIN = "hc_admin_P9oI8uY7tR6eW5qZ";
    public static final String SLOW = "hc_slow_M4nB5vC6xZ7lK8jH";
    public static final String BULK = "hc_bulk_R2tY7uI4oP9aS1dF";
    // SimplestClientTest: a key that names the release, and one that does not.
    public static final String MOBILE = "hc_mobile_Zt5Qw8Rn2Kp7Xv4M";
    public static final String KIOSK = "hc_kiosk_Lm3Nb8Vc1Xz6Qa9W";
    // ApiKeySecurityTest: two apps that send CloudEvents with the same source and id.
    public static final String CE_APP_A = "hc_ceappa_W7eR4tY1uI8oP3aS";
    public static final String CE_APP_B = "hc_ceappb_D6fG2hJ9kL5zX0cV";
    // OidcOffTest: a key sent as a bearer token.
    public static final String OFF_SHOP = "hc_offshop_Q1wE2rT3yU4iO5pA";

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("hypercare.ingest.auth.enabled", "true");
        key(config, "shop", SHOP, "shop-web", "submit");
        key(config, "support", SUPPORT, "support-desk", "lifecycle");
        key(config, "admin", ADMIN, "ops", "admin");
        key(config, "slow", SLOW, "slow-app", "submit");
        config.put("hypercare.ingest.auth.keys.slow.rate", "1");
        key(config, "bulk", BULK, "bulk-app", "submit");
        config.put("hypercare.ingest.auth.keys.bulk.rate", "1");
        key(config, "mobile", MOBILE, "mobile-app", "submit");
        config.put("hypercare.ingest.auth.keys.mobile.release", "5.1.0");
        key(config, "kiosk", KIOSK, "kiosk", "submit");
        key(config, "offshop", OFF_SHOP, "shop-web", "submit");
        key(config, "ceappa", CE_APP_A, "ce-app-a", "submit");
        key(config, "ceappb", CE_APP_B, "ce-app-b", "submit");
        return config;
    }

    private static void key(Map<String, String> config, String name, String token, String app, String scopes) {
        config.put("hypercare.ingest.auth.keys." + name + ".sha256", ApiKeyRegistry.sha256Hex(token));
        config.put("hypercare.ingest.auth.keys." + name + ".app", app);
        config.put("hypercare.ingest.auth.keys." + name + ".scopes", scopes);
    }
}
