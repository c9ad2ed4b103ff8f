package dev.hypercare.ingest.lifecycle;

import dev.hypercare.ingest.kafka.KafkaPublisher;
import dev.hypercare.http.Problem;
import dev.hypercare.model.LifecycleEvent;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * {@code POST /api/v1/feedback/{id}/events}: records what happened to an item after triage.
 *
 * <p>Rule: same durability as feedback intake: 202 only after the broker acknowledged the event on
 * {@code hypercare.feedback.lifecycle}, keyed by the feedback id so the item's history stays in one
 * partition and in order. The id must be a UUID (400 otherwise). That the id names feedback that
 * was actually received is not checked yet (a later issue: it needs a view of the raw topic).
 */
@Path(LifecycleEventResource.PATH)
public class LifecycleEventResource {

    public static final String PATH = "/api/v1/feedback/{id}/events";
    private static final String UUID_PATTERN = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";

    private final KafkaPublisher publisher;
    private final Clock clock;

    public LifecycleEventResource(KafkaPublisher publisher, Clock clock) {
        this.publisher = publisher;
        this.clock = clock;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Record a lifecycle event of one feedback item",
            description = "ACKNOWLEDGED, RESPONDED, RESOLVED, REOPENED, or RATED with a rating 1..5. "
                    + "Answers 202 once the event is durably in Kafka; 503 with Retry-After when Kafka is unavailable.")
    @APIResponse(responseCode = "202", description = "Accepted and stored in Kafka",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = LifecycleEventAccepted.class)))
    @APIResponse(responseCode = "400", description = "Invalid id or body; each field at fault is named",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Kafka unavailable; retry after the Retry-After delay",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> record(@PathParam("id") @Pattern(regexp = UUID_PATTERN, message = "must be a UUID") String id,
                                @NotNull @Valid LifecycleEventSubmission body) {
        // Canonical lower case: the key must be byte-identical to the feedback's own key.
        String feedbackId = id.toLowerCase(Locale.ROOT);
        Instant receivedAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        String eventId = UUID.randomUUID().toString();
        LifecycleEvent event = LifecycleEventMapper.toLifecycleEvent(body, eventId, feedbackId, receivedAt);
        return publisher.publish(event)
                .replaceWith(() -> Response.accepted(new LifecycleEventAccepted(eventId, feedbackId)).build());
    }
}
