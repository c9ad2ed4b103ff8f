package dev.hypercare.ingest.security;

/**
 * Who sent the current request: the API key's (or OIDC token's) name and app, or "anonymous" when authentication is
 * switched off ({@code hypercare.ingest.auth.enabled=false}), in which case every scope is granted
 * and any source app is accepted.
 */
public record Caller(String name, String app, ApiKey key) {

    public static final Caller ANONYMOUS = new Caller("anonymous", null, null);

    public boolean allows(Scope scope) {
        return key == null || key.allows(scope);
    }

    /** May this caller submit feedback in the name of {@code sourceApp}? */
    public boolean maySubmitAs(String sourceApp) {
        return key == null || key.allows(Scope.ADMIN) || (key.app() != null && key.app().equals(sourceApp));
    }
}
