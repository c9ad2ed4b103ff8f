package dev.hypercare.ingest.security;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an endpoint that needs an API key with this scope ({@link ApiKeyFilter}); endpoints without
 * it authenticate otherwise (Slack signatures) or are public (the web form, health, OpenAPI).
 */
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
public @interface RequiresScope {
    Scope value();
}
