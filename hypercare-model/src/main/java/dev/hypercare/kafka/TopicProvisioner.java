package dev.hypercare.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the registry's topics that do not exist yet. Idempotent and safe when several service
 * instances start at once: a topic created by another instance in between is not an error.
 * Existing topics are left as they are (their partition count may have been raised on purpose).
 */
public final class TopicProvisioner {

    private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);

    private TopicProvisioner() {
    }

    /**
     * @param adminConfig       Admin client config (bootstrap servers, security)
     * @param replicationFactor replicas per partition; 1 for a local single broker, 3 in production
     * @return the names of the topics this call created
     */
    public static Set<String> ensureTopics(Map<String, Object> adminConfig, Collection<Topic<?, ?>> topics,
                                           short replicationFactor, Duration timeout) {
        Admin admin = Admin.create(adminConfig);
        try {
            return ensureTopics(admin, topics, replicationFactor, timeout);
        } finally {
            // A plain close() waits up to a minute for in-flight calls when the broker is unreachable.
            admin.close(Duration.ofSeconds(1));
        }
    }

    public static Set<String> ensureTopics(Admin admin, Collection<Topic<?, ?>> topics,
                                           short replicationFactor, Duration timeout) {
        try {
            Set<String> existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            List<NewTopic> missing = topics.stream()
                    .filter(t -> !existing.contains(t.name()))
                    .map(t -> newTopic(t, replicationFactor))
                    .toList();
            if (missing.isEmpty()) {
                return Set.of();
            }
            var result = admin.createTopics(missing);
            var created = new TreeSet<String>();
            for (var entry : result.values().entrySet()) {
                try {
                    entry.getValue().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                    created.add(entry.getKey());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            if (!created.isEmpty()) { // empty when another instance created them first
                LOG.info("Created topics {}", created);
            }
            return created;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics", e);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new IllegalStateException("Could not create Hypercare topics: " + cause, cause);
        }
    }

    static NewTopic newTopic(Topic<?, ?> topic, short replicationFactor) {
        Map<String, String> configs = new HashMap<>(topic.configs());
        if (replicationFactor >= 3) {
            // acks=all then survives one broker down without losing an acknowledged record.
            configs.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "2");
        }
        return new NewTopic(topic.name(), topic.partitions(), replicationFactor).configs(configs);
    }
}
