package dev.hypercare.metrics.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

/** Not ready before Kafka Streams first ran (its stores not yet restored) nor after it stopped. */
class StreamsReadinessTest {

    @Test
    void givenKafkaStreamsNotYetRunningOrStopped_whenProbed_thenNotReadyWithItsState() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "readiness-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1"); // never started: nothing connects
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("in").to("out");
        try (KafkaStreams streams = new KafkaStreams(builder.build(), props)) {
            StreamsReadiness readiness = new StreamsReadiness(streams);

            HealthCheckResponse created = readiness.call();
            streams.close();
            HealthCheckResponse closed = readiness.call();

            assertThat(created.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
            assertThat(created.getData()).hasValueSatisfying(data -> assertThat(data).containsEntry("state", "CREATED"));
            assertThat(closed.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
            assertThat(closed.getData()).hasValueSatisfying(data -> assertThat(data).containsEntry("state", "NOT_RUNNING"));
        }
    }
}
