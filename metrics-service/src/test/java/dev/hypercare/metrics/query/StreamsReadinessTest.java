package dev.hypercare.metrics.query;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.streams.KafkaStreams;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

/** Not ready before Kafka Streams first ran (its stores not yet restored) nor after it stopped. */
class StreamsReadinessTest {

    @Test
    void givenKafkaStreamsNotYetRunningOrStopped_whenProbed_thenNotReadyWithItsState() {
        try (KafkaStreams streams = NeverStartedStreams.create("readiness-test")) {
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
