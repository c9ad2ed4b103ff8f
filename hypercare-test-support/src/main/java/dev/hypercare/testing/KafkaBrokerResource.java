package dev.hypercare.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Quarkus test resource: points a service under {@code @QuarkusTest} at the JVM's shared
 * {@link EmbeddedKafka}. Both the Kafka connector ({@code kafka.bootstrap.servers}) and the Kafka
 * Streams extension ({@code quarkus.kafka-streams.bootstrap-servers}) are set, since each reads its
 * own key.
 */
public class KafkaBrokerResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        String bootstrap = EmbeddedKafka.shared().bootstrapServers();
        return Map.of(
                "kafka.bootstrap.servers", bootstrap,
                "quarkus.kafka-streams.bootstrap-servers", bootstrap);
    }

    @Override
    public void stop() {
        // The shared broker lives until the JVM exits: later test classes reuse it.
    }
}
