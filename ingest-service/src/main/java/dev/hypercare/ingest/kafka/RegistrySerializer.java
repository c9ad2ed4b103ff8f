package dev.hypercare.ingest.kafka;

import dev.hypercare.kafka.Topic;
import dev.hypercare.kafka.Topics;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A Kafka serializer that writes with the serde the topic registry declares for the destination topic (its key serde
 * or its value serde, {@link RegistryKeySerializer} and {@link RegistryValueSerializer}), so the bytes are exactly
 * what consumers read back with {@code Topics.X.keySerde()} / {@code valueSerde()} and no serializer is named for a
 * topic anywhere but in {@link Topics}.
 *
 * <p>A topic missing from the registry is a programming error and fails the send (the producer nacks the message,
 * the caller answers 503) rather than writing an unknown format.
 */
abstract class RegistrySerializer implements Serializer<Object> {

    /**
     * The serializer of the topic last written to. Each channel's producer has its own instances and writes one topic,
     * so the registry is searched once, not per record (a stream over every topic per record was about 1 % of a single
     * event's CPU in the profile).
     */
    private volatile Resolved last;

    private record Resolved(String topic, Serializer<Object> serializer) {
    }

    /** The key or the value serde of the topic. */
    abstract Serde<?> serdeOf(Topic<?, ?> topic);

    @Override
    @SuppressWarnings("unchecked")
    public byte[] serialize(String topic, Object data) {
        if (data == null) {
            return null;
        }
        Resolved resolved = last;
        if (resolved == null || !resolved.topic().equals(topic)) {
            Topic<?, ?> registered = Topics.byName(topic)
                    .orElseThrow(() -> new SerializationException("Topic " + topic + " is not in the Hypercare topic registry"));
            resolved = new Resolved(topic, (Serializer<Object>) serdeOf(registered).serializer());
            last = resolved;
        }
        return resolved.serializer().serialize(topic, data);
    }
}
