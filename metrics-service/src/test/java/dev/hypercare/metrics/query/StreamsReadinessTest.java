package dev.hypercare.metrics.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.apache.kafka.streams.KafkaStreams;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

/** Not ready before this instance's stores caught up (or Kafka Streams ran) nor after it stopped. */
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

    @Test
    void givenAStoreStillRestoringWhileRunning_whenDecided_thenNotReadyUntilCaughtUpOrGivenUpOn() {
        assertThat(StreamsReadiness.decide(250_000, Duration.ofSeconds(30))).as("a standby still far behind").isFalse();
        assertThat(StreamsReadiness.decide(-1, Duration.ofSeconds(30))).as("lags unknown during a rebalance").isFalse();
        assertThat(StreamsReadiness.decide(StreamsReadiness.CAUGHT_UP_LAG, Duration.ofSeconds(30))).isTrue();
        assertThat(StreamsReadiness.decide(0, Duration.ZERO)).isTrue();
        assertThat(StreamsReadiness.decide(250_000, StreamsReadiness.GIVE_UP_AFTER)).as("never catching up must not hang a rollout").isTrue();
    }
}
