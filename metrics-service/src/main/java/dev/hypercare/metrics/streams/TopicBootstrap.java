package dev.hypercare.metrics.streams;

import dev.hypercare.kafka.TopicProvisioner;
import dev.hypercare.kafka.Topics;
import io.smallrye.common.annotation.Identifier;
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

    private final Map<String, Object> kafkaConfig;
    private final short replicationFactor;
    private final Duration timeout;

    /**
     * @param kafkaConfig every {@code kafka.*} setting (bootstrap servers, TLS, SASL): the Admin client
     *                    connects as the service's other clients do
     */
    public TopicBootstrap(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
                          @ConfigProperty(name = "hypercare.topics.replication-factor", defaultValue = "1") short replicationFactor,
                          @ConfigProperty(name = "hypercare.topics.timeout", defaultValue = "30S") Duration timeout) {
        this.kafkaConfig = Map.copyOf(kafkaConfig);
        this.replicationFactor = replicationFactor;
        this.timeout = timeout;
    }

    /** Idempotent; fails (and so fails start-up) when the broker cannot be reached within the timeout. */
    public void ensureTopics() {
        Admin admin = Admin.create(kafkaConfig);
        try {
            var created = TopicProvisioner.ensureTopics(admin, Topics.ALL, replicationFactor, timeout);
            LOG.infof("Registry topics ready on %s (created %s)", kafkaConfig.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG), created);
        } finally {
            // A bounded close: a plain close() waits for calls still in flight (up to the client's
            // default.api.timeout.ms, 60 s) after the timeout above has already given up.
            admin.close(Duration.ofSeconds(1));
        }
    }
}
