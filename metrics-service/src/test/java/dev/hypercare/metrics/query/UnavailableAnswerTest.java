package dev.hypercare.metrics.query;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.core.Response;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

/**
 * A client told "Retry-After" retries: right while stores move, wrong once Kafka Streams stopped by an error, which
 * only a restart of the instance mends (a dashboard would otherwise poll a dead instance forever).
 */
class UnavailableAnswerTest {

    @Test
    void shouldAskForARetryWhileTheStoresMove() {
        Response response = Responses.of(new KpiQueryResult.Unavailable<>("rebalancing"), "/api/v1/kpis", "");

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeaderString("Retry-After")).isEqualTo("2");
    }

    @Test
    void shouldNotAskForARetryOnceKafkaStreamsStoppedByAnError() {
        Response response = Responses.of(new KpiQueryResult.Unavailable<>("stopped", false), "/api/v1/kpis", "");

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeaderString("Retry-After")).isNull();
    }

    @Test
    void shouldTreatOnlyTheErrorStatesAsFinal() {
        for (KafkaStreams.State state : KafkaStreams.State.values()) {
            assertThat(dev.hypercare.kafka.StreamsStopped.byError(state)).as(state.name())
                    .isEqualTo(state == KafkaStreams.State.ERROR || state == KafkaStreams.State.PENDING_ERROR);
        }
    }
}
