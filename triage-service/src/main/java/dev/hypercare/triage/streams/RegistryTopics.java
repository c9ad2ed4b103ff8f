package dev.hypercare.triage.streams;

import dev.hypercare.kafka.TopicProvisioner;
import dev.hypercare.kafka.Topics;
import dev.hypercare.triage.TriageConfig;
import dev.hypercare.triage.replay.ReplayStart;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Creates the registry's missing topics. Called by {@link TopologyProducer} before it hands the
 * topology over, so Kafka Streams never starts on a missing source topic (the extension builds the
 * KafkaStreams instance from the produced Topology and starts it right after).
 */
@Singleton
public class RegistryTopics {

    private final Map<String, Object> kafkaConfig;
    private final short replicationFactor;
    private final TriageConfig config;
    private volatile boolean ensured;

    /** The live service's application id: a replay must run under another. */
    public static final String LIVE_APPLICATION_ID = "hypercare-triage";

    private final String applicationId;

    /**
     * @param kafkaConfig every {@code kafka.*} setting (bootstrap servers, TLS, SASL): the Admin client
     *                    connects as the service's other clients do
     */
    RegistryTopics(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
                   @ConfigProperty(name = "hypercare.topics.replication-factor", defaultValue = "1") short replicationFactor,
                   @ConfigProperty(name = "quarkus.kafka-streams.application-id") String applicationId,
                   TriageConfig config) {
        this.applicationId = applicationId;
        this.kafkaConfig = Map.copyOf(kafkaConfig);
        this.replicationFactor = replicationFactor;
        this.config = config;
    }

    /** Idempotent; throws when the broker cannot be reached in time, which fails the start. */
    public synchronized void ensureExist() {
        if (ensured) {
            return;
        }
        Duration timeout = config.topicCreationTimeout();
        Admin admin = admin(timeout);
        try {
            TopicProvisioner.ensureTopics(admin, Topics.ALL, replicationFactor, timeout);
            String suffix = config.output().suffix().orElse("");
            if (!suffix.isEmpty()) {
                // A replay's own output topics, configured like the live ones.
                TopicProvisioner.ensureTopics(admin, TriageTopology.outputTopics(suffix), replicationFactor, timeout);
            }
            String groupingSuffix = config.output().groupingSuffix().orElse(suffix);
            if (!groupingSuffix.isEmpty()) {
                TopicProvisioner.ensureTopics(admin, TriageTopology.groupingTopics(groupingSuffix), replicationFactor, timeout);
            }
        } finally {
            admin.close(Duration.ZERO);
        }
        ensured = true;
    }

    /** For a replay ({@code hypercare.triage.replay.from}): positions its fresh consumer group at that time. */
    public void positionReplay() {
        if (config.replay().from().isEmpty()) {
            return;
        }
        Duration timeout = config.topicCreationTimeout();
        Admin admin = admin(timeout);
        try {
            ReplayStart.seek(admin, applicationId, LIVE_APPLICATION_ID, config.replay().from().get(), timeout);
        } finally {
            admin.close(Duration.ZERO);
        }
    }

    private Admin admin(Duration timeout) {
        String timeoutMs = Long.toString(timeout.toMillis());
        // Bound every Admin call by the timeout, and do not let close() wait for a call still in
        // flight: otherwise an unreachable broker holds the start for the client's 60 s default.
        Map<String, Object> adminConfig = new HashMap<>(kafkaConfig);
        adminConfig.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        adminConfig.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
        return Admin.create(adminConfig);
    }
}
