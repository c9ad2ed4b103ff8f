package dev.hypercare.ingest.support;

import dev.hypercare.kafka.Topics;
import dev.hypercare.model.FeedbackChannel;
import dev.hypercare.model.RawFeedback;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes feedback to {@code hypercare.feedback.raw} the way another replica of the ingest-service would: straight to
 * the topic, so this service learns of it only when its feedback view reads it back.
 */
public final class OtherReplica {

    private OtherReplica() {
    }

    /** Publishes one item and waits for the broker's ack; answers its feedback id. */
    public static String accepted(String bootstrapServers, String text) {
        return accepted(bootstrapServers, UUID.randomUUID().toString(), text);
    }

    /** {@link #accepted(String, String)} under an id chosen by the caller. */
    public static String accepted(String bootstrapServers, String feedbackId, String text) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        RawFeedback record = new RawFeedback(RawFeedback.SCHEMA_VERSION, feedbackId, now, "shop-web", "2.4.0", FeedbackChannel.API, null, text,
                null, null, null, null, null);
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all"), Topics.FEEDBACK_RAW.keySerde().serializer(), Topics.FEEDBACK_RAW.valueSerde().serializer())) {
            producer.send(new ProducerRecord<>(Topics.FEEDBACK_RAW.name(), null, now.toEpochMilli(), feedbackId, record)).get();
        } catch (Exception e) {
            throw new IllegalStateException("could not publish as another replica", e);
        }
        return feedbackId;
    }
}
