package dev.hypercare.ingest.security;

import java.util.Set;

/**
 * One configured API key, as the service knows it: never the key itself, only its SHA-256. A verified OIDC access
 * token is given the same shape ({@link #ofToken}, no hash; {@link TokenClaims}), so that scopes, the app binding
 * and the rate limit treat both alike.
 *
 * @param name       a label for logs and metrics (never secret)
 * @param sha256Hex  lower-case hex SHA-256 of the full key string; null for a token's grant
 * @param app        the source app this key submits as (a token naming no app: null, and it may submit only
 *                   with the admin scope)
 * @param scopes     what it may do
 * @param ratePerSecond sustained requests per second allowed, or 0 for the service default
 * @param release    the release that feedback in the minimal shape (no release of its own) is filed
 *                   under, or null for the service's {@code hypercare.ingest.default-release}
 */
public record ApiKey(String name, String sha256Hex, String app, Set<Scope> scopes, double ratePerSecond, String release) {

    public ApiKey(String name, String sha256Hex, String app, Set<Scope> scopes, double ratePerSecond) {
        this(name, sha256Hex, app, scopes, ratePerSecond, null);
    }

    /** The grant of a verified OIDC access token: rate 0 is the service default, the release the default release. */
    public static ApiKey ofToken(String name, String app, Set<Scope> scopes, double ratePerSecond) {
        return new ApiKey(name, null, app, scopes, ratePerSecond, null);
    }

    /** Whether this is a token's grant rather than a configured key. */
    public boolean isToken() {
        return sha256Hex == null;
    }

    public boolean allows(Scope scope) {
        return scopes.contains(scope) || scopes.contains(Scope.ADMIN);
    }
}
