package dev.hypercare.triage.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hypercare.testing.EmbeddedKafka;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stopped instance's group membership ends at once with the main-consumer settings of application.properties,
 * on a real (in-JVM) broker: a restarted instance is a new member, which otherwise waits for the old one's session.
 */
class LeaveGroupOnCloseTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path stateDir;

    @Test
    void shouldLeaveTheConsumerGroupWhenStoppedSoThatARestartNeedNotWaitForTheSessionTimeout() throws Exception {
        EmbeddedKafka kafka = EmbeddedKafka.shared();
        String topic = "leave-group-test-" + UUID.randomUUID();
        String applicationId = "leave-group-test-" + UUID.randomUUID();
        try (Admin admin = Admin.create(kafka.adminConfig())) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();

            // given a running Kafka Streams member with the service's guarantee and a session far longer than the test
            StreamsBuilder builder = new StreamsBuilder();
            builder.stream(topic).foreach((k, v) -> { });
            Properties config = new Properties();
            config.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
            config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
            config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
            config.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
            config.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
            config.put(StreamsConfig.consumerPrefix("session.timeout.ms"), "45000");
            config.putAll(shippedMainConsumerSettings());
            KafkaStreams streams = new KafkaStreams(builder.build(), config);
            streams.start();
            awaitUntil(() -> streams.state() == KafkaStreams.State.RUNNING);
            assertThat(members(admin, applicationId)).isEqualTo(1);

            // when it is stopped as the Quarkus extension stops it
            streams.close();

            // then the group has no member left within seconds (a plain close() leaves one for the 45 s session)
            assertThat(streams.state()).isEqualTo(KafkaStreams.State.NOT_RUNNING);
            long stopped = System.nanoTime();
            awaitUntil(() -> members(admin, applicationId) == 0);
            assertThat(Duration.ofNanos(System.nanoTime() - stopped)).isLessThan(Duration.ofSeconds(5));
        }
    }

    /** The service's {@code kafka-streams.main.consumer.*} lines, as the extension hands them to Kafka Streams. */
    private static Properties shippedMainConsumerSettings() throws IOException {
        Properties shipped = new Properties();
        try (InputStream in = LeaveGroupOnCloseTest.class.getResourceAsStream("/application.properties")) {
            shipped.load(in);
        }
        Properties settings = new Properties();
        shipped.stringPropertyNames().stream()
                .filter(key -> key.startsWith("kafka-streams." + StreamsConfig.MAIN_CONSUMER_PREFIX))
                .forEach(key -> settings.put(key.substring("kafka-streams.".length()), shipped.getProperty(key)));
        assertThat(settings).as("main consumer settings in application.properties").isNotEmpty();
        return settings;
    }

    private static int members(Admin admin, String groupId) {
        try {
            return admin.describeConsumerGroups(List.of(groupId)).all().get().get(groupId).members().size();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within %s", TIMEOUT).isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
