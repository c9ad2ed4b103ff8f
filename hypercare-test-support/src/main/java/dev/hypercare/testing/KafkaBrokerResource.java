package dev.hypercare.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Quarkus test resource: points a service under {@code @QuarkusTest} at the JVM's shared
 * {@link EmbeddedKafka}. Both the Kafka connector ({@code kafka.bootstrap.servers}) and the Kafka
 * Streams extension ({@code quarkus.kafka-streams.bootstrap-servers}) are set, since each reads its
 * own key.
 *
 * <p>With {@code -Dhypercare.kafka=containers} (and testcontainers-kafka on the test classpath) the
 * broker is a Testcontainers {@code apache/kafka} container instead ({@link ContainerKafka}).
 */
public class KafkaBrokerResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        String bootstrap = ContainerKafka.selected()
                ? ContainerKafka.shared().bootstrapServers()
                : EmbeddedKafka.shared().bootstrapServers();
        return Map.of(
                "kafka.bootstrap.servers", bootstrap,
                "quarkus.kafka-streams.bootstrap-servers", bootstrap);
    }

    @Override
    public void stop() {
        // The shared broker lives until the JVM exits: later test classes reuse it.
    }
}
