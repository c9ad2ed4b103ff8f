package dev.hypercare.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/** The measuring consumers' set-up, shared by the e2e and KPI-freshness harnesses. */
final class CommittedReader {

    private CommittedReader() {
    }

    /**
     * A consumer that sees only committed transactions: what an ops team's or a KPI reader's consumer
     * sees under exactly-once. No group, no auto-commit: it is assigned, not subscribed.
     */
    static KafkaConsumer<String, String> open(String bootstrap) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    }

    /** Assigns every partition of the topics, positioned at their current end. */
    static void assignAtEnd(KafkaConsumer<String, String> consumer, List<String> topics) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        // Resolve the end positions now, so nothing produced after this point is skipped.
        partitions.forEach(consumer::position);
    }
}
