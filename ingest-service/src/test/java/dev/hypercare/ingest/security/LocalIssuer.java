package dev.hypercare.ingest.security;

import dev.hypercare.local.LocalTokenEndpoint;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OIDC tests' identity provider: hypercare-local's {@link LocalTokenEndpoint}, a real OAuth 2.0 token endpoint
 * on a free port that signs RS256 JWTs and publishes its key as a JWKS. The service is configured the way a
 * deployment without discovery is (issuer + JWKS path + audience), and tokens are fetched the way a client does:
 * a client-credentials grant over HTTP.
 */
public class LocalIssuer implements QuarkusTestResourceLifecycleManager {

    /** The audience the service expects, as an identity provider's API identifier. */
    public static final String AUDIENCE = "hypercare-ingest";
    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\":\"([^\"]+)\"");

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static volatile LocalTokenEndpoint endpoint;

    @Override
    public Map<String, String> start() {
        try {
            endpoint = LocalTokenEndpoint.start("127.0.0.1", 0);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot start the local token endpoint", e);
        }
        return Map.of(
                "hypercare.ingest.oidc.enabled", "true",
                "quarkus.oidc.hypercare.auth-server-url", endpoint.issuer(),
                "quarkus.oidc.hypercare.discovery-enabled", "false",
                "quarkus.oidc.hypercare.jwks-path", endpoint.jwksUrl(),
                "quarkus.oidc.hypercare.token.issuer", endpoint.issuer(),
                "quarkus.oidc.hypercare.token.audience", AUDIENCE);
    }

    @Override
    public void stop() {
        if (endpoint != null) {
            endpoint.close();
        }
    }

    public static LocalTokenEndpoint endpoint() {
        return endpoint;
    }

    /** An access token for {@code clientId} from the endpoint's {@code /token}, as a client-credentials client gets it. */
    public static String token(String clientId, String scope, String audience) {
        StringBuilder form = new StringBuilder("grant_type=client_credentials&scope=")
                .append(URLEncoder.encode(scope, StandardCharsets.UTF_8));
        if (audience != null) {
            form.append("&audience=").append(URLEncoder.encode(audience, StandardCharsets.UTF_8));
        }
        String basic = Base64.getEncoder().encodeToString((clientId + ":not-checked-locally").getBytes(StandardCharsets.UTF_8));
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(endpoint.tokenUrl()))
                    .header("Content-Type", "application/x-www-form-urlencoded").header("Authorization", "Basic " + basic)
                    .POST(HttpRequest.BodyPublishers.ofString(form.toString())).build(), HttpResponse.BodyHandlers.ofString());
            Matcher m = ACCESS_TOKEN.matcher(response.body());
            if (response.statusCode() != 200 || !m.find()) {
                throw new IllegalStateException("Token endpoint answered " + response.statusCode());
            }
            return m.group(1);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
