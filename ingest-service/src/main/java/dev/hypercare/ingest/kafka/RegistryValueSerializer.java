package dev.hypercare.ingest.kafka;

import dev.hypercare.kafka.Topic;
import dev.hypercare.kafka.Topics;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka value serializer that writes each record with the value serde the topic registry declares
 * for the destination topic. The bytes are therefore exactly what the consumers read back with
 * {@code Topics.X.valueSerde()} (hypercare-model's {@code Json}: ISO-8601 instants, nulls left out),
 * and never whatever Quarkus' own ObjectMapper happens to be configured with.
 *
 * <p>A topic missing from the registry is a programming error and fails the send (the producer
 * nacks the message, the caller answers 503) rather than writing an unknown format.
 */
public class RegistryValueSerializer implements Serializer<Object> {

    /**
     * The serializer of the topic last written to. Each channel's producer has its own instance of this class and
     * writes one topic, so the registry is searched once, not per record (a stream over every topic per record was
     * about 1 % of a single event's CPU in the profile).
     */
    private volatile Resolved last;

    private record Resolved(String topic, Serializer<Object> serializer) {
    }

    @Override
    public byte[] serialize(String topic, Object data) {
        if (data == null) {
            return null;
        }
        Resolved resolved = last;
        if (resolved == null || !resolved.topic().equals(topic)) {
            resolved = new Resolved(topic, registered(topic).valueSerde().serializer());
            last = resolved;
        }
        return resolved.serializer().serialize(topic, data);
    }

    @SuppressWarnings("unchecked")
    private static Topic<?, Object> registered(String topic) {
        return (Topic<?, Object>) Topics.byName(topic)
                .orElseThrow(() -> new SerializationException("Topic " + topic + " is not in the Hypercare topic registry"));
    }
}
