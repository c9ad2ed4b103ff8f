package dev.hypercare.ingest.idempotency;

import dev.hypercare.ingest.kafka.CallerContexts;
import dev.hypercare.kafka.Topics;
import dev.hypercare.model.LifecycleEvent;
import dev.hypercare.model.LifecycleType;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * This replica's view of the feedback that exists: every feedback id on {@code hypercare.feedback.raw}
 * with its receive time, and the latest lifecycle status from {@code hypercare.feedback.lifecycle}.
 *
 * <p>Rule: the view is built from Kafka, not from memory of this process, so it survives restarts
 * and sees what the other replicas accepted. Each replica reads every partition of both topics
 * (plain assignment, no consumer group, nothing committed) from the beginning, keys only for raw
 * records. Records this replica itself got acknowledged are added at once ({@link #accepted}), so a
 * client that posts a lifecycle event right after its 202 is never told the item is unknown. The
 * view is bounded by {@code hypercare.ingest.view.max-items}; once it had to forget the oldest ids it
 * reports {@link #complete()} false and callers must treat "unknown" as "maybe" (fail open).
 *
 * <p>Readiness ({@link FeedbackViewHealth}) stays down until the view has read up to the end offsets found at start: answering
 * "unknown id" or publishing a duplicate from a half-read view would be wrong.
 *
 * <p>No lock: the request threads (every single event adds its id after the ack, keyed requests and lifecycle events
 * look ids up) and the view's own thread (applying a poll of up to 5,000 records) share a {@link ConcurrentHashMap}.
 * The map was a synchronized {@code LinkedHashMap} whose lock the view held for a whole poll, so an event loop that
 * wanted to add one id waited for thousands of inserts (and lifecycle JSON parses) of another thread. The bound keeps
 * the insertion order in a queue beside the map, each id entering it once when it enters the map.
 */
@ApplicationScoped
public class FeedbackView {

    private static final Logger LOG = Logger.getLogger(FeedbackView.class);

    /** What the view knows of one item. */
    public record Item(Instant receivedAt, LifecycleType status) {
    }

    private final Map<String, Object> kafkaConfig;
    private final int maxItems;
    private final Duration pollInterval;
    private final boolean enabled;
    private final ConcurrentHashMap<String, Item> items = new ConcurrentHashMap<>(1024);
    /** Ids in the order they entered {@link #items}: the eldest leaves first once the bound is passed. */
    private final ConcurrentLinkedQueue<String> order = new ConcurrentLinkedQueue<>();
    /** Ids in {@link #items}, counted here because {@code ConcurrentHashMap.size()} sums its cells. */
    private final AtomicInteger count = new AtomicInteger();
    /** Test seam: called on the view's thread before each record of a poll is applied. */
    private volatile Consumer<ConsumerRecord<String, byte[]>> beforeApply;
    private volatile boolean caughtUp;
    private volatile boolean complete = true;
    private volatile String lastError = "not started";
    private final AtomicLong recordsRead = new AtomicLong();
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile boolean stopping;
    private Thread thread;

    public FeedbackView(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
                        @ConfigProperty(name = "hypercare.ingest.view.enabled", defaultValue = "true") boolean enabled,
                        @ConfigProperty(name = "hypercare.ingest.view.max-items", defaultValue = "200000") int maxItems,
                        @ConfigProperty(name = "hypercare.ingest.view.poll-interval", defaultValue = "PT0.1S") Duration pollInterval,
                        @ConfigProperty(name = "hypercare.ingest.view.partition-check", defaultValue = "30S") Duration partitionCheck) {
        // Every kafka.* setting (bootstrap, TLS, SASL): the view connects as the producer does.
        this.kafkaConfig = Map.copyOf(kafkaConfig);
        this.enabled = enabled;
        this.maxItems = maxItems;
        this.pollInterval = pollInterval;
        this.partitionCheck = partitionCheck;
    }

    /** How often the view looks for partitions added to its topics (its consumer's metadata is refreshed as often). */
    private final Duration partitionCheck;

    /**
     * An id entered the map: queue it and, past the bound, forget the eldest. Insertion order is receive order, so the
     * eldest is the oldest item. An id forgotten and then seen again is queued again and its older queue entry may
     * later forget it early; that happens only once ids are being forgotten, when {@link #complete()} already says
     * absence proves nothing.
     */
    private void entered(String feedbackId) {
        order.add(feedbackId);
        if (count.incrementAndGet() > maxItems) {
            while (count.get() > maxItems) {
                String eldest = order.poll();
                if (eldest == null) {
                    return;
                }
                if (items.remove(eldest) != null) {
                    count.decrementAndGet();
                    complete = false;
                }
            }
        }
    }

    void onStart(@Observes StartupEvent event) {
        if (!enabled) {
            caughtUp = true;
            complete = false;
            LOG.warn("hypercare.ingest.view.enabled=false: no replay detection across replicas or restarts, no unknown-id checks");
            return;
        }
        thread = new Thread(this::run, "hypercare-feedback-view");
        thread.setDaemon(true);
        thread.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }

    private void run() {
        while (!stopping) {
            try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(consumerConfig(), new StringDeserializer(), new LifecycleValuesOnly())) {
                consumer = c;
                List<TopicPartition> partitions = new ArrayList<>();
                for (String topic : List.of(Topics.FEEDBACK_RAW.name(), Topics.FEEDBACK_LIFECYCLE.name())) {
                    var found = c.partitionsFor(topic, Duration.ofSeconds(5));
                    if (found == null || found.isEmpty()) {
                        // Not created yet (TopicBootstrap may still be at it): assigning nothing now
                        // would leave the view blind to this topic for good, so wait and retry.
                        throw new IllegalStateException("topic " + topic + " does not exist yet");
                    }
                    found.forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
                }
                c.assign(partitions);
                c.seekToBeginning(partitions);
                Map<TopicPartition, Long> target = new HashMap<>(c.endOffsets(partitions, Duration.ofSeconds(5)));
                long nextPartitionCheck = System.nanoTime() + partitionCheck.toNanos();
                while (!stopping) {
                    if (System.nanoTime() - nextPartitionCheck >= 0) {
                        nextPartitionCheck = System.nanoTime() + partitionCheck.toNanos();
                        addNewPartitions(c, partitions);
                    }
                    var records = c.poll(pollInterval);
                    if (!records.isEmpty()) {
                        // Record by record, holding nothing the request threads wait for.
                        for (ConsumerRecord<String, byte[]> record : records) {
                            apply(record);
                        }
                        recordsRead.addAndGet(records.count());
                    }
                    if (!caughtUp) {
                        target.entrySet().removeIf(e -> c.position(e.getKey()) >= e.getValue());
                        if (target.isEmpty()) {
                            caughtUp = true;
                            LOG.infof("Feedback view caught up: %d items, %d records read", size(), recordsRead.get());
                        }
                    }
                }
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                if (stopping) {
                    return;
                }
                lastError = e.toString();
                LOG.warnf("Feedback view lost Kafka, retrying: %s", lastError);
                sleepQuietly(Duration.ofSeconds(2));
            }
        }
    }

    /**
     * Partitions added to the topics since the view started (ops raise the counts to scale: docs/deploy.md), read from
     * their beginning. Assigned once at start, the view never read them: another replica's items written there stayed
     * unknown here (lifecycle events 404, keyed retries not caught) until a restart.
     */
    private void addNewPartitions(KafkaConsumer<String, byte[]> c, List<TopicPartition> partitions) {
        List<TopicPartition> added = new ArrayList<>();
        for (String topic : List.of(Topics.FEEDBACK_RAW.name(), Topics.FEEDBACK_LIFECYCLE.name())) {
            var found = c.partitionsFor(topic, Duration.ofSeconds(5));
            if (found != null) {
                found.forEach(p -> {
                    TopicPartition partition = new TopicPartition(topic, p.partition());
                    if (!partitions.contains(partition)) {
                        added.add(partition);
                    }
                });
            }
        }
        if (!added.isEmpty()) {
            partitions.addAll(added);
            c.assign(partitions); // the partitions already assigned keep their positions
            c.seekToBeginning(added);
            LOG.infof("Feedback view reads %d partition(s) added since it started: %s", added.size(), added);
        }
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        Consumer<ConsumerRecord<String, byte[]>> hook = beforeApply;
        if (hook != null) {
            hook.accept(record);
        }
        if (record.key() == null) {
            return;
        }
        if (record.topic().equals(RAW_TOPIC)) {
            Item known = items.get(record.key());
            if (known == null) {
                accepted(record.key(), Instant.ofEpochMilli(record.timestamp()));
            } else if (known.status() != null) {
                // Mostly ids this replica added at its ack (no status: nothing to do, no Item built). With a status, the
                // item may have been created from its lifecycle record, read first (the topics' partitions are read
                // side by side, and after a restart the lifecycle ones may run ahead): it then carried that event's time.
                // The feedback's own receive time is what a replayed submission and the status endpoint answer.
                Instant received = Instant.ofEpochMilli(record.timestamp());
                items.computeIfPresent(record.key(), (id, item) ->
                        item.status() != null && !received.equals(item.receivedAt()) ? new Item(received, item.status()) : item);
            }
        } else if (record.value() != null) {
            LifecycleEvent event;
            try {
                event = Topics.FEEDBACK_LIFECYCLE.valueSerde().deserializer().deserialize(record.topic(), record.value());
            } catch (RuntimeException e) {
                return; // not ours to judge; the metrics-service dead-letters bad records
            }
            transitioned(record.key(), event.type(), Instant.ofEpochMilli(record.timestamp()));
        }
    }

    private static final String RAW_TOPIC = Topics.FEEDBACK_RAW.name();

    /**
     * Values of lifecycle records only: of a raw record the view needs the key and timestamp, so its
     * value (the whole feedback, ~0.5 KB) is not copied out of the fetch buffer.
     */
    static final class LifecycleValuesOnly implements Deserializer<byte[]> {
        @Override
        public byte[] deserialize(String topic, byte[] data) {
            return RAW_TOPIC.equals(topic) ? null : data;
        }

        @Override
        public byte[] deserialize(String topic, Headers headers, ByteBuffer data) {
            if (data == null || RAW_TOPIC.equals(topic)) {
                return null;
            }
            byte[] copy = new byte[data.remaining()];
            data.duplicate().get(copy);
            return copy;
        }
    }

    /** Records feedback this replica got acknowledged, before the consumer reads it back. */
    public void accepted(String feedbackId, Instant receivedAt) {
        if (items.putIfAbsent(feedbackId, new Item(receivedAt, null)) == null) {
            entered(feedbackId);
        }
    }

    /** {@link #accepted} for several items received at the same time, sharing one {@link Item}. */
    public void acceptedAll(List<String> feedbackIds, Instant receivedAt) {
        Item item = new Item(receivedAt, null);
        for (String feedbackId : feedbackIds) {
            if (items.putIfAbsent(feedbackId, item) == null) {
                entered(feedbackId);
            }
        }
    }

    /** Records a lifecycle event (read back, or acknowledged on this replica). RATED keeps the status. */
    public void transitioned(String feedbackId, LifecycleType type, Instant at) {
        boolean[] created = new boolean[1];
        items.compute(feedbackId, (id, known) -> {
            if (known == null) {
                created[0] = true;
                return new Item(at, type == LifecycleType.RATED ? LifecycleType.RESOLVED : type);
            }
            return type == LifecycleType.RATED ? known : new Item(known.receivedAt(), type);
        });
        if (created[0]) {
            entered(feedbackId);
        }
    }

    public Optional<Item> find(String feedbackId) {
        return Optional.ofNullable(items.get(feedbackId));
    }

    /** Test seam: {@code hook} runs on the view's thread before each record it applies (null: none). */
    void beforeApply(Consumer<ConsumerRecord<String, byte[]>> hook) {
        beforeApply = hook;
    }

    /**
     * The item, waiting up to {@code wait} for it to appear (another replica may have accepted it a
     * moment ago and this view not read it yet); empty when it did not appear. When it has to wait, the answer comes
     * back on the caller's Vert.x context (the request's), not on Mutiny's timer thread: the caller's next steps
     * (the publish, and after the ack its answer) then run where the request does.
     */
    public Uni<Optional<Item>> await(String feedbackId, Duration wait) {
        Optional<Item> now = find(feedbackId);
        if (now.isPresent() || !enabled) {
            return Uni.createFrom().item(now);
        }
        Context caller = Vertx.currentContext();
        Uni<Optional<Item>> later = Multi.createFrom().ticks().every(Duration.ofMillis(50))
                .map(tick -> find(feedbackId))
                .filter(Optional::isPresent)
                .toUni()
                .ifNoItem().after(wait).recoverWithItem(Optional::empty);
        return caller == null ? later : later.emitOn(CallerContexts.of(caller));
    }

    public int size() {
        return count.get();
    }

    /** True once the view has read what existed at start. */
    public boolean caughtUp() {
        return caughtUp;
    }

    /** False once ids were forgotten (bound reached) or the view is disabled: absence then proves nothing. */
    public boolean complete() {
        return complete && enabled;
    }

    private Map<String, Object> consumerConfig() {
        Map<String, Object> config = new HashMap<>(kafkaConfig);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // Only committed records: an aborted transaction's record never made an item exist.
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "hypercare-ingest-view");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        // So that partitionsFor sees partitions added to the topics within a check, not after the default 5 minutes.
        config.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, (int) Math.max(1, partitionCheck.toMillis()));
        // Under load, fetch in batches of up to 64 KB instead of one fetch per few records (the view reads back
        // everything this service writes); never wait longer than the poll interval for them, so another
        // replica's ids still appear within about that interval.
        config.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 64 * 1024);
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) Math.max(1, pollInterval.toMillis()));
        return config;
    }

    private static void sleepQuietly(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The last reason the view could not read Kafka, for the readiness check. */
    public String lastError() {
        return lastError;
    }
}
