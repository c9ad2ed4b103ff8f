package dev.hypercare.metrics.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hypercare.metrics.spikes.SpikeSettings;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

/**
 * Queries while Kafka Streams is not running (before its start, while it shuts down, after an error stopped it):
 * {@code KafkaStreams.store()} then throws {@link IllegalStateException}, which must answer 503 like a rebalance, not 500.
 */
class InteractiveQueriesNotRunningTest {

    @Test
    void shouldAnswerUnavailableForAReleaseAKpiAndAnItemWhileKafkaStreamsIsNotRunning() {
        try (KafkaStreams streams = NeverStartedStreams.create("not-running-test")) {
            // Closed without a start: NOT_RUNNING, in which store() throws IllegalStateException (before its start,
            // CREATED, it throws StreamsNotStartedException, an InvalidStateStoreException, answered 503 all along).
            streams.close();
            InteractiveQueries queries = new InteractiveQueries(streams, SpikeSettings.defaults(), Optional.empty());

            assertThat(queries.kpisOfRelease("2.0", false)).isInstanceOf(KpiQueryResult.Unavailable.class);
            assertThat(queries.kpi("2.0|volume|all|period", false)).isInstanceOf(KpiQueryResult.Unavailable.class);
            assertThat(queries.item("fb-1", false)).isInstanceOf(KpiQueryResult.Unavailable.class);
        }
    }
}
