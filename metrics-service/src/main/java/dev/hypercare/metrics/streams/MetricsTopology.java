package dev.hypercare.metrics.streams;

import dev.hypercare.kafka.JsonSerde;
import dev.hypercare.kafka.Topics;
import dev.hypercare.metrics.item.ItemState;
import dev.hypercare.metrics.item.ItemStateProcessor;
import dev.hypercare.metrics.item.ItemUpdate;
import dev.hypercare.metrics.kpi.KpiContributions;
import dev.hypercare.metrics.kpi.KpiDelta;
import dev.hypercare.metrics.kpi.KpiTotal;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The metrics topology, buildable without CDI (tests drive it with {@code TopologyTestDriver}):
 * <ol>
 *   <li><b>item state</b>: triaged records and lifecycle events, both keyed by feedback id, are
 *       merged ({@code item-updates}) and folded into one {@link ItemState} per item
 *       ({@code item-state}, store {@value #ITEM_STATE_STORE});</li>
 *   <li><b>KPI deltas</b>: each change of an item becomes deltas keyed {@code release|kpi|dimension|window}
 *       ({@code kpi-deltas}), repartitioned by that key ({@code kpi-deltas-by-key});</li>
 *   <li><b>KPI totals</b>: summed per KPI key ({@code kpi-totals}, store {@value #KPI_STORE}, queried by
 *       the REST API) and published as {@code Kpi} records to the compacted {@code hypercare.kpis}
 *       ({@code kpi-values}, {@code kpis-sink}).</li>
 * </ol>
 * Processors, stores and the repartition topic are named so internal topic names survive refactoring.
 */
public final class MetricsTopology {

    /** Per-item state, keyed by feedback id; changelog {@code hypercare-metrics-item-state-store-changelog}. */
    public static final String ITEM_STATE_STORE = "item-state-store";
    /** Running KPI totals, keyed {@code release|kpi|dimension|window}; what the query API reads. */
    public static final String KPI_STORE = "kpi-store";
    /** Repartition of KPI deltas by KPI key: {@code hypercare-metrics-kpi-deltas-by-key-repartition}. */
    public static final String KPI_DELTAS_REPARTITION = "kpi-deltas-by-key";

    private static final JsonSerde<ItemState> ITEM_STATE_SERDE = new JsonSerde<>(ItemState.class);
    private static final JsonSerde<KpiDelta> KPI_DELTA_SERDE = new JsonSerde<>(KpiDelta.class);
    private static final JsonSerde<KpiTotal> KPI_TOTAL_SERDE = new JsonSerde<>(KpiTotal.class);

    private MetricsTopology() {
    }

    public static Topology build() {
        StreamsBuilder builder = new StreamsBuilder();
        KStream<String, ItemUpdate> updates = itemUpdates(builder);
        KStream<String, KpiDelta> deltas = kpiDeltas(builder, updates);
        publishKpis(deltas);
        return builder.build();
    }

    /**
     * Both inputs in one stream. Kafka Streams puts partition N of both topics in one task, so the
     * item store sees all of an item's records only because the two topics are co-partitioned:
     * same key (feedback id), same partitioner, same partition count (declared in {@link Topics}).
     */
    static KStream<String, ItemUpdate> itemUpdates(StreamsBuilder builder) {
        var triaged = Topics.FEEDBACK_TRIAGED;
        var lifecycle = Topics.FEEDBACK_LIFECYCLE;
        KStream<String, ItemUpdate> fromTriage = builder
                .stream(triaged.name(), Consumed.with(triaged.keySerde(), triaged.valueSerde()).withName("triaged-source"))
                .filter((id, value) -> value != null, Named.as("triaged-not-null"))
                .mapValues(ItemUpdate::of, Named.as("triaged-as-update"));
        KStream<String, ItemUpdate> fromLifecycle = builder
                .stream(lifecycle.name(), Consumed.with(lifecycle.keySerde(), lifecycle.valueSerde()).withName("lifecycle-source"))
                .filter((id, value) -> value != null, Named.as("lifecycle-not-null"))
                .mapValues(ItemUpdate::of, Named.as("lifecycle-as-update"));
        return fromTriage.merge(fromLifecycle, Named.as("item-updates"));
    }

    static KStream<String, KpiDelta> kpiDeltas(StreamsBuilder builder, KStream<String, ItemUpdate> updates) {
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(ITEM_STATE_STORE), Serdes.String(), ITEM_STATE_SERDE));
        return updates
                .processValues(() -> new ItemStateProcessor(ITEM_STATE_STORE), Named.as("item-state"), ITEM_STATE_STORE)
                .flatMap((id, change) -> KpiContributions.deltas(change).stream()
                        .map(entry -> KeyValue.pair(entry.getKey(), entry.getValue()))
                        .toList(), Named.as("kpi-deltas"));
    }

    static void publishKpis(KStream<String, KpiDelta> deltas) {
        var kpis = Topics.KPIS;
        deltas
                // Every delta of one KPI key must reach the one task that owns that key's total.
                .groupByKey(Grouped.with(KPI_DELTAS_REPARTITION, Serdes.String(), KPI_DELTA_SERDE))
                .aggregate(KpiTotal::empty, (key, delta, total) -> total.plus(delta), Named.as("kpi-totals"),
                        Materialized.<String, KpiTotal, KeyValueStore<Bytes, byte[]>>as(KPI_STORE)
                                .withKeySerde(Serdes.String())
                                .withValueSerde(KPI_TOTAL_SERDE))
                .toStream(Named.as("kpi-changes"))
                .mapValues(KpiTotal::toKpi, Named.as("kpi-values"))
                .to(kpis.name(), Produced.with(kpis.keySerde(), kpis.valueSerde()).withName("kpis-sink"));
    }
}
