package dev.hypercare.ingest.http;

import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses a request whose {@code Content-Type} is not a media type at all ({@code text}, {@code /},
 * {@code a/b;;}) with 415 before any resource is matched.
 *
 * <p>Why: where one path has several methods told apart by {@code @Consumes} (the CloudEvents
 * endpoint: single events as JSON or structured, batches), RESTEasy Reactive parses the header while
 * choosing the method and lets the parser's {@code IllegalArgumentException} escape, which would be
 * answered as a 500. Paths with one method already answer such a header with this same 415.
 *
 * <p>Cost per request: {@code MediaType.valueOf} goes through RESTEasy's parsed-media-type cache (the one
 * the framework's own matching uses), so a client's repeated Content-Type is a map lookup.
 */
public class ContentTypeGuard {

    static final String NOT_A_MEDIA_TYPE = "The content-type header value did not correspond to a valid media type";

    @ServerRequestFilter(preMatching = true)
    public void refuseUnparseableContentType(ContainerRequestContext request) {
        String contentType = request.getHeaderString(HttpHeaders.CONTENT_TYPE);
        if (contentType == null || contentType.isBlank()) {
            return;
        }
        try {
            MediaType.valueOf(contentType);
        } catch (IllegalArgumentException notAMediaType) {
            throw new NotSupportedException(NOT_A_MEDIA_TYPE);
        }
    }
}
