package dev.hypercare.ingest.intake;

import dev.hypercare.http.Problem;
import dev.hypercare.ingest.feedback.BatchAccepted;
import dev.hypercare.ingest.feedback.BatchItemResult;
import dev.hypercare.ingest.feedback.FeedbackSubmission;
import dev.hypercare.ingest.problem.ProblemException;
import dev.hypercare.ingest.security.ApiKeyFilter;
import dev.hypercare.ingest.security.Caller;
import dev.hypercare.ingest.security.CurrentCaller;
import dev.hypercare.ingest.security.RateLimiter;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The one step every feedback channel ends in, after it has mapped its own input onto a
 * {@link FeedbackSubmission}: check -> {@link FeedbackIntake#submit publish} -> answer.
 *
 * <p>Rules, the same on every channel:
 * <ul>
 *   <li>the submission is validated against {@link FeedbackSubmission}'s bounds; every field at fault
 *       is named in the client's own vocabulary ({@link FieldNames}: {@code comments} for the minimal
 *       shape, {@code data.text} for a CloudEvent, ...) in one 400 problem;</li>
 *   <li>a caller may only submit as its own app (403 naming the source-app field);</li>
 *   <li>success is answered only after the broker's ack, with {@code Idempotent-Replayed: true} when
 *       the request was a replay; a missing ack fails the Uni (503 via the problem mappers).</li>
 * </ul>
 * Batches use {@link #errors} per item instead of {@link #accept}, so one bad item does not sink the
 * others, and {@link #batch} to publish the valid items together and answer: 200 when every item has
 * a definitive result, 503 with Retry-After and the same per-item body when Kafka did not acknowledge some.
 */
@ApplicationScoped
public class IntakeStep {

    public static final String REPLAYED = "Idempotent-Replayed";

    /** How a channel names {@link FeedbackSubmission}'s fields to its clients. */
    @FunctionalInterface
    public interface FieldNames extends UnaryOperator<String> {
        FieldNames AS_IS = field -> field;

        static FieldNames prefixed(String prefix) {
            return field -> prefix + field;
        }
    }

    private final FeedbackIntake intake;
    private final Validator validator;
    private final CurrentCaller caller;
    private final Duration retryAfter;
    private final RateLimiter rateLimiter;

    public IntakeStep(FeedbackIntake intake, Validator validator, CurrentCaller caller, RateLimiter rateLimiter,
                      @ConfigProperty(name = "hypercare.ingest.retry-after", defaultValue = "5S") Duration retryAfter) {
        this.intake = intake;
        this.validator = validator;
        this.caller = caller;
        this.rateLimiter = rateLimiter;
        this.retryAfter = retryAfter;
    }

    /**
     * A batch of N items counts as N against the caller's rate limit: the request itself was admitted
     * by the key filter (one token), the other N - 1 are charged here, as a debt the key's next
     * requests wait out (429 with Retry-After). Callers without a key (auth off) are not limited.
     */
    public void chargeBatch(int items) {
        Caller who = caller.get();
        if (who.key() != null && items > 1) {
            rateLimiter.charge(ApiKeyFilter.bucketOf(who.key()), who.key().ratePerSecond(), items - 1);
        }
    }

    /**
     * Checks, publishes and answers one submission.
     *
     * @param answer the channel's success answer (status, body, Location) for the acknowledged item
     */
    public Uni<Response> accept(FeedbackSubmission submission, String scope, String idempotencyKey, FieldNames names,
                                Function<FeedbackIntake.Accepted, Response.ResponseBuilder> answer) {
        List<Problem.FieldError> invalid = invalid(submission, names);
        if (!invalid.isEmpty()) {
            throw invalidFields(invalid);
        }
        Caller who = caller.get();
        if (!who.maySubmitAs(submission.sourceApp().strip())) {
            throw new ProblemException(403, ProblemException.FORBIDDEN, "Wrong source app",
                    (who.key() != null && who.key().isToken() ? "The OIDC client '" : "The API key '")
                            + who.name() + "' may only submit as '" + who.app() + "'.",
                    List.of(new Problem.FieldError(names.apply("sourceApp"), "must be the caller's app")), null);
        }
        return intake.submit(submission, scope, idempotencyKey, accepted -> {
            Response.ResponseBuilder response = answer.apply(accepted);
            if (accepted.replayed()) {
                response.header(REPLAYED, "true");
            }
            return response.build();
        });
    }

    /** What is wrong with one item of a batch for this caller, empty when it may be submitted. */
    public List<Problem.FieldError> errors(FeedbackSubmission submission, Caller who, FieldNames names) {
        List<Problem.FieldError> invalid = invalid(submission, names);
        if (invalid.isEmpty() && !who.maySubmitAs(submission.sourceApp().strip())) {
            return List.of(new Problem.FieldError(names.apply("sourceApp"), "must be the API key's app"));
        }
        return invalid;
    }

    /** A batch item that {@link #errors} found valid, at its index in the request. */
    public record BatchItem(int index, FeedbackSubmission submission, String scope, String idempotencyKey) {
    }

    /**
     * Publishes a batch's valid items together and answers the whole batch: {@code results} holds the
     * REJECTED items at their indices, the valid ones get ACCEPTED, DUPLICATE or, when Kafka did not
     * acknowledge them, FAILED (a nack makes its item FAILED, not the batch). 200 when every item has a
     * definitive result, else 503 with Retry-After and the same per-item body.
     */
    public Uni<Response> batch(BatchItemResult[] results, List<BatchItem> valid) {
        if (valid.isEmpty()) {
            return Uni.createFrom().item(answer(results));
        }
        List<FeedbackIntake.Pending> pending = new ArrayList<>(valid.size());
        for (BatchItem item : valid) {
            pending.add(new FeedbackIntake.Pending(item.submission(), item.scope(), item.idempotencyKey()));
        }
        return intake.submitAll(pending).map(outcomes -> {
            for (int i = 0; i < outcomes.size(); i++) {
                int index = valid.get(i).index();
                FeedbackIntake.Accepted a = outcomes.get(i);
                results[index] = a == null ? new BatchItemResult(index, BatchItemResult.Status.FAILED, null, null, null)
                        : new BatchItemResult(index, a.replayed() ? BatchItemResult.Status.DUPLICATE : BatchItemResult.Status.ACCEPTED,
                        a.feedbackId(), a.receivedAt(), null);
            }
            return answer(results);
        });
    }

    private Response answer(BatchItemResult[] results) {
        BatchAccepted answer = BatchAccepted.of(Arrays.asList(results));
        if (answer.failed() > 0) {
            return Response.status(503).entity(answer).type(MediaType.APPLICATION_JSON)
                    .header("Retry-After", Long.toString(Math.max(1, retryAfter.toSeconds()))).build();
        }
        return Response.ok(answer).build();
    }

    private List<Problem.FieldError> invalid(FeedbackSubmission submission, FieldNames names) {
        if (certainlyValid(submission)) {
            return List.of();
        }
        var violations = validator.validate(submission);
        if (violations.isEmpty()) {
            return List.of();
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        for (ConstraintViolation<FeedbackSubmission> v : violations) {
            errors.add(new Problem.FieldError(names.apply(v.getPropertyPath().toString()), v.getMessage()));
        }
        errors.sort(Comparator.comparing(Problem.FieldError::field).thenComparing(Problem.FieldError::message));
        return errors;
    }

    /**
     * {@link FeedbackSubmission}'s constraints checked by hand, true only when none is violated: then the
     * Validator (about 4 % of the CPU per single event in the JFR profile: metadata look-ups, a
     * traversable-resolver cache and a path per property) need not run. When this says false the
     * Validator runs and its violations, with their messages, are the answer, so the messages stay the
     * framework's. It may leave a valid submission to the Validator, never pass an invalid one:
     * {@code @Size} counts chars, {@code @PositiveOrZero} is {@code >= 0} (null passes), and
     * {@code @NotBlank} is taken as certain only with a visible ASCII character. {@code IntakeStepTest} holds this to the Validator on boundary cases and fails
     * when a constraint is added to FeedbackSubmission that this does not know.
     */
    static boolean certainlyValid(FeedbackSubmission s) {
        return notBlank(s.sourceApp(), FeedbackSubmission.MAX_NAME) && noKeySeparator(s.sourceApp())
                && notBlank(s.release(), FeedbackSubmission.MAX_NAME) && noKeySeparator(s.release())
                && notBlank(s.text(), FeedbackSubmission.MAX_TEXT)
                && fits(s.title(), FeedbackSubmission.MAX_TITLE)
                && fits(s.component(), FeedbackSubmission.MAX_NAME) && noKeySeparator(s.component())
                && fits(s.reporter(), FeedbackSubmission.MAX_NAME)
                && fits(s.clientId(), FeedbackSubmission.MAX_NAME)
                && (s.affectedUsers() == null || s.affectedUsers() >= 0);
    }

    /** {@code @Pattern("[^|]*")}: null passes, as for the Validator. */
    private static boolean noKeySeparator(String value) {
        return value == null || value.indexOf('|') < 0;
    }

    /**
     * Not blank for certain: a visible ASCII character is not blank by any reading of {@code @NotBlank}
     * (trim, or Character.isWhitespace); a value without one is left to the Validator.
     */
    private static boolean notBlank(String value, int max) {
        if (value == null || value.length() > max) {
            return false;
        }
        for (int i = 0, n = value.length(); i < n; i++) {
            char c = value.charAt(i);
            if (c > ' ' && c < 0x7f) {
                return true;
            }
        }
        return false;
    }

    private static boolean fits(String value, int max) {
        return value == null || value.length() <= max;
    }

    /** The 400 problem for these fields, in the same form as the framework's own validation answer. */
    public static ProblemException invalidFields(List<Problem.FieldError> errors) {
        String fields = errors.stream().map(Problem.FieldError::field).distinct().collect(Collectors.joining(", "));
        return new ProblemException(400, Problem.VALIDATION, "Invalid request", "Invalid field(s): " + fields, errors, null);
    }
}
