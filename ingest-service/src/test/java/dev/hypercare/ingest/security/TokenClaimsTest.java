package dev.hypercare.ingest.security;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a verified token's claims become a grant: app, scopes, caller name. */
class TokenClaimsTest {

    private static final TokenClaims DEFAULTS = new TokenClaims(List.of("hypercare_app", "azp", "client_id"), List.of("scope", "scp"),
            Map.of("hypercare:submit", Scope.SUBMIT, "hypercare:lifecycle", Scope.LIFECYCLE, "hypercare:admin", Scope.ADMIN), 0);

    private static ApiKey grant(Map<String, Object> claims) {
        return DEFAULTS.grant(claims::get);
    }

    @Test
    void shouldTakeTheAppFromTheFirstAppClaimPresent() {
        // given: Keycloak-style claims, with and without the dedicated claim
        Map<String, Object> claims = new HashMap<>(Map.of("azp", "shop-web", "client_id", "ignored", "scope", "hypercare:submit"));

        // when / then
        assertThat(grant(claims).app()).isEqualTo("shop-web");
        claims.put("hypercare_app", Json.createValue("webshop"));
        assertThat(grant(claims).app()).isEqualTo("webshop");
        assertThat(grant(Map.of("client_id", "crm")).app()).isEqualTo("crm");
        assertThat(grant(Map.of("sub", "user-1")).app()).isNull();
    }

    @Test
    void shouldReadScopesFromASpaceSeparatedStringAndFromAnArray() {
        // when
        ApiKey fromString = grant(Map.of("scope", "openid  hypercare:submit profile hypercare:lifecycle"));
        ApiKey fromArray = grant(Map.of("scp", Json.createArrayBuilder().add("hypercare:admin").add("email").build()));

        // then
        assertThat(fromString.scopes()).containsExactlyInAnyOrder(Scope.SUBMIT, Scope.LIFECYCLE);
        assertThat(fromArray.scopes()).containsExactly(Scope.ADMIN);
    }

    @Test
    void shouldGrantNothingForScopesOfOtherNames() {
        // when: "submit" alone is an API key's scope name, not a token's
        ApiKey grant = grant(Map.of("scope", "submit admin hypercare:submitx", "azp", "shop-web"));

        // then
        assertThat(grant.scopes()).isEmpty();
        assertThat(grant.allows(Scope.SUBMIT)).isFalse();
    }

    @Test
    void shouldNameTheCallerAfterTheClientWithAHashlessGrant() {
        // when
        ApiKey byAzp = grant(Map.of("azp", "shop-web", "sub", "service-account-shop-web"));
        ApiKey bySub = grant(Map.of("sub", "svc\n\"evil\"" + "x".repeat(100)));

        // then: one rate bucket per client, a name safe to log, and no hash
        assertThat(byAzp.name()).isEqualTo("oidc:shop-web");
        assertThat(byAzp.isToken()).isTrue();
        assertThat(ApiKeyFilter.bucketOf(byAzp)).isEqualTo("token:oidc:shop-web");
        assertThat(bySub.name()).startsWith("oidc:svc__evil_").hasSize("oidc:".length() + 64);
        assertThat(grant(Map.of()).name()).isEqualTo("oidc:unknown");
    }

    @Test
    void shouldLetATokenWithoutAnAppSubmitAsNoAppUnlessAdmin() {
        // given
        Caller noApp = new Caller("t", null, grant(Map.of("scope", "hypercare:submit")));
        Caller admin = new Caller("t", null, grant(Map.of("scope", "hypercare:admin")));

        // then
        assertThat(noApp.maySubmitAs("shop-web")).isFalse();
        assertThat(admin.maySubmitAs("shop-web")).isTrue();
    }
}
