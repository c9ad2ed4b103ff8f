package dev.hypercare.ingest.kafka;

import dev.hypercare.kafka.Topic;
import org.apache.kafka.common.serialization.Serde;

/**
 * Kafka value serializer that writes each record with the value serde the topic registry declares for the destination
 * topic: exactly what the consumers read back with {@code Topics.X.valueSerde()} (hypercare-model's {@code Json}:
 * ISO-8601 instants, nulls left out), never whatever Quarkus' own ObjectMapper happens to be configured with.
 */
public class RegistryValueSerializer extends RegistrySerializer {

    @Override
    Serde<?> serdeOf(Topic<?, ?> topic) {
        return topic.valueSerde();
    }
}
