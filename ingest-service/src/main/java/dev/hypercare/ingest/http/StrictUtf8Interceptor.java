package dev.hypercare.ingest.http;

import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.jboss.resteasy.reactive.common.util.EmptyInputStream;

/**
 * Every request body that an endpoint marked {@link Utf8Checked} reads as an entity (CloudEvents, Slack's
 * raw bytes, lifecycle events) is checked to be strict UTF-8 ({@link StrictUtf8}) before any parser sees it: 400
 * {@code urn:hypercare:problem:invalid-encoding} naming {@code body} otherwise. JSON must be UTF-8
 * anyway (RFC 8259 section 8.1). Form fields, which are not read as entities, are checked by their
 * resources, and the JSON feedback endpoints check their bytes themselves ({@link Utf8Checked} says
 * why). The body is already bounded by {@code quarkus.http.limits.max-body-size}, so holding it as
 * bytes costs no more than the parsers' own buffering.
 */
@Provider
@Utf8Checked
public class StrictUtf8Interceptor implements ReaderInterceptor {

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        InputStream stream = context.getInputStream();
        if (stream == null || stream instanceof EmptyInputStream) {
            return context.proceed();
        }
        byte[] bytes = stream.readAllBytes();
        StrictUtf8.require(bytes, "body");
        // An empty body stays recognisably empty, so that it is answered as a missing body.
        context.setInputStream(bytes.length == 0 ? EmptyInputStream.INSTANCE : new ByteArrayInputStream(bytes));
        return context.proceed();
    }
}
