package dev.hypercare.metrics.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An RFC 9457 problem detail ({@code application/problem+json}); {@code errors} names each
 * request field at fault.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public record FieldError(String field, String detail) {
    }

    public static Problem invalidField(String instance, String field, String detail) {
        return new Problem("about:blank", "Bad Request", 400, detail, instance, List.of(new FieldError(field, detail)));
    }

    public static Problem unavailable(String instance, String detail) {
        return new Problem("about:blank", "Service Unavailable", 503, detail, instance, null);
    }
}
