package dev.hypercare.ingest.kafka;

import dev.hypercare.kafka.Topic;
import org.apache.kafka.common.serialization.Serde;

/**
 * Kafka key serializer that writes each key with the key serde the topic registry declares for the destination topic,
 * as {@link RegistryValueSerializer} does for values: the channels then name no serializer class of their own
 * (a {@code StringSerializer} named in configuration would silently disagree with the registry if a key type changed).
 */
public class RegistryKeySerializer extends RegistrySerializer {

    @Override
    Serde<?> serdeOf(Topic<?, ?> topic) {
        return topic.keySerde();
    }
}
