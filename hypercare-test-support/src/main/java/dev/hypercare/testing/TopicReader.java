package dev.hypercare.testing;

import dev.hypercare.kafka.Topic;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads a registry topic from the beginning, as an ops team's consumer would (read_committed, so
 * aborted transactions of an exactly-once service are never seen), until the records a test waits
 * for have arrived or the timeout passes.
 */
public final class TopicReader {

    private TopicReader() {
    }

    /**
     * Polls {@code topic} from the start until {@code done} holds for the records read so far,
     * returning them; returns what was read when the timeout passes (the caller asserts).
     */
    public static <K, V> List<ConsumerRecord<K, V>> readUntil(String bootstrapServers, Topic<K, V> topic,
                                                              Predicate<List<ConsumerRecord<K, V>>> done,
                                                              Duration timeout) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (var consumer = new KafkaConsumer<>(config, topic.keySerde().deserializer(), topic.valueSerde().deserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<ConsumerRecord<K, V>> read = new ArrayList<>();
            Instant deadline = Instant.now().plus(timeout);
            while (!done.test(read) && Instant.now().isBefore(deadline)) {
                consumer.poll(Duration.ofMillis(200)).forEach(read::add);
            }
            return read;
        }
    }

    /** Waits for the first record with this key and returns it, or null after the timeout. */
    public static <V> ConsumerRecord<String, V> awaitKey(String bootstrapServers, Topic<String, V> topic,
                                                         String key, Duration timeout) {
        return readUntil(bootstrapServers, topic, records -> records.stream().anyMatch(r -> key.equals(r.key())), timeout)
                .stream().filter(r -> key.equals(r.key())).findFirst().orElse(null);
    }
}
