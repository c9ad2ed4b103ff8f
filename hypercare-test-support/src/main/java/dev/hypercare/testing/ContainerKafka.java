package dev.hypercare.testing;

import dev.hypercare.kafka.TopicProvisioner;
import dev.hypercare.kafka.Topics;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.utils.AppInfoParser;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Opt-in alternative to {@link EmbeddedKafka} for machines with Docker: the official
 * {@code apache/kafka} image (by default the same version as the kafka-clients on the classpath)
 * in a Testcontainers container, with the registry's topics created. Selected by
 * {@code -Dhypercare.kafka=containers} (or {@code HYPERCARE_KAFKA=containers}); needs
 * {@code org.testcontainers:testcontainers-kafka} on the test classpath, which this module declares
 * optional, so the default, Docker-free path never loads this class.
 */
public final class ContainerKafka {

    private static ContainerKafka shared;

    private final KafkaContainer container;

    private ContainerKafka(KafkaContainer container) {
        this.container = container;
    }

    /** Whether the tests of this JVM run against a container rather than the in-JVM broker. */
    public static boolean selected() {
        String choice = System.getProperty("hypercare.kafka", System.getenv("HYPERCARE_KAFKA"));
        return "containers".equalsIgnoreCase(choice) || "container".equalsIgnoreCase(choice);
    }

    /** apache/kafka at the clients' version unless -Dhypercare.kafka.image names another image. */
    public static String image() {
        return System.getProperty("hypercare.kafka.image", "apache/kafka:" + AppInfoParser.getVersion());
    }

    public static synchronized ContainerKafka shared() {
        if (shared == null) {
            KafkaContainer container = new KafkaContainer(DockerImageName.parse(image()))
                    // Topics come from the registry only, as with the in-JVM broker.
                    .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");
            container.start();
            shared = new ContainerKafka(container);
            TopicProvisioner.ensureTopics(shared.adminConfig(), Topics.ALL, (short) 1, Duration.ofSeconds(30));
            Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "container-kafka-shutdown"));
        }
        return shared;
    }

    public String bootstrapServers() {
        return container.getBootstrapServers();
    }

    public Map<String, Object> adminConfig() {
        return Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    }
}
