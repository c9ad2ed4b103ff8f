package dev.hypercare.ingest.feedback;

import dev.hypercare.http.Problem;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.hypercare.ingest.http.StrictUtf8;
import dev.hypercare.ingest.intake.IntakeStep;
import dev.hypercare.ingest.security.Caller;
import dev.hypercare.ingest.problem.ProblemException;
import dev.hypercare.ingest.security.CurrentCaller;
import dev.hypercare.ingest.security.RequiresScope;
import dev.hypercare.ingest.security.Scope;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/**
 * {@code POST /api/v1/feedback}: accepts one piece of feedback, in the native shape
 * ({@link FeedbackSubmission}) or in the {@link MinimalFeedback minimal shape} of a first script.
 *
 * <p>Rule: success only once the record is durably in {@code hypercare.feedback.raw} (the broker
 * acknowledged it, acks=all); 503 with Retry-After when it is not, so a client never holds an id for
 * feedback that was lost. The native shape is answered 202 (the contract every existing client and
 * test knows); the minimal shape is answered 200, because the scripts that send it treat only 200 as
 * success (docs/ingest.md, "The simplest client"). A retry with the same {@code Idempotency-Key}
 * header (or, without the header, the same {@code clientId}; for the minimal shape the same user,
 * time and comments) answers the same id and publishes nothing new ({@code Idempotent-Replayed:
 * true}). A key may only submit as its own app (403 otherwise).
 */
@Path(FeedbackResource.PATH)
public class FeedbackResource {

    public static final String PATH = "/api/v1/feedback";
    /** A feedback id as the paths under {@link #PATH} take it: a UUID, either case. */
    public static final String ID_PATTERN = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    public static final String REPLAYED = IntakeStep.REPLAYED;

    private final IntakeStep intake;
    private final CurrentCaller caller;
    private final ObjectMapper mapper;
    private final ObjectReader submissionReader;
    private final String minimalSourceApp;
    private final String defaultRelease;

    public FeedbackResource(IntakeStep intake, CurrentCaller caller, ObjectMapper mapper,
                            @ConfigProperty(name = "hypercare.ingest.minimal.source-app", defaultValue = "api-client") String minimalSourceApp,
                            @ConfigProperty(name = "hypercare.ingest.default-release", defaultValue = "current") String defaultRelease) {
        this.intake = intake;
        this.caller = caller;
        this.mapper = mapper;
        this.submissionReader = mapper.readerFor(FeedbackSubmission.class);
        this.minimalSourceApp = minimalSourceApp;
        this.defaultRelease = defaultRelease;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RequiresScope(Scope.SUBMIT)
    @SecurityRequirement(name = "apiKey")
    @Operation(summary = "Submit one piece of feedback (native or minimal shape)",
            description = "Native shape: answers 202 once the feedback is durably in Kafka. Minimal shape "
                    + "({\"user_id\", \"comments\", \"time_submitted\"}, app and release from the API key): answers 200 once durable. "
                    + "503 with Retry-After when Kafka is unavailable. Free text is scrubbed of contacts and secrets; the reporter is encrypted.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(oneOf = {FeedbackSubmission.class, MinimalFeedback.class})))
    @APIResponse(responseCode = "200", description = "Minimal shape: accepted and stored in Kafka (or a replay)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = FeedbackAccepted.class)))
    @APIResponse(responseCode = "202", description = "Native shape: accepted and stored in Kafka (or a replay of an earlier accepted request)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = FeedbackAccepted.class)))
    @APIResponse(responseCode = "400", description = "Invalid request; each field at fault is named",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "No or unknown API key",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "The key lacks the submit scope or belongs to another app",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = "Body over the size limit")
    @APIResponse(responseCode = "415", description = "Body is not application/json",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "429", description = "Over the key's rate limit; retry after Retry-After",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Kafka unavailable, or this instance not ready (starting: a keyed submission before it has read the raw topic; stopping); nothing was published; retry after the Retry-After delay",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> submit(
            @Parameter(description = "Client-chosen key (max 200 chars); a repeat returns the same feedback id")
            @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey,
            byte[] body) throws IOException {
        if (body != null) {
            StrictUtf8.require(body, "body"); // this resource is not @Utf8Checked: see there why
        }
        FeedbackSubmission submission = body == null || body.length == 0 ? null : nativeShape(body);
        if (submission == null) {
            return fromTree(idempotencyKey, body == null || body.length == 0 ? null : mapper.readTree(body));
        }
        checkKey(idempotencyKey);
        return nativeShape(submission, idempotencyKey != null && !idempotencyKey.isBlank() ? idempotencyKey : null);
    }

    /**
     * The body bound straight from its bytes, when it is certainly in the native shape (it names one of
     * sourceApp, release or text, so {@link MinimalFeedback#isMinimal} is false) and binds without error;
     * else null, and the tree path decides and answers as it always did. Binding from the bytes spares
     * building a tree of the body and binding it a second time.
     */
    private FeedbackSubmission nativeShape(byte[] body) {
        try {
            FeedbackSubmission s = submissionReader.readValue(body);
            return s != null && (s.sourceApp() != null || s.release() != null || s.text() != null) ? s : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static void checkKey(String idempotencyKey) {
        if (idempotencyKey != null && idempotencyKey.length() > FeedbackSubmission.MAX_NAME) {
            throw ProblemException.invalidField(IDEMPOTENCY_KEY, "size must be between 1 and " + FeedbackSubmission.MAX_NAME);
        }
    }

    /** Either shape, read as a tree: how every body was read before (the answer for every body nativeShape leaves). */
    private Uni<Response> fromTree(String idempotencyKey, JsonNode body) throws JsonProcessingException {
        if (body == null || body.isNull() || body.isMissingNode()) {
            throw ProblemException.invalidField("body", "must not be null");
        }
        checkKey(idempotencyKey);
        String headerKey = idempotencyKey != null && !idempotencyKey.isBlank() ? idempotencyKey : null;
        if (MinimalFeedback.isMinimal(body)) {
            return minimal(mapper.treeToValue(body, MinimalFeedback.class), headerKey);
        }
        return nativeShape(mapper.treeToValue(body, FeedbackSubmission.class), headerKey);
    }

    private Uni<Response> nativeShape(FeedbackSubmission submission, String headerKey) {
        String key = headerKey != null ? headerKey : submission.clientId();
        return intake.accept(submission, scopeOf(submission.sourceApp()), key, IntakeStep.FieldNames.AS_IS,
                accepted -> AcceptedAnswer.of(Response.accepted(), accepted.feedbackId(), accepted.receivedAt()));
    }

    private Uni<Response> minimal(MinimalFeedback body, String headerKey) {
        if (!body.userIdTypeOk()) {
            throw ProblemException.invalidField("user_id", "must be a string or an integer");
        }
        Caller who = caller.get();
        String app = who.app() != null ? who.app() : minimalSourceApp;
        String release = who.key() != null && who.key().release() != null ? who.key().release() : defaultRelease;
        return intake.accept(body.toSubmission(app, release), scopeOf(app), headerKey != null ? headerKey : body.contentKey(),
                MinimalFeedback.FIELDS,
                accepted -> AcceptedAnswer.of(Response.ok(), accepted.feedbackId(), accepted.receivedAt()));
    }

    /** The idempotency key space of an app's JSON submissions (single, batch and minimal share it). */
    public static String scopeOf(String sourceApp) {
        // null only for a submission that validation refuses before any key is derived
        return "app:" + (sourceApp == null ? "" : sourceApp.strip());
    }
}
