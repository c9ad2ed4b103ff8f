package dev.hypercare.metrics.streams;

import dev.hypercare.kafka.TopicProvisioner;
import dev.hypercare.kafka.Topics;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Creates the registry's missing topics. Called by {@link TopologyProducer} before it hands the
 * topology over, because the Kafka Streams extension builds {@code KafkaStreams} from the topology
 * and starts it right after: a missing source topic would otherwise hold the streams back (or,
 * without the extension's topic check, fail them).
 */
@Singleton
public class TopicBootstrap {

    private static final Logger LOG = Logger.getLogger(TopicBootstrap.class);

    private final String bootstrapServers;
    private final short replicationFactor;
    private final Duration timeout;

    public TopicBootstrap(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                          @ConfigProperty(name = "hypercare.topics.replication-factor", defaultValue = "1") short replicationFactor,
                          @ConfigProperty(name = "hypercare.topics.timeout", defaultValue = "30S") Duration timeout) {
        this.bootstrapServers = bootstrapServers;
        this.replicationFactor = replicationFactor;
        this.timeout = timeout;
    }

    /** Idempotent; fails (and so fails start-up) when the broker cannot be reached within the timeout. */
    public void ensureTopics() {
        Admin admin = Admin.create(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
        try {
            var created = TopicProvisioner.ensureTopics(admin, Topics.ALL, replicationFactor, timeout);
            LOG.infof("Registry topics ready on %s (created %s)", bootstrapServers, created);
        } finally {
            // A bounded close: a plain close() waits for calls still in flight (up to the client's
            // default.api.timeout.ms, 60 s) after the timeout above has already given up.
            admin.close(Duration.ofSeconds(1));
        }
    }
}
