package dev.hypercare.ingest.feedback;

import dev.hypercare.http.Problem;
import dev.hypercare.ingest.intake.FeedbackIntake;
import dev.hypercare.ingest.problem.ProblemException;
import dev.hypercare.ingest.security.CurrentCaller;
import dev.hypercare.ingest.security.RequiresScope;
import dev.hypercare.ingest.security.Scope;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/**
 * {@code POST /api/v1/feedback}: accepts one piece of feedback.
 *
 * <p>Rule: 202 with the feedback id only once the record is durably in
 * {@code hypercare.feedback.raw} (the broker acknowledged it, acks=all); 503 with Retry-After
 * when it is not, so a client never holds an id for feedback that was lost. A retry with the same
 * {@code Idempotency-Key} header (or, without the header, the same {@code clientId}) answers the
 * same id and publishes nothing new ({@code Idempotent-Replayed: true}). A key may only submit
 * as its own app (403 otherwise).
 */
@Path(FeedbackResource.PATH)
public class FeedbackResource {

    public static final String PATH = "/api/v1/feedback";
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    public static final String REPLAYED = "Idempotent-Replayed";

    private final FeedbackIntake intake;
    private final CurrentCaller caller;

    public FeedbackResource(FeedbackIntake intake, CurrentCaller caller) {
        this.intake = intake;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RequiresScope(Scope.SUBMIT)
    @SecurityRequirement(name = "apiKey")
    @Operation(summary = "Submit one piece of feedback",
            description = "Answers 202 once the feedback is durably in Kafka; 503 with Retry-After when Kafka is unavailable. "
                    + "Free text is scrubbed of contacts and secrets; the reporter is encrypted.")
    @APIResponse(responseCode = "202", description = "Accepted and stored in Kafka (or a replay of an earlier accepted request)",
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
    @APIResponse(responseCode = "503", description = "Kafka unavailable; retry after the Retry-After delay",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> submit(
            @Parameter(description = "Client-chosen key (max 200 chars); a repeat returns the same feedback id")
            @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey,
            @NotNull @Valid FeedbackSubmission body) {
        if (idempotencyKey != null && idempotencyKey.length() > FeedbackSubmission.MAX_NAME) {
            throw ProblemException.invalidField(IDEMPOTENCY_KEY, "size must be between 1 and " + FeedbackSubmission.MAX_NAME);
        }
        if (!caller.get().maySubmitAs(body.sourceApp().strip())) {
            throw new ProblemException(403, ProblemException.FORBIDDEN, "Wrong source app",
                    "The API key '" + caller.get().name() + "' may only submit as '" + caller.get().app() + "'.",
                    java.util.List.of(new Problem.FieldError("sourceApp", "must be the API key's app")), null);
        }
        String key = idempotencyKey != null && !idempotencyKey.isBlank() ? idempotencyKey : body.clientId();
        return intake.submit(body, scopeOf(body.sourceApp()), key)
                .map(accepted -> {
                    Response.ResponseBuilder response = Response.accepted(new FeedbackAccepted(accepted.feedbackId(), accepted.receivedAt()))
                            .location(URI.create(PATH + "/" + accepted.feedbackId()));
                    if (accepted.replayed()) {
                        response.header(REPLAYED, "true");
                    }
                    return response.build();
                });
    }

    /** The idempotency key space of an app's JSON submissions (single and batch share it). */
    public static String scopeOf(String sourceApp) {
        return "app:" + sourceApp.strip();
    }
}
