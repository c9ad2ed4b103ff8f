package dev.hypercare.local;

import dev.hypercare.kafka.Topic;
import dev.hypercare.kafka.TopicProvisioner;
import dev.hypercare.kafka.Topics;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Creates every registry topic that is missing, and prints the registry: what
 * {@code ./hypercare run} does once the broker is up, so the topics exist before any service starts.
 *
 * <pre>java -cp hypercare-local.jar dev.hypercare.local.CreateTopics [--bootstrap-servers localhost:9092] [--replication-factor 1]</pre>
 */
public final class CreateTopics {

    private CreateTopics() {
    }

    public static void main(String[] args) {
        Map<String, String> options = Args.parseOrExit(args, Map.of(
                "bootstrap-servers", "localhost:9092",
                "replication-factor", "1"));
        var created = TopicProvisioner.ensureTopics(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, options.get("bootstrap-servers")),
                Topics.ALL, Short.parseShort(options.get("replication-factor")), Duration.ofSeconds(30));
        for (Topic<?, ?> topic : Topics.ALL) {
            System.out.printf("  %-32s %2d partitions  %-7s %s%n", topic.name(), topic.partitions(),
                    topic.cleanup().policy(), created.contains(topic.name()) ? "(created)" : "");
        }
    }
}
