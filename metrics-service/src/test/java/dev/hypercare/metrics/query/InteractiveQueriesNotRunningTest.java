package dev.hypercare.metrics.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hypercare.metrics.spikes.SpikeSettings;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/**
 * Queries while Kafka Streams is not running (before its start, while it shuts down, after an error stopped it):
 * {@code KafkaStreams.store()} then throws {@link IllegalStateException}, which must answer 503 like a rebalance, not 500.
 */
class InteractiveQueriesNotRunningTest {

    @Test
    void shouldAnswerUnavailableForAReleaseAKpiAndAnItemWhileKafkaStreamsIsNotRunning() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "not-running-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1"); // never started: nothing connects
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("in").to("out");
        try (KafkaStreams streams = new KafkaStreams(builder.build(), props)) {
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
