package dev.hypercare.ingest.kafka;

import dev.hypercare.model.LifecycleEvent;
import dev.hypercare.model.RawFeedback;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
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
 * <p>A record whose wait timed out may still land later (at-least-once): a client that retries
 * with the same idempotency key gets the same feedback id, so such a duplicate carries the same key.
 *
 * <p>Every raw feedback record is also a CloudEvent in Kafka binary mode: {@code ce_specversion},
 * {@code ce_id} (the feedback id), {@code ce_source} ({@code urn:hypercare:app:<sourceApp>}),
 * {@code ce_type} ({@value #FEEDBACK_EVENT_TYPE}), {@code ce_time} (receive time),
 * {@code ce_subject} (release) and {@code content-type}; written by the CloudEvents SDK's Kafka
 * binding, so any CloudEvents consumer reads the topic as events whose data is the JSON value.
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

    /** CloudEvents type of the records on hypercare.feedback.raw. */
    public static final String FEEDBACK_EVENT_TYPE = "dev.hypercare.feedback.received.v1";

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
        return send(feedback, record.feedbackId(), record, record.receivedAt(), cloudEventHeaders(record));
    }

    /** The {@code ce_*} headers of the Kafka protocol binding (binary mode) for this record. */
    static Headers cloudEventHeaders(RawFeedback record) {
        CloudEvent event = CloudEventBuilder.v1()
                .withId(record.feedbackId())
                .withSource(URI.create("urn:hypercare:app:" + URLEncoder.encode(record.sourceApp(), StandardCharsets.UTF_8)))
                .withType(FEEDBACK_EVENT_TYPE)
                .withTime(record.receivedAt().atOffset(ZoneOffset.UTC))
                .withSubject(record.release())
                .withDataContentType("application/json")
                .build();
        // The SDK writes the headers; the value stays the registry's JSON, written by our serializer.
        return new RecordHeaders(KafkaMessageFactory.createWriter(RAW_TOPIC, record.feedbackId())
                .writeBinary(event).headers().toArray());
    }

    private static final String RAW_TOPIC = dev.hypercare.kafka.Topics.FEEDBACK_RAW.name();

    /** Publishes a lifecycle event keyed by the feedback id it is about; completes on the broker's ack. */
    public Uni<Void> publish(LifecycleEvent event) {
        return send(lifecycle, event.feedbackId(), event, event.receivedAt(), null);
    }

    private <T> Uni<Void> send(MutinyEmitter<T> emitter, String key, T value, Instant receivedAt, Headers headers) {
        // The record timestamp is the receive time, so the stream time downstream services see
        // is Hypercare's clock, never a client's.
        var metadata = OutgoingKafkaRecordMetadata.<String>builder().withKey(key).withTimestamp(receivedAt);
        if (headers != null) {
            metadata.withHeaders(headers);
        }
        Message<T> message = Message.of(value).addMetadata(metadata.build());
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
