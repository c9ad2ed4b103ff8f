package dev.hypercare.ingest.lifecycle;

import dev.hypercare.ingest.feedback.FeedbackResource;
import dev.hypercare.ingest.http.Utf8Checked;
import dev.hypercare.ingest.idempotency.FeedbackView;
import dev.hypercare.ingest.intake.ShutdownGate;
import dev.hypercare.ingest.kafka.CallerContexts;
import dev.hypercare.ingest.kafka.KafkaPublisher;
import dev.hypercare.ingest.metrics.IngestMetrics;
import dev.hypercare.ingest.privacy.TextScrubber;
import dev.hypercare.ingest.problem.ProblemException;
import dev.hypercare.ingest.security.RequiresScope;
import dev.hypercare.ingest.security.Scope;
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
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
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
 * partition and in order. The id must be a UUID (400 otherwise) and name feedback on
 * {@code hypercare.feedback.raw} (404 otherwise, after waiting briefly for a replica that accepted
 * it a moment ago), and the event must be possible in the item's current status
 * ({@link LifecycleRules}, 409 otherwise). Both checks use the {@link FeedbackView}, which is
 * eventually consistent across replicas: two replicas may each accept a conflicting event within
 * the view's poll interval. When the view had to forget ids (its bound) an unknown id is let
 * through rather than refused. The note is scrubbed like feedback text.
 */
@Path(LifecycleEventResource.PATH)
@Utf8Checked
public class LifecycleEventResource {

    public static final String PATH = "/api/v1/feedback/{id}/events";

    private final KafkaPublisher publisher;
    private final Clock clock;
    private final FeedbackView view;
    private final IngestMetrics metrics;
    private final boolean requireKnown;
    private final Duration unknownWait;
    private final Duration retryAfter;
    private final ShutdownGate gate;

    public LifecycleEventResource(KafkaPublisher publisher, Clock clock, FeedbackView view, IngestMetrics metrics, ShutdownGate gate,
                                  @ConfigProperty(name = "hypercare.ingest.lifecycle.require-known-feedback", defaultValue = "true") boolean requireKnown,
                                  @ConfigProperty(name = "hypercare.ingest.lifecycle.unknown-wait", defaultValue = "2S") Duration unknownWait,
                                  @ConfigProperty(name = "hypercare.ingest.retry-after", defaultValue = "5S") Duration retryAfter) {
        this.publisher = publisher;
        this.clock = clock;
        this.view = view;
        this.metrics = metrics;
        this.requireKnown = requireKnown;
        this.unknownWait = unknownWait;
        this.retryAfter = retryAfter;
        this.gate = gate;
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
    @APIResponse(responseCode = "401", description = "No or unknown API key",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "The key lacks the lifecycle scope",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No feedback with this id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "Impossible in the item's current status (e.g. REOPENED an open item)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Kafka unavailable, or this instance not ready (starting or stopping); retry after the Retry-After delay",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @RequiresScope(Scope.LIFECYCLE)
    @SecurityRequirement(name = "apiKey")
    public Uni<Response> record(@PathParam("id") @Pattern(regexp = FeedbackResource.ID_PATTERN, message = "must be a UUID") String id,
                                @NotNull @Valid LifecycleEventSubmission body) {
        gate.checkOpen();
        // Canonical lower case: the key must be byte-identical to the feedback's own key.
        String feedbackId = id.toLowerCase(Locale.ROOT);
        Instant receivedAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        String eventId = UUID.randomUUID().toString();
        LifecycleEvent plain = LifecycleEventMapper.toLifecycleEvent(body, eventId, feedbackId, receivedAt);
        LifecycleEvent event = new LifecycleEvent(plain.schemaVersion(), plain.eventId(), plain.feedbackId(), plain.type(),
                plain.actor(), plain.occurredAt(), plain.receivedAt(), plain.rating(), TextScrubber.scrub(plain.note()));
        // The wait for an item this replica has not seen yet happens before the item's turn (below): N events for an
        // unknown id each wait their 2 s side by side, not one after another.
        Uni<Optional<FeedbackView.Item>> known = requireKnown ? view.await(feedbackId, unknownWait) : Uni.createFrom().item(Optional.empty());
        return known.chain(seen -> inTurn(feedbackId, () -> {
                    // Re-read: an event of the same item may have changed its status while this one waited for its turn.
                    check(feedbackId, body.type(), requireKnown ? view.find(feedbackId).or(() -> seen) : seen);
                    return publisher.publish(event).invoke(() -> {
                        view.transitioned(feedbackId, event.type(), receivedAt);
                        metrics.accepted("lifecycle");
                    });
                }))
                .replaceWith(() -> Response.accepted(new LifecycleEventAccepted(eventId, feedbackId)).build());
    }

    /**
     * Runs {@code work} when the item's previous request on this replica has finished: the check reads the status the
     * previous event left, which the view records only after that event's ack. Checked concurrently, two RESOLVED (a
     * double click, two agents) both saw an open item and both got 202. (Across replicas the view is read from Kafka:
     * docs/ingest.md says what remains.)
     * <ul>
     *   <li>Memoized: the turn ends when the work ends, even if its caller went away (RESTEasy Reactive cancels the
     *       answer when the connection closes); released at the cancellation instead, the next request would check
     *       before this one's event is in the view.</li>
     *   <li>Each waiting request resumes on its own context, not inside the previous one's completion: a queue of
     *       requests answered at once (409s) would otherwise nest one call per request on one stack.</li>
     * </ul>
     */
    private <T> Uni<T> inTurn(String feedbackId, Supplier<Uni<? extends T>> work) {
        CompletableFuture<Void> mine = new CompletableFuture<>();
        CompletableFuture<Void> previous = lanes.put(feedbackId, mine);
        Uni<Void> turn = Uni.createFrom().voidItem();
        if (previous != null) {
            turn = Uni.createFrom().completionStage(previous::copy).replaceWithVoid().emitOn(CallerContexts.current());
        }
        return turn.chain(() -> Uni.createFrom().<T>deferred(work))
                .eventually(() -> {
                    lanes.remove(feedbackId, mine); // a block, not an expression: the Runnable overload
                    mine.complete(null);
                })
                .memoize().indefinitely();
    }

    /** Per item: the completion of its latest lifecycle request on this replica, while one is in progress. */
    private final ConcurrentMap<String, CompletableFuture<Void>> lanes = new ConcurrentHashMap<>();

    private void check(String feedbackId, dev.hypercare.model.LifecycleType type, Optional<FeedbackView.Item> item) {
        if (!requireKnown) {
            return;
        }
        if (item.isEmpty()) {
            if (!view.complete()) {
                return; // the view forgot old ids: absence proves nothing, so let it through
            }
            if (!view.caughtUp()) {
                throw ProblemException.feedbackViewCatchingUp(retryAfter);
            }
            throw ProblemException.unknownFeedback("No feedback with id " + feedbackId + " was received.");
        }
        String refusal = LifecycleRules.refusal(item.get().status(), type);
        if (refusal != null) {
            throw new ProblemException(409, ProblemException.INVALID_TRANSITION, "Impossible transition",
                    "Feedback " + feedbackId + " " + refusal + ".",
                    java.util.List.of(new Problem.FieldError("type", refusal)), null);
        }
    }
}
