package dev.hypercare.ingest.intake;

import dev.hypercare.ingest.feedback.FeedbackMapper;
import dev.hypercare.ingest.feedback.FeedbackSubmission;
import dev.hypercare.ingest.idempotency.DeterministicIds;
import dev.hypercare.ingest.idempotency.FeedbackView;
import dev.hypercare.ingest.kafka.BrokerUnavailableException;
import dev.hypercare.ingest.kafka.KafkaPublisher;
import dev.hypercare.ingest.metrics.IngestMetrics;
import dev.hypercare.ingest.privacy.ReporterCipher;
import dev.hypercare.ingest.privacy.TextScrubber;
import dev.hypercare.ingest.problem.ProblemException;
import dev.hypercare.model.FeedbackChannel;
import dev.hypercare.model.RawFeedback;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The one path every channel's feedback takes into Kafka: id, privacy, replay detection, publish.
 *
 * <p>Rules, in order:
 * <ol>
 *   <li>Nothing new once the process is stopping ({@link ShutdownGate}): 503.</li>
 *   <li>With an idempotency key the feedback id is {@link DeterministicIds derived} from
 *       (scope, key); without one it is random.</li>
 *   <li>A key whose id this replica's {@link FeedbackView} already holds is a replay: the original
 *       id and receive time are answered and nothing is published. A repeat that arrives while the
 *       original is still waiting for its ack joins that wait instead of publishing again.</li>
 *   <li>A key the view does not hold while it is still reading the raw topic (just after a start)
 *       is not published: the original may be in the part not read yet (the retry of a request that
 *       a crash cut off before its answer). The caller gets 503 with Retry-After; unkeyed
 *       feedback needs no view and is accepted meanwhile.</li>
 *   <li>Title and text are {@link TextScrubber scrubbed}; the reporter becomes an
 *       {@link ReporterCipher encrypted envelope} bound to the feedback id.</li>
 *   <li>Success only after the broker's ack; then the id enters the view.</li>
 * </ol>
 * Guarantee: the same key always maps to the same id, on any replica. No second record is
 * published once the original is in this replica's view (at once on the replica that accepted it,
 * within the view's poll interval elsewhere, and after restarts for as long as the raw topic keeps
 * it). In the remaining race (two replicas within ~100 ms, or a 503 whose record landed after all)
 * a second record with the same id can be written; downstream dedup by feedback id absorbs it.
 */
@ApplicationScoped
public class FeedbackIntake {

    /** The outcome: the id to quote, the receive time, and whether this was a replay of an earlier request. */
    public record Accepted(String feedbackId, Instant receivedAt, boolean replayed) {
    }

    private final KafkaPublisher publisher;
    private final FeedbackView view;
    private final ReporterCipher cipher;
    private final IngestMetrics metrics;
    private final Clock clock;
    private final Duration retryAfter;
    private final ShutdownGate gate;
    private final ConcurrentMap<String, Uni<Accepted>> inFlight = new ConcurrentHashMap<>();

    public FeedbackIntake(KafkaPublisher publisher, FeedbackView view, ReporterCipher cipher, IngestMetrics metrics, Clock clock,
                          @ConfigProperty(name = "hypercare.ingest.retry-after", defaultValue = "5S") Duration retryAfter,
                          ShutdownGate gate) {
        this.publisher = publisher;
        this.view = view;
        this.cipher = cipher;
        this.metrics = metrics;
        this.clock = clock;
        this.retryAfter = retryAfter;
        this.gate = gate;
    }

    /**
     * Accepts one validated submission and answers {@code then} of the outcome. Without a key the answer is made in
     * the publish's own operator: one Mutiny operator (and context capture) less per single event than a
     * {@code map(then)} after it.
     *
     * @param idempotencyScope whose key space the key belongs to (e.g. {@code app:shop-web})
     * @param idempotencyKey   the client's key, or null for none
     */
    public <R> Uni<R> submit(FeedbackSubmission submission, String idempotencyScope, String idempotencyKey,
                             Function<Accepted, R> then) {
        if (gate.isClosed()) {
            return Uni.createFrom().failure(gate.stopping());
        }
        FeedbackChannel channel = submission.channel() == null ? FeedbackChannel.API : submission.channel();
        if (idempotencyKey == null || idempotencyKey.isBlank()) {
            return publish(submission, channel, UUID.randomUUID().toString(), then);
        }
        return keyed(submission, channel, idempotencyScope, idempotencyKey).map(then);
    }

