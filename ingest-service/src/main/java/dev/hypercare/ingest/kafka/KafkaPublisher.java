package dev.hypercare.ingest.kafka;

import dev.hypercare.model.LifecycleEvent;
import dev.hypercare.model.RawFeedback;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Publishes the ingest-service's records and completes only once the broker acknowledged them.
 *
 * <p>Rule: a caller may report success (HTTP 202) only when the returned {@link Uni} completes,
 * i.e. after the broker acknowledged the record with {@code acks=all} on an idempotent producer. Any
 * nack, emitter overflow or missing acknowledgement within {@code hypercare.ingest.ack-timeout}
 * fails the Uni with {@link BrokerUnavailableException}. The producer's own timeouts
 * ({@code max.block.ms}, {@code delivery.timeout.ms}) are set below the ack timeout, so in practice
 * the producer gives up first and the ack timeout is only the last line of defence.
 *
 * <p>A record whose wait timed out may still land later (at-least-once): the client then retries
 * and a duplicate can appear until idempotency keys exist (a later issue).
 *
 * <p>Records are keyed by feedback id so that an item's whole history stays in one partition,
 * in order. The destination topics are configured per channel in {@code application.properties}
 * ({@code mp.messaging.outgoing.<channel>.topic}) and checked against {@code Topics} by a test.
 */
@ApplicationScoped
public class KafkaPublisher {

    /** Channel carrying accepted feedback to {@code Topics.FEEDBACK_RAW}. */
    public static final String ACCEPTED_FEEDBACK = "accepted-feedback";
    /** Channel carrying lifecycle events to {@code Topics.FEEDBACK_LIFECYCLE}. */
    public static final String LIFECYCLE_EVENTS = "lifecycle-events";

    private static final Logger LOG = Logger.getLogger(KafkaPublisher.class);

    private final MutinyEmitter<RawFeedback> feedback;
    private final MutinyEmitter<LifecycleEvent> lifecycle;
    private final Duration ackTimeout;

    @Inject
    public KafkaPublisher(@Channel(ACCEPTED_FEEDBACK) MutinyEmitter<RawFeedback> feedback,
                          @Channel(LIFECYCLE_EVENTS) MutinyEmitter<LifecycleEvent> lifecycle,
                          @ConfigProperty(name = "hypercare.ingest.ack-timeout", defaultValue = "10S") Duration ackTimeout) {
        this.feedback = feedback;
        this.lifecycle = lifecycle;
        this.ackTimeout = ackTimeout;
    }

    /** Publishes accepted feedback keyed by its feedback id; completes on the broker's ack. */
    public Uni<Void> publish(RawFeedback record) {
        return send(feedback, record.feedbackId(), record, record.receivedAt());
    }

    /** Publishes a lifecycle event keyed by the feedback id it is about; completes on the broker's ack. */
    public Uni<Void> publish(LifecycleEvent event) {
        return send(lifecycle, event.feedbackId(), event, event.receivedAt());
    }

    private <T> Uni<Void> send(MutinyEmitter<T> emitter, String key, T value, Instant receivedAt) {
        // The record timestamp is the receive time, so the stream time downstream services see
        // is Hypercare's clock, never a client's.
        Message<T> message = Message.of(value).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(key)
                .withTimestamp(receivedAt)
                .build());
        // Uni.createFrom().deferred: an emitter that throws at once (overflow, channel down) must
        // fail this Uni like a nack does, not escape as an unrelated 500.
        return Uni.createFrom().deferred(() -> emitter.sendMessage(message))
                .ifNoItem().after(ackTimeout)
                .failWith(() -> new TimeoutException("no broker acknowledgement within " + ackTimeout))
                .onFailure().transform(failure -> {
                    LOG.warnf("Record %s was not acknowledged by Kafka: %s", key, failure.toString());
                    return new BrokerUnavailableException("Kafka did not acknowledge the record", failure);
                });
    }
}
