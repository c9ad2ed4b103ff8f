package dev.hypercare.metrics.query;

import dev.hypercare.kafka.Topics;
import dev.hypercare.model.Kpi;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.jboss.logging.Logger;

/**
 * Live KPI changes for server-sent events. Every instance reads the whole compacted
 * {@code hypercare.kpis} from its end (read_committed, so only what the exactly-once streams
 * committed, and no consumer group, so no instance takes partitions from another), and broadcasts
 * each change to the subscribers of its release. Reading the topic rather than hooking the topology
 * is what lets any instance serve any release's stream.
 *
 * <p>Cost: the feed reads every KPI record whether or not anyone listens (so a new subscriber gets every change
 * committed after it subscribed, with no gap), but only a record of a release that has a subscriber is parsed:
 * parsing every {@code Kpi} JSON value was half of this thread's CPU, about 3 % of the service's under load
 * (docs/metrics.md, "Session 7"). Until the topic exists, its partitions are asked for with a growing pause
 * ({@link #retryPause}), not in a loop.
 */
@ApplicationScoped
public class KpiFeed {

    private static final Logger LOG = Logger.getLogger(KpiFeed.class);
    /** Per subscriber: a slow browser gets a buffer, not a failure of everyone's stream. */
    private static final int SUBSCRIBER_BUFFER = 10_000;
    private static final Duration RECONNECT_PAUSE = Duration.ofSeconds(5);
    /** Pauses between asking for the partitions of a topic that does not exist yet: 100 ms, doubling, at most 5 s. */
    private static final long FIRST_RETRY_MS = 100;
    private static final long MAX_RETRY_MS = 5_000;

    /** One SSE event: the key, and the new value (null for a tombstone: the key ceased to exist). */
    public record KpiChange(String key, String release, Kpi kpi) {
    }

    private final Map<String, Object> kafkaConfig;
    private final BroadcastProcessor<KpiChange> changes = BroadcastProcessor.create();
    /** Subscribers per release: a record is parsed only when its release has one. */
    private final Map<String, Integer> subscribers = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    /** @param kafkaConfig every {@code kafka.*} setting (bootstrap servers, TLS, SASL) */
    public KpiFeed(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        this.kafkaConfig = Map.copyOf(kafkaConfig);
    }

    void start(@Observes StartupEvent event) {
        running.set(true);
        thread = new Thread(this::run, "kpi-feed");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) {
        running.set(false);
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(Duration.ofSeconds(5).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The changes of one release's KPIs from now on, without the per-item ones. */
    public Multi<KpiChange> changes(String release) {
        return changes(release, false);
    }

    /**
     * The changes of one release's KPIs from now on.
     *
     * @param items with the per-item KPIs: at 1,000 answered items a second, a browser would be sent a thousand events a
     *              second it never uses, and its buffer of {@value #SUBSCRIBER_BUFFER} would overflow in seconds
     */
    public Multi<KpiChange> changes(String release, boolean items) {
        return changes.filter(change -> release.equals(change.release()) && (items || !InteractiveQueries.isItemKey(change.key())))
                .onOverflow().buffer(SUBSCRIBER_BUFFER)
                .onSubscription().invoke(subscription -> subscribers.merge(release, 1, Integer::sum))
                .onTermination().invoke(() -> subscribers.computeIfPresent(release, (r, n) -> n > 1 ? n - 1 : null));
    }

    /** How many streams of this release are open on this instance. */
    int subscribers(String release) {
        return subscribers.getOrDefault(release, 0);
    }

    /** The pause before the {@code attempt}-th (from 0) new request for the partitions of a topic not there yet. */
    static long retryPause(int attempt) {
        return attempt >= 6 ? MAX_RETRY_MS : Math.min(MAX_RETRY_MS, FIRST_RETRY_MS << attempt);
    }

    /** Reads until stopped; a broker outage ends one consumer, and a new one starts after a pause. */
    private void run() {
        while (running.get()) {
            try {
                consume();
            } catch (WakeupException e) {
                return; // stop() woke the poll up: shutting down.
            } catch (RuntimeException e) {
                if (!running.get()) {
                    return;
                }
                LOG.warnf("Live KPI feed interrupted (%s); reconnecting in 5 s", e.getMessage());
                try {
                    Thread.sleep(RECONNECT_PAUSE.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void consume() {
        var topic = Topics.KPIS;
        Map<String, Object> config = new HashMap<>(kafkaConfig);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "hypercare-metrics-kpi-feed");
        // Values as bytes: parsed below only for a release somebody listens to.
        Deserializer<Kpi> values = topic.valueSerde().deserializer();
        try (var kafka = new KafkaConsumer<>(config, topic.keySerde().deserializer(), new ByteArrayDeserializer())) {
            consumer = kafka;
            List<TopicPartition> partitions = List.of();
            for (int attempt = 0; running.get() && partitions.isEmpty(); attempt++) {
                // The topic is created at start by TopicBootstrap; until then there is nothing to read. partitionsFor
                // answers an unknown topic at once with no partitions: pause before asking again.
                if (attempt > 0 && !pause(retryPause(attempt - 1))) {
                    return;
                }
                partitions = kafka.partitionsFor(topic.name(), Duration.ofSeconds(10)).stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            }
            kafka.assign(partitions);
            kafka.seekToEnd(partitions);
            while (running.get()) {
                for (var record : kafka.poll(Duration.ofMillis(500))) {
                    String key = record.key();
                    if (key == null) {
                        continue;
                    }
                    int separator = key.indexOf(Kpi.SEPARATOR);
                    String release = separator < 0 ? key : key.substring(0, separator);
                    if (!subscribers.containsKey(release)) {
                        continue;
                    }
                    Kpi kpi;
                    try {
                        kpi = record.value() == null ? null : values.deserialize(topic.name(), record.value());
                    } catch (RuntimeException e) {
                        LOG.warnf("Live KPI feed skips an unreadable value of %s at %s-%d@%d: %s", key, record.topic(),
                                record.partition(), record.offset(), e.getMessage());
                        continue;
                    }
                    changes.onNext(new KpiChange(key, release, kpi));
                }
            }
        }
    }

    /** Sleeps while running; false when stopped or interrupted meanwhile. */
    private boolean pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return running.get();
    }
}