    private Uni<Accepted> keyed(FeedbackSubmission submission, FeedbackChannel channel, String idempotencyScope, String idempotencyKey) {
        String feedbackId = DeterministicIds.feedbackId(idempotencyScope, idempotencyKey.strip());
        var known = view.find(feedbackId);
        if (known.isPresent()) {
            metrics.rejected(channelName(channel), "duplicate");
            return Uni.createFrom().item(new Accepted(feedbackId, known.get().receivedAt(), true));
        }
        if (!view.caughtUp()) {
            return Uni.createFrom().failure(notReady()); // counted as unavailable by the metrics filter, as every 503
        }
        Uni<Accepted> mine = publish(submission, channel, feedbackId, Function.identity())
                .eventually(() -> {
                    inFlight.remove(feedbackId); // a block, not an expression: the Runnable overload
                })
                .memoize().indefinitely();
        Uni<Accepted> first = inFlight.putIfAbsent(feedbackId, mine);
        if (first != null) {
            metrics.rejected(channelName(channel), "duplicate");
            return first.map(a -> new Accepted(a.feedbackId(), a.receivedAt(), true));
        }
        // Check again now that the slot is ours: the original may have been acknowledged (and left
        // the in-flight map, after entering the view) between the first check and putIfAbsent.
        var acknowledgedMeanwhile = view.find(feedbackId);
        if (acknowledgedMeanwhile.isPresent()) {
            inFlight.remove(feedbackId, mine);
            metrics.rejected(channelName(channel), "duplicate");
            return Uni.createFrom().item(new Accepted(feedbackId, acknowledgedMeanwhile.get().receivedAt(), true));
        }
        return mine;
    }

    /** One item of {@link #submitAll}: a validated submission with its key space and key (null: none). */
    public record Pending(FeedbackSubmission submission, String idempotencyScope, String idempotencyKey) {
    }

