package dev.hypercare.ingest.problem;

import dev.hypercare.http.Problem;
import java.time.Duration;
import java.util.List;

/**
 * A request refused for a reason the client can act on, answered as problem+json by
 * {@link ProblemMappers} with this status, type and (for 429/503) Retry-After.
 */
public class ProblemException extends RuntimeException {

    public static final String UNAUTHORIZED = "urn:hypercare:problem:unauthorized";
    public static final String FORBIDDEN = "urn:hypercare:problem:forbidden";
    public static final String RATE_LIMITED = "urn:hypercare:problem:rate-limited";
    public static final String UNKNOWN_FEEDBACK = "urn:hypercare:problem:unknown-feedback";
    public static final String INVALID_TRANSITION = "urn:hypercare:problem:invalid-transition";
    public static final String INVALID_SIGNATURE = "urn:hypercare:problem:invalid-signature";
    public static final String INVALID_CLOUDEVENT = "urn:hypercare:problem:invalid-cloudevent";
    public static final String CHANNEL_DISABLED = "urn:hypercare:problem:channel-disabled";
    public static final String NOT_READY = "urn:hypercare:problem:not-ready";
    public static final String INVALID_ENCODING = "urn:hypercare:problem:invalid-encoding";
    public static final String MALFORMED_BODY = "urn:hypercare:problem:malformed-body";

    private final int status;
    private final String type;
    private final String title;
    private final List<Problem.FieldError> errors;
    private final Duration retryAfter;

    public ProblemException(int status, String type, String title, String detail, List<Problem.FieldError> errors,
                            Duration retryAfter) {
        super(detail);
        this.status = status;
        this.type = type;
        this.title = title;
        this.errors = errors;
        this.retryAfter = retryAfter;
    }

    public ProblemException(int status, String type, String title, String detail) {
        this(status, type, title, detail, null, null);
    }

    /**
     * 503 {@code not-ready}: this instance cannot take the request now (starting, stopping), nothing was published;
     * the client retries after {@code retryAfter}.
     */
    public static ProblemException notReady(String title, String detail, Duration retryAfter) {
        return new ProblemException(503, NOT_READY, title, detail, null, retryAfter);
    }

    /**
     * 503 {@code not-ready} for a request about an existing item while this instance's feedback view is still reading
     * the raw topic: absence from the view proves nothing yet.
     */
    public static ProblemException feedbackViewCatchingUp(Duration retryAfter) {
        return notReady("Not ready", "This instance is still reading which feedback exists; retry shortly.", retryAfter);
    }

    /** 404 {@code unknown-feedback}: the path's id names no feedback this instance knows of. */
    public static ProblemException unknownFeedback(String detail) {
        return new ProblemException(404, UNKNOWN_FEEDBACK, "Unknown feedback", detail,
                List.of(new Problem.FieldError("id", "names no received feedback")), null);
    }

    public static ProblemException invalidField(String field, String message) {
        return new ProblemException(400, Problem.VALIDATION, "Invalid request", "Invalid field(s): " + field,
                List.of(new Problem.FieldError(field, message)), null);
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
