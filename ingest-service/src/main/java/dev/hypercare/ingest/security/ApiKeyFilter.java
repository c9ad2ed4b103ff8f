package dev.hypercare.ingest.security;

import dev.hypercare.ingest.problem.ProblemException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
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
 */
public class ApiKeyFilter {

    public static final String HEADER = "X-API-Key";

    private final boolean enabled;
    private final ApiKeyRegistry registry;
    private final RateLimiter rateLimiter;
    private final CurrentCaller currentCaller;

    public ApiKeyFilter(@ConfigProperty(name = "hypercare.ingest.auth.enabled", defaultValue = "true") boolean enabled,
                        ApiKeyRegistry registry, RateLimiter rateLimiter, CurrentCaller currentCaller) {
        this.enabled = enabled;
        this.registry = registry;
        this.rateLimiter = rateLimiter;
        this.currentCaller = currentCaller;
    }

    @ServerRequestFilter
    public void authenticate(ContainerRequestContext request, ResourceInfo resource) {
        RequiresScope required = required(resource);
        if (required == null || !enabled) {
            return;
        }
        String presented = presentedKey(request);
        if (presented == null) {
            throw new ProblemException(401, ProblemException.UNAUTHORIZED, "API key required",
                    "Send the app's API key in the " + HEADER + " header or as Authorization: Bearer <key>.");
        }
        ApiKey key = registry.find(presented).orElseThrow(() -> new ProblemException(401, ProblemException.UNAUTHORIZED,
                "Unknown API key", "The API key is not valid."));
        if (!key.allows(required.value())) {
            throw new ProblemException(403, ProblemException.FORBIDDEN, "Scope missing",
                    "The API key '" + key.name() + "' lacks the " + required.value().name().toLowerCase() + " scope.");
        }
        currentCaller.set(new Caller(key.name(), key.app(), key));
        RateLimiter.Decision decision = rateLimiter.tryAcquire(bucketOf(key), key.ratePerSecond());
        if (!decision.allowed()) {
            throw new ProblemException(429, ProblemException.RATE_LIMITED, "Too many requests",
                    "The API key '" + key.name() + "' is over its rate limit; retry after the Retry-After delay.", null,
                    decision.retryAfter());
        }
    }

    /** The rate limiter's bucket of a key, shared by its requests and its batches' items. */
    public static String bucketOf(ApiKey key) {
        return "key:" + key.name();
    }

    private static RequiresScope required(ResourceInfo resource) {
        if (resource == null || resource.getResourceMethod() == null) {
            return null;
        }
        RequiresScope onMethod = resource.getResourceMethod().getAnnotation(RequiresScope.class);
        return onMethod != null ? onMethod : resource.getResourceClass().getAnnotation(RequiresScope.class);
    }

    static String presentedKey(ContainerRequestContext request) {
        String header = request.getHeaderString(HEADER);
        if (header != null && !header.isBlank()) {
            return header.strip();
        }
        String authorization = request.getHeaderString("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String token = authorization.substring(7).strip();
            return token.isEmpty() ? null : token;
        }
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                String password = colon >= 0 ? decoded.substring(colon + 1) : decoded;
                return password.isBlank() ? null : password;
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return null;
    }
}
