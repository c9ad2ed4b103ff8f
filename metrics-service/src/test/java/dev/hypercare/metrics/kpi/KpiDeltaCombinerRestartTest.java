package dev.hypercare.metrics.kpi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedForward;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * The combine buffer after a restart: {@link KpiDeltaCombiner} keeps the combining in memory and only a log of item
 * changes in its changelogged store, so what a crashed (or revived) task had buffered must come back from the store
 * at {@code init} and be passed on at the next flush, once. TopologyTestDriver cannot restart with its state kept,
 * hence Kafka's own processor test context and a real in-memory store here.
 */
class KpiDeltaCombinerRestartTest {

    private static final String STORE = "kpi-delta-buffer";
    private static final Instant AT = Instant.parse("2025-03-01T09:00:00Z");

    @Test
    void shouldPassOnWhatWasBufferedBeforeARestartCombinedAndOnlyOnce() {
        // given: the buffer as the changelog restores it: two item changes, and one delta under its KPI key as a
        // build before the change log wrote it
        MockProcessorContext<String, KpiDelta> context = new MockProcessorContext<>();
        KeyValueStore<String, List<KpiDelta>> buffer = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(STORE),
                Serdes.String(), new KpiDeltasSerde()).withLoggingDisabled().build();
        buffer.init(context.getStateStoreContext(), buffer);
        context.addStateStore(buffer);
        buffer.put("0", List.of(volume("all", 1), volume("channel=API", 1)));
        buffer.put("1", List.of(volume("all", 1)));
        KpiDelta earlier = volume("all", 1);
        buffer.put(earlier.key(), List.of(earlier));

        // when: the processor starts on that state, and its interval passes twice
        KpiDeltaCombiner combiner = new KpiDeltaCombiner(STORE, new KpiContributions(KpiSettings.defaults()), Duration.ofMillis(100));
        combiner.init(context);
        context.scheduledPunctuators().get(0).getPunctuator().punctuate(1_000L);
        List<KpiDelta> firstFlush = values(context.forwarded());
        context.resetForwards();
        context.scheduledPunctuators().get(0).getPunctuator().punctuate(1_100L);

        // then: one combined delta per KPI key at the first flush, nothing again at the second, the buffer empty
        assertThat(firstFlush).containsExactlyInAnyOrder(volume("all", 3), volume("channel=API", 1));
        assertThat(context.forwarded()).isEmpty();
        try (var left = buffer.all()) {
            assertThat(left.hasNext()).isFalse();
        }
    }

    private static KpiDelta volume(String dimension, int count) {
        return new KpiDelta("2.0", KpiName.VOLUME, dimension, "period", count, count, List.of(), List.of(), AT);
    }

    private static List<KpiDelta> values(List<CapturedForward<? extends String, ? extends KpiDelta>> forwarded) {
        List<KpiDelta> values = new ArrayList<>();
        forwarded.forEach(f -> values.add(f.record().value()));
        return values;
    }
}
