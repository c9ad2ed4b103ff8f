package dev.hypercare.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serde;

/**
 * A topic with everything needed to create it and to read or write it: name, serdes, partitions,
 * cleanup policy and retention. Declared once in {@link Topics}.
 *
 * @param retention how long records are kept; {@code null} keeps them forever (compacted topics)
 */
public record Topic<K, V>(
        String name,
        Serde<K> keySerde,
        Serde<V> valueSerde,
        int partitions,
        Cleanup cleanup,
        Duration retention,
        String description) {

    public enum Cleanup {
        DELETE("delete"),
        COMPACT("compact");

        private final String policy;

        Cleanup(String policy) {
            this.policy = policy;
        }

        public String policy() {
            return policy;
        }
    }

    public boolean compacted() {
        return cleanup == Cleanup.COMPACT;
    }

    /** The topic-level configs the topic is created with (what docker-compose and Strimzi set too). */
    public Map<String, String> configs() {
        Map<String, String> configs = new HashMap<>();
        configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, cleanup.policy());
        configs.put(TopicConfig.RETENTION_MS_CONFIG, retention == null ? "-1" : Long.toString(retention.toMillis()));
        return configs;
    }
}
