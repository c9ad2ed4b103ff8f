package dev.hypercare.metrics.kpi;

import static dev.hypercare.metrics.Fixtures.event;
import static dev.hypercare.metrics.Fixtures.triaged;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hypercare.metrics.item.ItemState;
import dev.hypercare.metrics.item.ItemStateSerde;
import dev.hypercare.model.Kpi;
import dev.hypercare.model.LifecycleType;
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
    private static final String ITEMS = "item-state-store";
    private static final Instant AT = Instant.parse("2025-03-01T09:00:00Z");

    @Test
    void shouldPassOnWhatWasBufferedBeforeARestartCombinedAndOnlyOnce() {
        // given: the buffer as the changelog restores it: two item changes, and one delta under its KPI key as a
        // build before the change log wrote it
        MockProcessorContext<String, KpiOutput> context = new MockProcessorContext<>();
        KeyValueStore<String, List<KpiDelta>> buffer = buffer(context);
        items(context);
        buffer.put("0", List.of(volume("all", 1), volume("channel=API", 1)));
        buffer.put("1", List.of(volume("all", 1)));
        KpiDelta earlier = volume("all", 1);
        buffer.put(earlier.key(), List.of(earlier));

        // when: the processor starts on that state, and its interval passes twice
        KpiDeltaCombiner combiner = combiner();
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

    @Test
    void shouldPublishAnItemsOwnKpiThatAnEarlierBuildBufferedFromTheItemsStateAtTheFlush() {
        // given: a buffer written by a build whose totals published the item KPIs: fb-1's first response (60 s) among
        // the aggregates' deltas; fb-1's state as the item store restores it
        MockProcessorContext<String, KpiOutput> context = new MockProcessorContext<>();
        KeyValueStore<String, List<KpiDelta>> buffer = buffer(context);
        KeyValueStore<String, ItemState> items = items(context);
        ItemState answered = ItemState.empty("fb-1").apply(triaged("fb-1", "2.0", AT))
                .apply(event("fb-1", LifecycleType.RESPONDED, AT.plusSeconds(60)));
        items.put("fb-1", answered);
        String itemKey = Kpi.key("2.0", "first-response-ms", "item=fb-1", Kpi.WHOLE_PERIOD);
        KpiDelta itemDelta = new KpiDelta("2.0", KpiName.FIRST_RESPONSE_MS, "item=fb-1", Kpi.WHOLE_PERIOD, 60_000, 1,
                List.of(), List.of(), AT.plusSeconds(61));
        buffer.put("0", List.of(volume("all", 1), itemDelta));

        // when: the processor starts on that state and its interval passes
        combiner().init(context);
        context.scheduledPunctuators().get(0).getPunctuator().punctuate(1_000L);

        // then: the delta goes to its total as before, and the item's KPI is published from its state
        List<KpiOutput> out = new ArrayList<>();
        context.forwarded().forEach(f -> out.add(f.record().value()));
        assertThat(out).filteredOn(o -> !o.published()).extracting(KpiOutput::delta)
                .containsExactlyInAnyOrder(volume("all", 1), itemDelta);
        assertThat(out).filteredOn(KpiOutput::published).singleElement().satisfies(o -> {
            assertThat(o.kpi().key()).isEqualTo(itemKey);
            assertThat(o.kpi().value()).isEqualTo(60_000.0);
            assertThat(o.kpi().count()).isEqualTo(1);
            assertThat(o.kpi().computedAt()).isEqualTo(AT.plusSeconds(61));
        });
    }

    private static KpiDeltaCombiner combiner() {
        return new KpiDeltaCombiner(STORE, ITEMS, new KpiContributions(KpiSettings.defaults()), Duration.ofMillis(100));
    }

    private static KeyValueStore<String, List<KpiDelta>> buffer(MockProcessorContext<String, KpiOutput> context) {
        KeyValueStore<String, List<KpiDelta>> buffer = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(STORE),
                Serdes.String(), new KpiDeltasSerde()).withLoggingDisabled().build();
        buffer.init(context.getStateStoreContext(), buffer);
        context.addStateStore(buffer);
        return buffer;
    }

    private static KeyValueStore<String, ItemState> items(MockProcessorContext<String, KpiOutput> context) {
        KeyValueStore<String, ItemState> items = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(ITEMS),
                Serdes.String(), new ItemStateSerde()).withLoggingDisabled().build();
        items.init(context.getStateStoreContext(), items);
        context.addStateStore(items);
        return items;
    }

    private static KpiDelta volume(String dimension, int count) {
        return new KpiDelta("2.0", KpiName.VOLUME, dimension, "period", count, count, List.of(), List.of(), AT);
    }

    private static List<KpiDelta> values(List<CapturedForward<? extends String, ? extends KpiOutput>> forwarded) {
        List<KpiDelta> values = new ArrayList<>();
        forwarded.forEach(f -> values.add(f.record().value().delta()));
        return values;
    }
}
