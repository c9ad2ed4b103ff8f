package dev.hypercare.ingest.security;

import dev.hypercare.ingest.problem.ProblemException;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.Tenant;
import io.quarkus.oidc.TenantIdentityProvider;
import io.quarkus.runtime.Startup;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

/**
 * Optional OIDC bearer tokens (issue 4, off unless {@code hypercare.ingest.oidc.enabled=true}): a Bearer value
 * that is no API key is verified as an access token of the configured identity provider by quarkus-oidc's
 * {@value #TENANT} tenant, and its claims become the grant an API key has ({@link TokenClaims}).
 *
 * <p>Rule: quarkus-oidc checks the signature against the provider's JWKS, the expiry, the issuer and the audience;
 * a token failing any check, or that cannot even be parsed, is a 401 like an unknown key, never a 5xx. Only the
 * failure's class is logged (at DEBUG): never the token, whose parts jose4j's messages quote.
 *
 * <p>Why a named tenant and not quarkus-oidc's default one: the default tenant's HTTP mechanism would check every
 * {@code Authorization: Bearer} header itself, API keys included, before {@link ApiKeyFilter} runs, and refuse
 * them with a bare 401. The default tenant stays off ({@code quarkus.oidc.tenant-enabled=false}); this tenant is
 * reached only through {@link TenantIdentityProvider}, after the key lookup found nothing.
 */
@ApplicationScoped
@Startup // so that the OIDC state is logged once, at start
public class OidcTokens {

    public static final String TENANT = "hypercare";
    private static final Logger LOG = Logger.getLogger(OidcTokens.class);

    private final boolean enabled;
    private final TokenClaims claims;
    private final TenantIdentityProvider provider;

    public OidcTokens(@ConfigProperty(name = "hypercare.ingest.oidc.enabled", defaultValue = "false") boolean enabled,
                      @ConfigProperty(name = "hypercare.ingest.oidc.app-claims", defaultValue = "hypercare_app,azp,client_id") List<String> appClaims,
                      @ConfigProperty(name = "hypercare.ingest.oidc.scope-claims", defaultValue = "scope,scp") List<String> scopeClaims,
                      @ConfigProperty(name = "hypercare.ingest.oidc.scopes.submit", defaultValue = "hypercare:submit") String submit,
                      @ConfigProperty(name = "hypercare.ingest.oidc.scopes.lifecycle", defaultValue = "hypercare:lifecycle") String lifecycle,
                      @ConfigProperty(name = "hypercare.ingest.oidc.scopes.admin", defaultValue = "hypercare:admin") String admin,
                      @ConfigProperty(name = "hypercare.ingest.oidc.rate", defaultValue = "0") double rate,
                      @ConfigProperty(name = "quarkus.oidc." + TENANT + ".token.audience") Optional<List<String>> audience,
                      @ConfigProperty(name = "quarkus.oidc." + TENANT + ".token.issuer") Optional<String> issuer,
                      @ConfigProperty(name = "hypercare.ingest.auth.enabled", defaultValue = "true") boolean authEnabled,
                      @Tenant(TENANT) TenantIdentityProvider provider) {
        this.enabled = enabled;
        this.provider = provider;
        Map<Scope, String> byScope = new EnumMap<>(Scope.class);
        byScope.put(Scope.SUBMIT, submit.strip());
        byScope.put(Scope.LIFECYCLE, lifecycle.strip());
        byScope.put(Scope.ADMIN, admin.strip());
        Map<String, Scope> names = new HashMap<>();
        byScope.forEach((scope, name) -> names.put(name, scope));
        this.claims = new TokenClaims(appClaims, scopeClaims, names, rate);
        if (!enabled) {
            LOG.info("OIDC bearer tokens are off (hypercare.ingest.oidc.enabled=false): a Bearer value must be an API key.");
            return;
        }
        LOG.infof("OIDC bearer tokens are on: issuer %s, audience %s, app from %s, scopes %s from %s", issuer.orElse("(not checked)"),
                audience.orElse(List.of()), appClaims, byScope, scopeClaims);
        if (audience.isEmpty()) {
            LOG.warn("OIDC without an audience (HYPERCARE_INGEST_OIDC_AUDIENCE): any token of this identity provider with the "
                    + "scopes passes, including tokens issued for other APIs. Set the audience in every shared deployment.");
        }
        if (!authEnabled) {
            LOG.warn("OIDC is on but authentication is off (hypercare.ingest.auth.enabled=false): tokens are not even read.");
        }
    }

    public boolean enabled() {
        return enabled;
    }

    /** The grant of a valid token, or a failure with a 401 {@link ProblemException} for any other. */
    public Uni<ApiKey> verify(String token) {
        return Uni.createFrom().deferred(() -> provider.authenticate(new AccessTokenCredential(token)))
                .map(this::grant)
                .onFailure().transform(failure -> {
                    LOG.debugf("Bearer token refused (%s)", failure.getClass().getName());
                    return new ProblemException(401, ProblemException.UNAUTHORIZED, "Invalid token",
                            "The bearer token is neither a known API key nor a valid access token (signature, expiry, issuer, audience).");
                });
    }

    private ApiKey grant(SecurityIdentity identity) {
        if (!(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            // Only an introspected opaque token has no JWT principal; this tenant verifies JWTs locally.
            throw new IllegalStateException("not a JWT access token");
        }
        return claims.grant(jwt::getClaim);
    }

    /** The claim names a token's scopes must use, for problem details. */
    String scopeName(Scope scope) {
        return claims.scopeNames().entrySet().stream().filter(e -> e.getValue() == scope).map(Map.Entry::getKey)
                .findFirst().orElse(scope.name().toLowerCase());
    }

    List<String> appClaims() {
        return claims.appClaims();
    }
}
