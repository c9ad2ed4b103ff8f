package dev.hypercare.ingest.feedback;

import dev.hypercare.http.Problem;
import dev.hypercare.ingest.idempotency.FeedbackView;
import dev.hypercare.ingest.problem.ProblemException;
import dev.hypercare.ingest.security.RequiresScope;
import dev.hypercare.ingest.security.Scope;
import io.smallrye.mutiny.Uni;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.util.Locale;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/**
 * {@code GET /api/v1/feedback/{id}}: the resource the {@code Location} of every accepted item names, so that the link
 * a client is handed answers. Read from the {@link FeedbackView} (the ids on {@code hypercare.feedback.raw} and their
 * lifecycle), like the lifecycle endpoint's 404 and 409: an id another replica accepted a moment ago is waited for
 * briefly, and the view is eventually consistent across replicas.
 */
@Path(FeedbackStatusResource.PATH)
public class FeedbackStatusResource {

    public static final String PATH = FeedbackResource.PATH + "/{id}";

    private final FeedbackView view;
    private final Duration unknownWait;
    private final Duration retryAfter;

    public FeedbackStatusResource(FeedbackView view,
                                  @ConfigProperty(name = "hypercare.ingest.lifecycle.unknown-wait", defaultValue = "2S") Duration unknownWait,
                                  @ConfigProperty(name = "hypercare.ingest.retry-after", defaultValue = "5S") Duration retryAfter) {
        this.view = view;
        this.unknownWait = unknownWait;
        this.retryAfter = retryAfter;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RequiresScope(Scope.SUBMIT)
    @SecurityRequirement(name = "apiKey")
    @Operation(summary = "The status of one accepted feedback item",
            description = "RECEIVED until a lifecycle event arrives, then the last event's type. The triage decision is "
                    + "served by the triage-service: GET :8081/api/v1/triage/{id}.")
    @APIResponse(responseCode = "200", description = "The item is known",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = FeedbackStatus.class)))
    @APIResponse(responseCode = "400", description = "The id is not a UUID",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No feedback with this id (or none this instance still remembers)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "This instance is still reading which feedback exists; retry after the Retry-After delay",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<FeedbackStatus> status(@PathParam("id") @Pattern(regexp = FeedbackResource.ID_PATTERN, message = "must be a UUID") String id) {
        String feedbackId = id.toLowerCase(Locale.ROOT);
        return view.await(feedbackId, unknownWait).map(item -> {
            if (item.isEmpty()) {
                if (!view.caughtUp()) {
                    throw ProblemException.feedbackViewCatchingUp(retryAfter);
                }
                throw ProblemException.unknownFeedback("No feedback with id " + feedbackId + " was received"
                        + (view.complete() ? "." : ", or it is older than the ids this instance keeps."));
            }
            FeedbackView.Item known = item.get();
            return new FeedbackStatus(feedbackId, known.receivedAt(),
                    known.status() == null ? FeedbackStatus.RECEIVED : known.status().name());
        });
    }
}
