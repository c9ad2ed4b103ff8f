package dev.hypercare.ingest.feedback;

import dev.hypercare.ingest.kafka.KafkaPublisher;
import dev.hypercare.http.Problem;
import dev.hypercare.model.RawFeedback;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * {@code POST /api/v1/feedback}: accepts one piece of feedback.
 *
 * <p>Rule: 202 with the new feedback id only once the record is durably in
 * {@code hypercare.feedback.raw} (the broker acknowledged it, acks=all); 503 with Retry-After
 * when it is not, so a client never holds an id for feedback that was lost.
 */
@Path(FeedbackResource.PATH)
public class FeedbackResource {

    public static final String PATH = "/api/v1/feedback";

    private final KafkaPublisher publisher;
    private final Clock clock;

    public FeedbackResource(KafkaPublisher publisher, Clock clock) {
        this.publisher = publisher;
        this.clock = clock;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Submit one piece of feedback",
            description = "Answers 202 once the feedback is durably in Kafka; 503 with Retry-After when Kafka is unavailable.")
    @APIResponse(responseCode = "202", description = "Accepted and stored in Kafka",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = FeedbackAccepted.class)))
    @APIResponse(responseCode = "400", description = "Invalid request; each field at fault is named",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "415", description = "Body is not application/json",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Kafka unavailable; retry after the Retry-After delay",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> submit(@NotNull @Valid FeedbackSubmission body) {
        // Milliseconds: the precision of Kafka record timestamps, which carry the same instant.
        Instant receivedAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        String feedbackId = UUID.randomUUID().toString();
        RawFeedback record = FeedbackMapper.toRawFeedback(body, feedbackId, receivedAt);
        return publisher.publish(record)
                .replaceWith(() -> Response.accepted(new FeedbackAccepted(feedbackId, receivedAt))
                        .location(URI.create(PATH + "/" + feedbackId))
                        .build());
    }
}
