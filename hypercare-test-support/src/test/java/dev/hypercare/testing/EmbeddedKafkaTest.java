package dev.hypercare.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hypercare.kafka.Topic;
import dev.hypercare.kafka.Topics;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaTest {

    @Test
    void startsARealBrokerWithEveryRegistryTopicCreated() throws Exception {
        var kafka = EmbeddedKafka.shared();
        try (Admin admin = Admin.create(kafka.adminConfig())) {
            var names = admin.listTopics().names().get();
            assertThat(names).containsAll(Topics.ALL.stream().map(Topic::name).toList());
            var kpis = admin.describeTopics(java.util.List.of(Topics.KPIS.name())).allTopicNames().get().get(Topics.KPIS.name());
            assertThat(kpis.partitions()).hasSize(Topics.KPIS.partitions());
        }
    }

    @Test
    void aRecordWrittenWithAcksAllIsReadBackByKey() throws Exception {
        var kafka = EmbeddedKafka.shared();
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (var producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topics.FEEDBACK_RAW.name(), "k-1", "{\"text\":\"hello\"}")).get();
        }
        var topic = new Topic<>(Topics.FEEDBACK_RAW.name(), org.apache.kafka.common.serialization.Serdes.String(),
                org.apache.kafka.common.serialization.Serdes.String(), 1, Topic.Cleanup.DELETE, null, "raw text view");

        var record = TopicReader.awaitKey(kafka.bootstrapServers(), topic, "k-1", Duration.ofSeconds(10));

        assertThat(record).isNotNull();
        assertThat(record.value()).contains("hello");
    }
}
