package dev.hypercare.ingest.security;

import java.util.Set;

/**
 * One configured API key, as the service knows it: never the key itself, only its SHA-256.
 *
 * @param name       a label for logs and metrics (never secret)
 * @param sha256Hex  lower-case hex SHA-256 of the full key string
 * @param app        the source app this key submits as
 * @param scopes     what it may do
 * @param ratePerSecond sustained requests per second allowed, or 0 for the service default
 * @param release    the release that feedback in the minimal shape (no release of its own) is filed
 *                   under, or null for the service's {@code hypercare.ingest.default-release}
 */
public record ApiKey(String name, String sha256Hex, String app, Set<Scope> scopes, double ratePerSecond, String release) {

    public ApiKey(String name, String sha256Hex, String app, Set<Scope> scopes, double ratePerSecond) {
        this(name, sha256Hex, app, scopes, ratePerSecond, null);
    }

    public boolean allows(Scope scope) {
        return scopes.contains(scope) || scopes.contains(Scope.ADMIN);
    }
}
