package dev.hypercare.ingest.security;

import dev.hypercare.ingest.problem.ProblemException;
import io.quarkus.arc.ClientProxy;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Authenticates endpoints marked {@link RequiresScope}: the key comes in {@code X-API-Key}, as an
 * {@code Authorization: Bearer} token (what minimal scripts and most HTTP libraries send), or as the
 * password of HTTP Basic (for webhook senders that can only put credentials in the URL, such as
 * inbound-mail services).
 *
 * <p>Rule: no key or an unknown key is 401; a key without the endpoint's scope is 403; a known key
 * over its rate is 429 with Retry-After. With {@code hypercare.ingest.auth.enabled=false} (the local
 * run's default, logged loudly at start) every caller is anonymous with every scope.
 * The key is never logged: only the key's configured name is.
 *
 * <p>With OIDC on ({@link OidcTokens}), an {@code Authorization: Bearer} value that is no known key is then
 * verified as an OIDC access token and, when valid, gets the same treatment under the token's grant (its app,
 * its scopes, a rate bucket per client); an invalid token is a 401 like an unknown key. Keys are looked up first,
 * so API-key clients see no change and pay no token verification. Values sent as {@code X-API-Key} or as the Basic
 * password are keys only.
 */
public class ApiKeyFilter {

    public static final String HEADER = "X-API-Key";

    private final boolean enabled;
    private final ApiKeyRegistry registry;
    private final RateLimiter rateLimiter;
    private final CurrentCaller currentCaller;
    private final OidcTokens oidc;

    public ApiKeyFilter(@ConfigProperty(name = "hypercare.ingest.auth.enabled", defaultValue = "true") boolean enabled,
                        ApiKeyRegistry registry, RateLimiter rateLimiter, CurrentCaller currentCaller, OidcTokens oidc) {
        this.enabled = enabled;
        this.registry = registry;
        this.rateLimiter = rateLimiter;
        this.currentCaller = currentCaller;
        this.oidc = oidc;
    }

    /**
     * Synchronous (a null Uni) for keys and refusals; asynchronous only while a token is verified, which may run
     * on a worker thread, hence the caller is set on the request's own {@link CurrentCaller}, unwrapped beforehand.
     */
    @ServerRequestFilter
    public Uni<Void> authenticate(ContainerRequestContext request, ResourceInfo resource) {
        RequiresScope required = required(resource);
        if (required == null || !enabled) {
            return null;
        }
        Presented presented = presented(request);
        if (presented == null) {
            throw new ProblemException(401, ProblemException.UNAUTHORIZED, "API key required",
                    "Send the app's API key in the " + HEADER + " header or as Authorization: Bearer <key>"
                            + (oidc.enabled() ? ", or an OIDC access token as Authorization: Bearer <token>." : "."));
        }
        Optional<ApiKey> key = registry.find(presented.value());
        if (key.isPresent()) {
            admit(key.get(), required.value(), currentCaller);
            return null;
        }
        if (!presented.bearer() || !oidc.enabled()) {
            throw new ProblemException(401, ProblemException.UNAUTHORIZED, "Unknown API key", "The API key is not valid.");
        }
        CurrentCaller target = ClientProxy.unwrap(currentCaller);
        return oidc.verify(presented.value()).invoke(grant -> admit(grant, required.value(), target)).replaceWithVoid();
    }

    private void admit(ApiKey key, Scope required, CurrentCaller target) {
        if (!key.allows(required)) {
            throw new ProblemException(403, ProblemException.FORBIDDEN, "Scope missing", key.isToken()
                    ? "The access token of '" + key.name() + "' lacks the " + oidc.scopeName(required) + " scope."
                    : "The API key '" + key.name() + "' lacks the " + required.name().toLowerCase() + " scope.");
        }
        if (key.isToken() && required == Scope.SUBMIT && key.app() == null && !key.allows(Scope.ADMIN)) {
            throw new ProblemException(403, ProblemException.FORBIDDEN, "App missing",
                    "The access token of '" + key.name() + "' names no app (claims " + String.join(", ", oidc.appClaims())
                            + "), so it may submit as none.");
        }
        target.set(new Caller(key.name(), key.app(), key));
        RateLimiter.Decision decision = rateLimiter.tryAcquire(bucketOf(key), key.ratePerSecond());
        if (!decision.allowed()) {
            throw new ProblemException(429, ProblemException.RATE_LIMITED, "Too many requests",
                    (key.isToken() ? "The client '" : "The API key '") + key.name()
                            + "' is over its rate limit; retry after the Retry-After delay.", null,
                    decision.retryAfter());
        }
    }

    /** The rate limiter's bucket of a key, shared by its requests and its batches' items. */
    public static String bucketOf(ApiKey key) {
        return (key.isToken() ? "token:" : "key:") + key.name();
    }

    private static RequiresScope required(ResourceInfo resource) {
        if (resource == null || resource.getResourceMethod() == null) {
            return null;
        }
        RequiresScope onMethod = resource.getResourceMethod().getAnnotation(RequiresScope.class);
        return onMethod != null ? onMethod : resource.getResourceClass().getAnnotation(RequiresScope.class);
    }

    /** A credential as sent, and whether it came as {@code Authorization: Bearer} (the only way to send a token). */
    record Presented(String value, boolean bearer) {
    }

    static Presented presented(ContainerRequestContext request) {
        String header = request.getHeaderString(HEADER);
        if (header != null && !header.isBlank()) {
            return new Presented(header.strip(), false);
        }
        String authorization = request.getHeaderString("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String token = authorization.substring(7).strip();
            return token.isEmpty() ? null : new Presented(token, true);
        }
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                String password = colon >= 0 ? decoded.substring(colon + 1) : decoded;
                return password.isBlank() ? null : new Presented(password, false);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return null;
    }
}
