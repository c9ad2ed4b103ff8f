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
}
