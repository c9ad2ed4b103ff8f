package dev.hypercare.ingest.problem;

import dev.hypercare.http.Problem;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.hypercare.ingest.kafka.BrokerUnavailableException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every failure into an RFC 9457 {@code application/problem+json} answer: a client never sees
 * an HTML page, a stack trace or Quarkus' own violation report.
 *
 * <ul>
 *   <li>Bean Validation failures: 400 naming every field at fault.</li>
 *   <li>Bodies that are not JSON, or JSON of the wrong shape or type: 400, naming the field when
 *       Jackson knows it (Jackson stops at the first type error, so only that one is named).</li>
 *   <li>Other HTTP errors (404, 405, 415, ...): their own status, type {@code about:blank}.</li>
 *   <li>Kafka did not acknowledge: 503 with {@code Retry-After}; the request was not accepted.</li>
 *   <li>{@link ProblemException}: its own status and type (401, 403, 404, 409, 429 with Retry-After, ...).</li>
 *   <li>Anything else: 500 without internals (logged here).</li>
 * </ul>
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    private final Duration retryAfter;

    public ProblemMappers(@ConfigProperty(name = "hypercare.ingest.retry-after", defaultValue = "5S") Duration retryAfter) {
        this.retryAfter = retryAfter;
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e, UriInfo uri) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(fieldOf(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field).thenComparing(Problem.FieldError::message))
                .toList();
        String fields = errors.stream().map(Problem.FieldError::field).distinct().collect(Collectors.joining(", "));
        return problem(400, Problem.VALIDATION, "Invalid request", "Invalid field(s): " + fields, uri, errors);
    }

    /** Wrong type or shape for a field (e.g. {@code "affectedUsers": "abc"}); Quarkus throws these unwrapped. */
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e, UriInfo uri) {
        return jsonProblem(e, uri);
    }

    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e, UriInfo uri) {
        return jsonProblem(e, uri);
    }

    /**
     * HTTP errors raised by the framework (unknown path, unsupported media type, ...); Quarkus also
     * wraps JSON syntax errors in a 400 WebApplicationException.
     */
    @ServerExceptionMapper
    public Response http(WebApplicationException e, UriInfo uri) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return jsonProblem(json, uri);
        }
        int status = e.getResponse().getStatus();
        Response.StatusType statusType = Response.Status.fromStatusCode(status);
        String title = statusType != null ? statusType.getReasonPhrase() : "HTTP " + status;
        return problem(status, Problem.GENERIC, title, e.getMessage(), uri, null);
    }

    /** A body the multipart parser could not read ({@link #raisedByTheMultipartParser}): the client's fault, a 400. */
    private static Response malformedBody(UriInfo uri) {
        // A fixed detail: the parsers' messages may echo the client's bytes (a 300-character charset name).
        return problem(400, ProblemException.MALFORMED_BODY, "Malformed request body",
                "The request body is cut off or malformed for its Content-Type.", uri,
                List.of(new Problem.FieldError("body", "is cut off or not in the format its Content-Type names")));
    }

    @ServerExceptionMapper
    public Response unavailable(BrokerUnavailableException e, UriInfo uri) {
        return Response.fromResponse(problem(503, Problem.KAFKA_UNAVAILABLE, "Event store unavailable",
                        "The feedback was not accepted because Kafka did not acknowledge it in time; retry later.", uri, null))
                .header("Retry-After", Long.toString(Math.max(1, retryAfter.toSeconds())))
                .build();
    }

    @ServerExceptionMapper
    public Response refused(ProblemException e, UriInfo uri) {
        Response.ResponseBuilder response = Response.fromResponse(
                problem(e.status(), e.type(), e.title(), e.getMessage(), uri, e.errors()));
        if (e.retryAfter() != null) {
            // Whole seconds, rounded up: a client that waits exactly this long must get through.
            response.header("Retry-After", Long.toString(Math.max(1, (e.retryAfter().toMillis() + 999) / 1000)));
        }
        if (e.status() == 401) {
            response.header("WWW-Authenticate", "Bearer, ApiKey header=\"X-API-Key\"");
        }
        return response.build();
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e, UriInfo uri) {
        if (raisedByTheMultipartParser(e)) {
            return malformedBody(uri);
        }
        LOG.error("Unexpected failure on " + uri.getPath(), e);
        return problem(500, Problem.GENERIC, "Internal Server Error", "Unexpected failure; it has been logged.", uri, null);
    }

    /**
     * Whether RESTEasy Reactive's multipart parser threw this while it read the body, before any
     * resource ran. Why by the throwing frame and not by type: for a malformed body the parser throws
     * whatever its step met (an {@code IOException} for a body cut off before its closing boundary, its
     * own {@code MalformedMessageException}, an {@code IllegalArgumentException}
     * for a part's Content-Type that is not a media type or for bad base64, a {@code RuntimeException}
     * around an unknown part charset, {@code StringIndexOutOfBoundsException} for an unclosed quote,
     * "Param limit of 1000 was exceeded"), all of them the client's fault. The first frame outside
     * the JDK, the Jakarta API and RESTEasy's shared header utilities decides, so a failure inside a resource, whose
     * stack may still hold parser frames further down, stays a 500.
     */
    static boolean raisedByTheMultipartParser(Throwable e) {
        for (StackTraceElement frame : e.getStackTrace()) {
            String type = frame.getClassName();
            if (type.startsWith("java.") || type.startsWith("jdk.") || type.startsWith("sun.") || type.startsWith("jakarta.")
                    || type.startsWith("org.jboss.resteasy.reactive.common.")) {
                continue;
            }
            return type.startsWith("org.jboss.resteasy.reactive.server.core.multipart.");
        }
        return false;
    }

    private static Response jsonProblem(JsonProcessingException e, UriInfo uri) {
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = pathOf(mapping.getPath());
            String message = e instanceof InvalidFormatException invalid
                    ? "must be a valid " + describe(invalid.getTargetType())
                    : e instanceof MismatchedInputException mismatched && mismatched.getTargetType() != null
                    ? "must be a " + describe(mismatched.getTargetType())
                    : "has an invalid value";
            return problem(400, Problem.VALIDATION, "Invalid request", "Invalid field(s): " + field, uri,
                    List.of(new Problem.FieldError(field, message)));
        }
        // Syntax errors: no field to name. The original message locates the error (line, column)
        // without echoing the body back.
        return problem(400, Problem.MALFORMED_JSON, "Malformed JSON", "The body is not valid JSON: " + e.getOriginalMessage(),
                uri, null);
    }

    /** The field a Jackson mapping error is about, with a message saying what was expected. */
    public static Problem.FieldError fieldErrorOf(JsonMappingException e) {
        String field = e.getPath().isEmpty() ? "item" : pathOf(e.getPath());
        String message = e instanceof InvalidFormatException invalid
                ? "must be a valid " + describe(invalid.getTargetType())
                : e instanceof MismatchedInputException mismatched && mismatched.getTargetType() != null
                ? "must be a " + describe(mismatched.getTargetType())
                : "has an invalid value";
        return new Problem.FieldError(field, message);
    }

    private static String describe(Class<?> type) {
        if (type == null) {
            return "value";
        }
        if (type.isEnum()) {
            List<String> names = new ArrayList<>();
            for (Object constant : type.getEnumConstants()) {
                names.add(((Enum<?>) constant).name());
            }
            return "value, one of " + names;
        }
        return switch (type.getSimpleName()) {
            case "Integer", "int", "Long", "long" -> "integer";
            case "Instant" -> "ISO-8601 timestamp, e.g. 2025-01-31T09:30:00Z";
            case "String" -> "string";
            default -> type.getSimpleName();
        };
    }

    private static String pathOf(List<JsonMappingException.Reference> path) {
        StringBuilder field = new StringBuilder();
        for (JsonMappingException.Reference ref : path) {
            if (ref.getFieldName() != null) {
                if (!field.isEmpty()) {
                    field.append('.');
                }
                field.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                field.append('[').append(ref.getIndex()).append(']');
            }
        }
        return field.isEmpty() ? "body" : field.toString();
    }

    /**
     * The property path below the validated method parameter: {@code submit.body.text} becomes
     * {@code text}; a violation on the parameter itself (a missing body, a bad path parameter) is
     * named after the parameter.
     */
    static String fieldOf(ConstraintViolation<?> violation) {
        List<String> below = new ArrayList<>();
        String parameter = null;
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.METHOD || node.getKind() == ElementKind.CONSTRUCTOR) {
                continue;
            }
            if (node.getKind() == ElementKind.PARAMETER) {
                parameter = node.getName();
                continue;
            }
            if (node.getName() != null) {
                below.add(node.getName());
            }
        }
        if (!below.isEmpty()) {
            return String.join(".", below);
        }
        return parameter != null ? parameter : "body";
    }

    private static Response problem(int status, String type, String title, String detail, UriInfo uri,
                                     List<Problem.FieldError> errors) {
        return Response.status(status)
                .type(Problem.MEDIA_TYPE)
                .entity(new Problem(type, title, status, detail, uri.getPath(), errors))
                .build();
    }
}
