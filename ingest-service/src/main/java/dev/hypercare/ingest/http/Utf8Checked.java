package dev.hypercare.ingest.http;

import jakarta.ws.rs.NameBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the resources whose request bodies {@link StrictUtf8Interceptor} checks to be strict UTF-8.
 *
 * <p>Rule: every endpoint that reads a body checks it, either through this binding or, for the
 * JSON feedback endpoints (single and batch, which take the body as bytes), by calling
 * {@link StrictUtf8#require} first. Those are left out of the binding because any reader
 * interceptor makes RESTEasy Reactive look up the method's parameter annotations on every request
 * (reflection that parses them anew each time): about 4.5 % of the service's CPU per single event
 * in the JFR profile of issue 4's benchmark. {@code StrictUtf8Test} holds every endpoint to the rule.
 */
@NameBinding
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface Utf8Checked {
}
