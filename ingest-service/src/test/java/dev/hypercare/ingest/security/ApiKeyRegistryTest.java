package dev.hypercare.ingest.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiKeyRegistryTest {

    @Test
    void shouldReadKeysAsHashesWithAppScopesAndRate() {
        // given: the format of a keys file (a mounted Secret)
        Properties file = new Properties();
        file.setProperty("shop.sha256", ApiKeyRegistry.sha256Hex("hc_secret_value_1234"));
        file.setProperty("shop.app", "shop-web");
        file.setProperty("shop.scopes", "submit, lifecycle");
        file.setProperty("shop.rate", "50");

        // when
        var keys = ApiKeyRegistry.parse(file);

        // then
        ApiKey key = keys.get(ApiKeyRegistry.sha256Hex("hc_secret_value_1234"));
        assertThat(key.name()).isEqualTo("shop");
        assertThat(key.scopes()).isEqualTo(Set.of(Scope.SUBMIT, Scope.LIFECYCLE));
        assertThat(key.ratePerSecond()).isEqualTo(50);
        assertThat(key.toString()).doesNotContain("hc_secret_value_1234");
    }

    @Test
    void shouldRefuseAKeyWithoutAValidHashOrApp() {
        Properties file = new Properties();
        file.setProperty("bad.sha256", "plain-text-key");
        file.setProperty("bad.app", "a");
        file.setProperty("bad.scopes", "submit");
        assertThatThrownBy(() -> ApiKeyRegistry.parse(file)).hasMessageContaining("64 hex");

        Properties noApp = new Properties();
        noApp.setProperty("x.sha256", ApiKeyRegistry.sha256Hex("k"));
        noApp.setProperty("x.scopes", "submit");
        assertThatThrownBy(() -> ApiKeyRegistry.parse(noApp)).hasMessageContaining("no app");
    }

    @Test
    void shouldHashKeysAsSha256HexTheSameOnEveryThreadAndCall() throws Exception {
        // given: the FIPS 180-2 test vectors, and a key hashed as `printf %s "$KEY" | sha256sum` does
        // when / then: the per-thread digest is reset between calls (a digest that kept state would differ)
        for (int round = 0; round < 3; round++) {
            assertThat(ApiKeyRegistry.sha256Hex("abc"))
                    .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
            assertThat(ApiKeyRegistry.sha256Hex(""))
                    .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        }
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            var hashes = new java.util.ArrayList<java.util.concurrent.Future<String>>();
            for (int i = 0; i < 200; i++) {
                hashes.add(pool.submit(() -> ApiKeyRegistry.sha256Hex("abc")));
            }
            for (var hash : hashes) {
                assertThat(hash.get()).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
