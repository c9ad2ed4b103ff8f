package dev.hypercare.testing;

import dev.hypercare.kafka.TopicProvisioner;
import dev.hypercare.kafka.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real single-node Apache Kafka cluster (KRaft, one combined broker+controller) inside the test
 * JVM, from Kafka's own test kit: the same broker code as production, no Docker. Starts in 3-5 s.
 *
 * <p>One cluster is shared by every test class of a JVM run ({@link #shared()}); tests isolate
 * themselves by unique feedback ids, not by fresh brokers, which keeps the suite fast.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static EmbeddedKafka shared;

    private final KafkaClusterTestKit cluster;

    private EmbeddedKafka(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    /** Starts a new single-node cluster with the production topic registry created. */
    public static EmbeddedKafka start() {
        try {
            KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(
                    new TestKitNodes.Builder()
                            .setCombined(true)
                            .setNumBrokerNodes(1)
                            .setNumControllerNodes(1)
                            // Under the build's target/ rather than the temp dir, whose own
                            // delete-on-exit hook would race the broker's shutdown.
                            .setBaseDirectory(Files.createDirectories(Path.of("target", "embedded-kafka"))
                                    .resolve(UUID.randomUUID().toString()))
                            .build())
                    // Single node: every internal topic (offsets, transactions) must fit on it.
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    // Topics come from the registry only; a typo must fail, not create a topic.
                    .setConfigProp("auto.create.topics.enable", "false")
                    .build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            EmbeddedKafka kafka = new EmbeddedKafka(cluster);
            TopicProvisioner.ensureTopics(kafka.adminConfig(), Topics.ALL, (short) 1, Duration.ofSeconds(30));
            return kafka;
        } catch (Exception e) {
            throw new IllegalStateException("Could not start the in-JVM Kafka broker", e);
        }
    }

    /** The JVM-wide cluster, started on first use and closed when the JVM exits. */
    public static synchronized EmbeddedKafka shared() {
        if (shared == null) {
            shared = start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "embedded-kafka-shutdown"));
        }
        return shared;
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    public Map<String, Object> adminConfig() {
        return Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    }

    @Override
    public void close() {
        try {
            cluster.close();
        } catch (Exception e) {
            throw new IllegalStateException("Could not stop the in-JVM Kafka broker", e);
        }
    }
}
