package dev.hypercare.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An RFC 9457 problem detail: the body of every error any Hypercare service answers
 * ({@code application/problem+json}). {@link #errors()} names each request field at fault, so a
 * client can fix all of them in one go. Shared so that every service's errors look alike.
 *
 * @param type     URI identifying the kind of problem ({@code about:blank} for plain HTTP errors)
 * @param title    short, stable summary of the kind of problem
 * @param status   the HTTP status, repeated for clients that lose it
 * @param detail   what went wrong in this occurrence
 * @param instance the request path that failed
 * @param errors   the fields at fault, or absent when the problem is not about fields
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** Problem types; URNs because they identify, they are not pages to fetch. */
    public static final String VALIDATION = "urn:hypercare:problem:validation";
    public static final String MALFORMED_JSON = "urn:hypercare:problem:malformed-json";
    public static final String KAFKA_UNAVAILABLE = "urn:hypercare:problem:kafka-unavailable";
    public static final String GENERIC = "about:blank";

    /**
     * @param field   the JSON property (dotted path for nested ones), query or path parameter at fault
     * @param message what is wrong with it
     */
    public record FieldError(String field, String message) {
    }

    /** A plain HTTP error with no field at fault. */
    public static Problem of(int status, String title, String detail, String instance) {
        return new Problem(GENERIC, title, status, detail, instance, null);
    }

    /** One request field (or query parameter) at fault. */
    public static Problem invalidField(String instance, String field, String message) {
        return new Problem(VALIDATION, "Invalid request", 400, message, instance, List.of(new FieldError(field, message)));
    }
}
