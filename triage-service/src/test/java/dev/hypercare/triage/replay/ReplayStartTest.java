package dev.hypercare.triage.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hypercare.kafka.Topic;
import dev.hypercare.kafka.TopicProvisioner;
import dev.hypercare.kafka.Topics;
import dev.hypercare.testing.EmbeddedKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** A replay's consumer group is positioned at a point in time of the raw topic, on a real (in-JVM) broker. */
class ReplayStartTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** Brokers refuse timestamps more than an hour ahead: the records are dated in the past days. */
    private static final Instant T0 = Instant.now().minus(Duration.ofDays(10));

    @Test
    void shouldStartAFreshReplayAtTheFirstRecordAtOrAfterTheTimeAndContinueWhereItStoppedOnRestart() throws Exception {
        EmbeddedKafka kafka = EmbeddedKafka.shared();
        // A topic of its own, configured like the raw topic: other tests publish on the shared broker's raw topic.
        Topic<?, ?> raw = new Topic<>("replay-start-test-" + UUID.randomUUID(), Topics.FEEDBACK_RAW.keySerde(),
                Topics.FEEDBACK_RAW.valueSerde(), Topics.FEEDBACK_RAW.partitions(), Topics.FEEDBACK_RAW.cleanup(),
                Topics.FEEDBACK_RAW.retention(), "test");
        TopicProvisioner.ensureTopics(kafka.adminConfig(), List.of(raw), (short) 1, TIMEOUT);
        TopicPartition p0 = new TopicPartition(raw.name(), 0);

        // given three records on partition 0, a day apart
        long[] offsets = new long[3];
        Map<String, Object> producerConfig = new HashMap<>(kafka.adminConfig());
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        try (var producer = new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < 3; i++) {
                RecordMetadata meta = producer.send(new ProducerRecord<>(p0.topic(), 0, T0.plus(Duration.ofDays(i)).toEpochMilli(),
                        ("k" + i).getBytes(StandardCharsets.UTF_8), "{}".getBytes(StandardCharsets.UTF_8))).get();
                offsets[i] = meta.offset();
            }
        }
        String replayId = "hypercare-triage-replay-" + UUID.randomUUID();

        try (Admin admin = Admin.create(kafka.adminConfig())) {
            // when a replay from the second day starts
            ReplayStart.seek(admin, raw.name(), replayId, "hypercare-triage", T0.plus(Duration.ofDays(1)), TIMEOUT);

            // then it begins at the second record
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(replayId)
                    .partitionsToOffsetAndMetadata().get();
            assertThat(committed.get(p0).offset()).isEqualTo(offsets[1]);
            assertThat(committed).hasSize(Topics.FEEDBACK_RAW.partitions());

            // and when it is started again with another time, it keeps its own progress
            ReplayStart.seek(admin, raw.name(), replayId, "hypercare-triage", T0, TIMEOUT);
            assertThat(admin.listConsumerGroupOffsets(replayId).partitionsToOffsetAndMetadata().get().get(p0).offset())
                    .isEqualTo(offsets[1]);
        }
    }

    @Test
    void shouldRefuseToRewindTheLiveApplication() {
        try (Admin admin = Admin.create(EmbeddedKafka.shared().adminConfig())) {
            assertThatThrownBy(() -> ReplayStart.seek(admin, "hypercare-triage", "hypercare-triage", T0, TIMEOUT))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("live application id");
        }
    }
}