    /**
     * Accepts validated submissions together (a batch): the same rules as {@link #submit} per item, but
     * the items to publish are sent together and their acks awaited together, the view and the
     * metrics updated once for all. Element i of the answer is item i's outcome, or null when Kafka
     * did not acknowledge it (the Uni itself does not fail for that: the others may be durable).
     */
    public Uni<List<Accepted>> submitAll(List<Pending> items) {
        int n = items.size();
        Accepted[] answers = new Accepted[n];
        if (gate.isClosed()) {
            // Stopping (ShutdownGate): nothing published, every item without an outcome, so the batch answers 503 with
            // each item FAILED, as when Kafka did not acknowledge them.
            return Uni.createFrom().item(Arrays.asList(answers));
        }
        // Milliseconds: the precision of Kafka record timestamps. One receive time for the whole request.
        Instant receivedAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        List<RawFeedback> records = new ArrayList<>(n);
        int[] slotOf = new int[n];
        // Keyed items hold their id's in-flight slot (as submit does) until the ack: a concurrent repeat,
        // in this batch or another request, waits for it instead of publishing again.
        List<CompletableFuture<Accepted>> claims = new ArrayList<>(n);
        List<Uni<Accepted>> claimSlots = new ArrayList<>(n);
        int[] joinedIndex = new int[n];
        List<Uni<Accepted>> joined = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Pending item = items.get(i);
            FeedbackChannel channel = channelOf(item.submission());
            String key = item.idempotencyKey();
            if (key == null || key.isBlank()) {
                slotOf[records.size()] = i;
                records.add(protect(item.submission(), channel, UUID.randomUUID().toString(), receivedAt));
                claims.add(null);
                claimSlots.add(null);
                continue;
            }
            String feedbackId = DeterministicIds.feedbackId(item.idempotencyScope(), key.strip());
            var known = view.find(feedbackId);
            if (known.isPresent()) {
                metrics.rejected(channelName(channel), "duplicate");
                answers[i] = new Accepted(feedbackId, known.get().receivedAt(), true);
                continue;
            }
            if (!view.caughtUp()) {
                // As for a single event: not published before the view could tell a replay. The item stays
                // without an outcome, which the batch answers as FAILED (503, retry), like an unacknowledged one.
                continue;
            }
            CompletableFuture<Accepted> claim = new CompletableFuture<>();
            // A copy per subscriber: one waiter giving up (cancelling) must not cancel the claim for the others.
            Uni<Accepted> slot = Uni.createFrom().completionStage(claim::copy);
            Uni<Accepted> first = inFlight.putIfAbsent(feedbackId, slot);
            if (first != null) {
                metrics.rejected(channelName(channel), "duplicate");
                joinedIndex[joined.size()] = i;
                joined.add(first);
                continue;
            }
            var acknowledgedMeanwhile = view.find(feedbackId);
            if (acknowledgedMeanwhile.isPresent()) {
                Accepted replay = new Accepted(feedbackId, acknowledgedMeanwhile.get().receivedAt(), true);
                inFlight.remove(feedbackId, slot);
                claim.complete(replay); // anyone who joined in between gets the replay too
                metrics.rejected(channelName(channel), "duplicate");
                answers[i] = replay;
                continue;
            }
            slotOf[records.size()] = i;
            records.add(protect(item.submission(), channel, feedbackId, receivedAt));
            claims.add(claim);
            claimSlots.add(slot);
        }
        // Memoized: the sends and their settling run to the end even if the caller goes away. RESTEasy Reactive cancels
        // the answer's Uni when the connection closes; a cancelled emitter drops its item, so settle never ran, and the
        // batch's claims stayed in flight for good: every later retry of those keys on this replica joined a claim
        // that would never complete, and waited without an answer.
        Uni<Void> published = records.isEmpty() ? Uni.createFrom().voidItem()
                : publisher.publishAll(records).invoke(failures -> settle(records, failures, slotOf, claims, claimSlots, answers))
                .replaceWithVoid().memoize().indefinitely();
        if (joined.isEmpty()) {
            return published.map(ignored -> Arrays.asList(answers));
        }
        // Repeats of keys in flight elsewhere (or earlier in this batch): their original's outcome, as a replay.
        List<Uni<Accepted>> replays = new ArrayList<>(joined.size());
        for (Uni<Accepted> original : joined) {
            replays.add(original.map(a -> new Accepted(a.feedbackId(), a.receivedAt(), true))
                    .onFailure().recoverWithNull());
        }
        return published.chain(ignored -> Uni.join().all(replays).andFailFast()).map(outcomes -> {
            for (int j = 0; j < outcomes.size(); j++) {
                answers[joinedIndex[j]] = outcomes.get(j);
            }
            return Arrays.asList(answers);
        });
    }

    private ProblemException notReady() {
        return ProblemException.notReady("Not ready",
                "This instance has not yet read from Kafka which feedback was accepted before it started, so it cannot "
                        + "tell whether this idempotency key was used already; retry shortly (if this lasts, Kafka may be "
                        + "unreachable: see /q/health/ready).", retryAfter);
    }

    /** After the acks of a batch: answers, the view and the metrics, each updated once. */
    private void settle(List<RawFeedback> records, BrokerUnavailableException[] failures, int[] slotOf,
                        List<CompletableFuture<Accepted>> claims, List<Uni<Accepted>> claimSlots, Accepted[] answers) {
        List<String> acknowledged = new ArrayList<>(records.size());
        Map<FeedbackChannel, Integer> perChannel = new EnumMap<>(FeedbackChannel.class);
        for (int k = 0; k < records.size(); k++) {
            RawFeedback record = records.get(k);
            if (failures[k] == null) {
                acknowledged.add(record.feedbackId());
                perChannel.merge(record.channel(), 1, Integer::sum);
                answers[slotOf[k]] = new Accepted(record.feedbackId(), record.receivedAt(), false);
            }
        }
        if (!acknowledged.isEmpty()) {
            view.acceptedAll(acknowledged, records.get(0).receivedAt());
        }
        perChannel.forEach((channel, count) -> metrics.accepted(channelName(channel), count));
        // Only now leave the in-flight map (the ids are in the view), then wake whoever waited on them.
        for (int k = 0; k < records.size(); k++) {
            CompletableFuture<Accepted> claim = claims.get(k);
            if (claim == null) {
                continue;
            }
            inFlight.remove(records.get(k).feedbackId(), claimSlots.get(k));
            if (failures[k] == null) {
                claim.complete(answers[slotOf[k]]);
            } else {
                claim.completeExceptionally(failures[k]);
            }
        }
    }

    private static FeedbackChannel channelOf(FeedbackSubmission submission) {
        return submission.channel() == null ? FeedbackChannel.API : submission.channel();
    }

    private <R> Uni<R> publish(FeedbackSubmission submission, FeedbackChannel channel, String feedbackId, Function<Accepted, R> then) {
        // Milliseconds: the precision of Kafka record timestamps, which carry the same instant.
        Instant receivedAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        RawFeedback record = protect(submission, channel, feedbackId, receivedAt);
        // One operator after the send, not three (publish's map, invoke, replaceWith): each Mutiny operator
        // captures and restores the request's context, a few per cent of a single event's CPU in the profile.
        return publisher.publishAll(List.of(record)).map(failures -> {
            if (failures[0] != null) {
                throw failures[0];
            }
            view.accepted(feedbackId, receivedAt);
            metrics.accepted(channelName(channel));
            return then.apply(new Accepted(feedbackId, receivedAt, false));
        });
    }

    /** The record as it may leave the service: scrubbed text, encrypted reporter. */
    RawFeedback protect(FeedbackSubmission s, FeedbackChannel channel, String feedbackId, Instant receivedAt) {
        RawFeedback plain = FeedbackMapper.toRawFeedback(s, feedbackId, receivedAt);
        return new RawFeedback(plain.schemaVersion(), plain.feedbackId(), plain.receivedAt(), plain.sourceApp(),
                plain.release(), channel,
                TextScrubber.scrub(plain.title()),
                TextScrubber.scrub(plain.text()),
                plain.component(),
                cipher.encrypt(plain.reporter(), feedbackId),
                plain.affectedUsers(), plain.clientId(), plain.clientTimestamp());
    }

    public static String channelName(FeedbackChannel channel) {
        return channel.name().toLowerCase(Locale.ROOT);
    }
}
