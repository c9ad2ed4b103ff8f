package dev.hypercare.metrics.streams;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hypercare.kafka.JsonSerde;
import dev.hypercare.kafka.Topics;
import dev.hypercare.metrics.issues.RecurringIssues;
import dev.hypercare.metrics.item.ItemChange;
import dev.hypercare.metrics.item.ItemEvents;
import dev.hypercare.metrics.item.ItemInputParser;
import dev.hypercare.metrics.item.ItemState;
import dev.hypercare.metrics.item.ItemStateProcessor;
import dev.hypercare.metrics.item.ItemStateSerde;
import dev.hypercare.metrics.item.ItemUpdate;
import dev.hypercare.metrics.item.ReleaseSignal;
import dev.hypercare.metrics.item.ReleaseSignalProcessor;
import dev.hypercare.metrics.spikes.ReleaseSpikes;
import dev.hypercare.metrics.spikes.SpikeOutput;
import dev.hypercare.metrics.spikes.SpikeProcessor;
import dev.hypercare.metrics.uptime.UptimeProcessor;
import dev.hypercare.metrics.uptime.UptimeState;
import dev.hypercare.metrics.kpi.Dimensions;
import dev.hypercare.metrics.kpi.KpiContributions;
import dev.hypercare.metrics.kpi.KpiDeltaCombiner;
import dev.hypercare.metrics.kpi.KpiDelta;
import dev.hypercare.metrics.kpi.KpiDeltaSerde;
import dev.hypercare.metrics.kpi.KpiDeltasSerde;
import dev.hypercare.metrics.kpi.KpiOutput;
import dev.hypercare.metrics.kpi.KpiTotal;
import dev.hypercare.metrics.kpi.KpiTotalSerde;
import dev.hypercare.metrics.readiness.ReadinessProcessor;
import dev.hypercare.metrics.readiness.ReadinessSignal;
import dev.hypercare.metrics.readiness.ReadinessState;
import dev.hypercare.model.IssueGroup;
import dev.hypercare.model.Kpi;
import dev.hypercare.model.SlaEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.Stores;

/**
 * The metrics topology, buildable without CDI (tests drive it with {@code TopologyTestDriver}):
 * <ol>
 *   <li><b>item state and SLA clocks</b>: triaged records and lifecycle events, both keyed by feedback
 *       id, are merged ({@code item-updates}) and folded into one {@link ItemState} per item
 *       ({@code item-state}, stores {@value #ITEM_STATE_STORE}, {@value #SLA_DEADLINE_STORE} and
 *       {@value #ITEM_EXPIRY_STORE}: an item expires after its retention, withdrawing its per-item KPIs); SLA
 *       warnings and breaches (policy: configuration, overridden live by the {@code sla-policy} document
 *       of {@code hypercare.triage.rules}, global store {@value #RULES_STORE}), raised on events and on
 *       wall-clock punctuation, go to
 *       {@code hypercare.sla.breaches} ({@code sla-events}, {@code sla-sink});</li>
 *   <li><b>KPI deltas</b>: each change of an item becomes deltas keyed {@code release|kpi|dimension|window}
 *       combined per key for {@code combine-interval} ({@code kpi-deltas}, store {@value #KPI_DELTA_BUFFER}: one record per change),
 *       repartitioned by that key ({@code kpi-deltas-by-key}); an item's own KPIs ({@code item=<id>}) are published
 *       to {@code hypercare.kpis} from here, with the change ({@code item-kpis}, {@code item-kpis-sink});</li>
 *   <li><b>KPI totals</b>: summed per KPI key ({@code kpi-totals}, store {@value #KPI_STORE}, queried by
 *       the REST API) and published as {@code Kpi} records, with tombstones for keys that ceased to
 *       exist, to the compacted {@code hypercare.kpis} ({@code kpi-values}, {@code kpis-sink}); not the
 *       per-item keys whose delta is marked as already published by their item's task
 *       ({@code kpi-aggregate-changes});</li>
 *   <li><b>exit readiness</b>: the KPI changes it depends on, repartitioned by release
 *       ({@code kpis-by-release}), judged per release ({@code exit-readiness}, store
 *       {@value #READINESS_STORE}) and published as {@code R|exit-readiness|all|period};</li>
 *   <li><b>recurring issues</b>: {@code hypercare.issues} as a table (store {@value #ISSUES_STORE}, the top
 *       issues of the API), counted per release into {@code R|recurring-issues|all|period};</li>
 *   <li><b>volume spikes and uptime</b>: arrivals and outage reports, repartitioned by release
 *       ({@code release-signals}): spikes per component ({@code volume-spikes}, store {@value #SPIKE_STORE}) to
 *       the P1 topic and {@code R|volume-spike|component=C|period}; uptime ({@code uptime}, store
 *       {@value #UPTIME_STORE}, one entry per outage report in {@value #UPTIME_REPORT_STORE}) as
 *       {@code R|uptime|all|period}.</li>
 * </ol>
 * Processors, stores and repartition topics are named so internal topic names survive refactoring.
 */
public final class MetricsTopology {

    /** Per-item state, keyed by feedback id; changelog {@code hypercare-metrics-item-state-store-changelog}. */
    public static final String ITEM_STATE_STORE = "item-state-store";
    /** Index of each item's next SLA threshold: {@code <due millis>|<feedback id>} -> feedback id. */
    public static final String SLA_DEADLINE_STORE = "sla-deadline-store";
    /** Index of each item's expiry: {@code <expires millis>|<feedback id>} -> feedback id ({@code ItemRetention}). */
    public static final String ITEM_EXPIRY_STORE = "item-expiry-store";
    /** The item changes' KPI deltas not yet passed on, one record per change ({@code KpiDeltaCombiner}). */
    public static final String KPI_DELTA_BUFFER = "kpi-delta-buffer";
    /** Running KPI totals, keyed {@code release|kpi|dimension|window}; what the query API reads. */
    public static final String KPI_STORE = "kpi-store";
    /** Repartition of KPI deltas by KPI key: {@code hypercare-metrics-kpi-deltas-by-key-repartition}. */
    public static final String KPI_DELTAS_REPARTITION = "kpi-deltas-by-key";
    /** Exit-readiness inputs and verdict per release. */
    public static final String READINESS_STORE = "readiness-store";
    /** Repartition of the readiness inputs by release: {@code hypercare-metrics-kpis-by-release-repartition}. */
    public static final String READINESS_REPARTITION = "kpis-by-release";
    /** The live rules documents ({@code hypercare.triage.rules}, a global table): the SLA policy's overrides. */
    public static final String RULES_STORE = "triage-rules-store";
    /** The latest issue groups of {@code hypercare.issues}, keyed by issue-group id. */
    public static final String ISSUES_STORE = "issues-store";

    /** Repartition of arrivals and outage reports by release: {@code hypercare-metrics-release-signals-repartition}. */
    public static final String RELEASE_SIGNALS_REPARTITION = "release-signals";
    /** Arrival rate and volume spikes per release (and, inside, per component). */
    public static final String SPIKE_STORE = "spike-store";
    /** Period start per release (and, written by earlier builds, its outage reports): uptime as users saw it. */
    public static final String UPTIME_STORE = "uptime-store";
    /** Each outage report, keyed by release and feedback id ({@link UptimeState#reportKey}). */
    public static final String UPTIME_REPORT_STORE = "uptime-report-store";

    private static final JsonSerde<ReleaseSignal> RELEASE_SIGNAL_SERDE = new JsonSerde<>(ReleaseSignal.class);
    private static final JsonSerde<ReleaseSpikes> SPIKES_SERDE = new JsonSerde<>(ReleaseSpikes.class);
    private static final JsonSerde<UptimeState> UPTIME_SERDE = new JsonSerde<>(UptimeState.class);
    private static final JsonSerde<UptimeState.OutageReport> OUTAGE_REPORT_SERDE = new JsonSerde<>(UptimeState.OutageReport.class);
    /** Binary, not JSON: read and written on every update of an item (ItemStateSerde says why). */
    private static final ItemStateSerde ITEM_STATE_SERDE = new ItemStateSerde();
    /** Binary, not JSON: read and written on every delta a total takes (KpiTotalSerde says why). */
    private static final KpiTotalSerde KPI_TOTAL_SERDE = new KpiTotalSerde();
    private static final JsonSerde<ReadinessSignal> SIGNAL_SERDE = new JsonSerde<>(ReadinessSignal.class);
    private static final JsonSerde<ReadinessState> READINESS_SERDE = new JsonSerde<>(ReadinessState.class);

    private MetricsTopology() {
    }

    /** The topology with the default settings and no SLA listener (tests of the KPI contract). */
    public static Topology build() {
        return build(MetricsSettings.defaults(), event -> { });
    }

    /**
     * @param onSlaEvent told of every SLA event raised (the service counts them for Prometheus);
     *                   under exactly-once a retried task may tell it twice, the topic never has it twice
     */
    public static Topology build(MetricsSettings settings, Consumer<SlaEvent> onSlaEvent) {
        return build(settings, onSlaEvent, ItemEvents.NONE);
    }

    /** @param itemEvents told of every item expired and every late update ignored (counted for Prometheus) */
    public static Topology build(MetricsSettings settings, Consumer<SlaEvent> onSlaEvent, ItemEvents itemEvents) {
        StreamsBuilder builder = new StreamsBuilder();
        KStream<String, ItemUpdate> updates = itemUpdates(builder, itemEvents);
        KStream<String, ItemChange> changes = itemChanges(builder, updates, settings, onSlaEvent, itemEvents);
        publishSlaEvents(changes);
        KStream<String, Kpi> kpis = publishKpis(kpiDeltas(builder, changes, settings), settings);
        publishReadiness(builder, kpis, settings);
        RecurringIssues.publish(builder, store(settings, ISSUES_STORE), store(settings, RecurringIssues.COUNT_STORE),
                store(settings, RecurringIssues.TOP_STORE));
        publishReleaseHealth(builder, changes, settings);
        return builder.build();
    }

    /**
     * Volume spikes and uptime: what they need of each item change ({@link ReleaseSignal}: arrivals, outage
     * reports) is repartitioned by release, so each release's view lives in one task; the spike detector
     * sends its alerts to the P1 topic and both publish KPI records.
     */
    static void publishReleaseHealth(StreamsBuilder builder, KStream<String, ItemChange> changes, MetricsSettings settings) {
        var kpis = Topics.KPIS;
        var p1 = Topics.PRIORITY_P1;
        builder.addStateStore(Stores.keyValueStoreBuilder(store(settings, SPIKE_STORE), Serdes.String(), SPIKES_SERDE));
        builder.addStateStore(Stores.keyValueStoreBuilder(store(settings, UPTIME_STORE), Serdes.String(), UPTIME_SERDE));
        builder.addStateStore(Stores.keyValueStoreBuilder(store(settings, UPTIME_REPORT_STORE), Serdes.String(), OUTAGE_REPORT_SERDE));
        KStream<String, ReleaseSignal> signals = changes
                .process(ReleaseSignalProcessor::new, Named.as("release-signals"))
                .repartition(Repartitioned.<String, ReleaseSignal>as(RELEASE_SIGNALS_REPARTITION)
                        .withKeySerde(Serdes.String()).withValueSerde(RELEASE_SIGNAL_SERDE));
        KStream<String, SpikeOutput> spikes = signals.process(() -> new SpikeProcessor(SPIKE_STORE, settings.spikes()),
                Named.as("volume-spikes"), SPIKE_STORE);
        spikes.filter((key, out) -> out.alert() != null, Named.as("spike-alerts"))
                .mapValues(SpikeOutput::alert, Named.as("spike-alert-values"))
                .to(p1.name(), Produced.with(p1.keySerde(), p1.valueSerde()).withName("spike-alerts-sink"));
        spikes.filter((key, out) -> out.kpi() != null, Named.as("spike-kpis"))
                .mapValues(SpikeOutput::kpi, Named.as("spike-kpi-values"))
                .to(kpis.name(), Produced.with(kpis.keySerde(), kpis.valueSerde()).withName("spike-kpis-sink"));
        signals.process(() -> new UptimeProcessor(UPTIME_STORE, UPTIME_REPORT_STORE, settings.uptimePublishInterval()),
                        Named.as("uptime"), UPTIME_STORE, UPTIME_REPORT_STORE)
                .to(kpis.name(), Produced.with(kpis.keySerde(), kpis.valueSerde()).withName("uptime-sink"));
    }

    /**
     * Both inputs in one stream. Kafka Streams puts partition N of both topics in one task, so the
     * item store sees all of an item's records only because the two topics are co-partitioned:
     * same key (feedback id), same partitioner, same partition count (declared in {@link Topics}).
     * Each input is read as bytes and parsed by {@link ItemInputParser}: a record that does not parse
     * or cannot be attributed goes to the dead-letter topic with its reason instead of the item store.
     */
    static KStream<String, ItemUpdate> itemUpdates(StreamsBuilder builder, ItemEvents itemEvents) {
        var triaged = Topics.FEEDBACK_TRIAGED;
        var lifecycle = Topics.FEEDBACK_LIFECYCLE;
        KStream<String, ItemUpdate> fromTriage = usable(builder
                .stream(triaged.name(), Consumed.with(triaged.keySerde(), Serdes.ByteArray()).withName("triaged-source"))
                .processValues(() -> ItemInputParser.triaged(itemEvents), Named.as("triaged-parse")), "triaged");
        KStream<String, ItemUpdate> fromLifecycle = usable(builder
                .stream(lifecycle.name(), Consumed.with(lifecycle.keySerde(), Serdes.ByteArray()).withName("lifecycle-source"))
                .processValues(() -> ItemInputParser.lifecycle(itemEvents), Named.as("lifecycle-parse")), "lifecycle");
        return fromTriage.merge(fromLifecycle, Named.as("item-updates"));
    }

    /** The usable updates of one input; the rejected records go to the dead-letter topic, byte for byte. */
    private static KStream<String, ItemUpdate> usable(KStream<String, ItemInputParser.Outcome> parsed, String input) {
        var deadLetters = Topics.DEADLETTER;
        // Keys are feedback ids read as UTF-8 strings; written back as UTF-8 they are the record's own key bytes.
        parsed.filter((id, outcome) -> outcome instanceof ItemInputParser.Outcome.Rejected, Named.as(input + "-rejected"))
                .mapValues(outcome -> ((ItemInputParser.Outcome.Rejected) outcome).value(), Named.as(input + "-original-bytes"))
                .to(deadLetters.name(), Produced.with(Serdes.String(), deadLetters.valueSerde()).withName(input + "-dead-letter-sink"));
        return parsed.filter((id, outcome) -> outcome instanceof ItemInputParser.Outcome.Usable, Named.as(input + "-usable"))
                .mapValues(outcome -> ((ItemInputParser.Outcome.Usable) outcome).update(), Named.as(input + "-as-update"));
    }

    static KStream<String, ItemChange> itemChanges(StreamsBuilder builder, KStream<String, ItemUpdate> updates,
                                                   MetricsSettings settings, Consumer<SlaEvent> onSlaEvent,
                                                   ItemEvents itemEvents) {
        var rules = Topics.TRIAGE_RULES;
        // Global: every task reads the same, latest policy, whichever partition its items are on.
        builder.globalTable(rules.name(), Consumed.with(rules.keySerde(), rules.valueSerde()).withName("rules-source"),
                Materialized.<String, JsonNode>as(store(settings, RULES_STORE))
                        .withKeySerde(rules.keySerde()).withValueSerde(rules.valueSerde()));
        builder.addStateStore(Stores.keyValueStoreBuilder(store(settings, ITEM_STATE_STORE), Serdes.String(), ITEM_STATE_SERDE));
        builder.addStateStore(Stores.keyValueStoreBuilder(store(settings, SLA_DEADLINE_STORE), Serdes.String(), Serdes.String()));
        builder.addStateStore(Stores.keyValueStoreBuilder(store(settings, ITEM_EXPIRY_STORE), Serdes.String(), Serdes.String()));
        return updates.process(() -> new ItemStateProcessor(ITEM_STATE_STORE, SLA_DEADLINE_STORE, RULES_STORE, settings.sla(),
                        settings.slaCheckInterval(), settings.slaMaxPerCheck(), onSlaEvent, ITEM_EXPIRY_STORE, settings.items(),
                        itemEvents),
                Named.as("item-state"), ITEM_STATE_STORE, SLA_DEADLINE_STORE, ITEM_EXPIRY_STORE);
    }

    static void publishSlaEvents(KStream<String, ItemChange> changes) {
        var breaches = Topics.SLA_BREACHES;
        changes.flatMapValues(ItemChange::slaEvents, Named.as("sla-events"))
                .to(breaches.name(), Produced.with(breaches.keySerde(), breaches.valueSerde()).withName("sla-sink"));
    }

    static KStream<String, KpiDelta> kpiDeltas(StreamsBuilder builder, KStream<String, ItemChange> changes,
                                               MetricsSettings settings) {
        // One binary record per item change, deleted at the next flush (KpiDeltaCombiner, KpiDeltasSerde say why); cached,
        // so a key written and deleted (keys are reused after each flush) reaches the changelog and RocksDB once per commit.
        builder.addStateStore(Stores.keyValueStoreBuilder(store(settings, KPI_DELTA_BUFFER), Serdes.String(), new KpiDeltasSerde())
                .withCachingEnabled());
        var contributions = new KpiContributions(settings.kpis());
        KStream<String, KpiOutput> out = changes.process(() -> new KpiDeltaCombiner(KPI_DELTA_BUFFER, ITEM_STATE_STORE,
                        contributions, settings.kpis().combineInterval()),
                Named.as("kpi-deltas"), KPI_DELTA_BUFFER, ITEM_STATE_STORE);
        // Per-item KPIs (item=<id>) go on the topic from the item's own task, in the transaction of the event that
        // changed them: one commit after the event instead of combine interval + two commits (KpiDeltaCombiner).
        var kpis = Topics.KPIS;
        out.filter((key, o) -> o.published(), Named.as("item-kpis"))
                .mapValues(KpiOutput::kpi, Named.as("item-kpi-values"))
                .to(kpis.name(), Produced.with(kpis.keySerde(), kpis.valueSerde()).withName("item-kpis-sink"));
        return out.filter((key, o) -> !o.published(), Named.as("kpi-deltas-to-totals"))
                .mapValues(KpiOutput::delta, Named.as("kpi-delta-values"));
    }

    /** A store by name: RocksDB, or in memory when the settings say so. */
    static KeyValueBytesStoreSupplier store(MetricsSettings settings, String name) {
        return settings.inMemoryStores() ? Stores.inMemoryKeyValueStore(name) : Stores.persistentKeyValueStore(name);
    }

    static KStream<String, Kpi> publishKpis(KStream<String, KpiDelta> deltas, MetricsSettings settings) {
        var kpis = Topics.KPIS;
        KStream<String, Kpi> values = deltas
                // Every delta of one KPI key must reach the one task that owns that key's total.
                // Binary like the buffer (KpiDeltaSerde): one record per changed key and flush; JSON of an older build is still read.
                .groupByKey(Grouped.with(KPI_DELTAS_REPARTITION, Serdes.String(), new KpiDeltaSerde()))
                .aggregate(KpiTotal::empty, (key, delta, total) -> total.plus(delta), Named.as("kpi-totals"),
                        Materialized.<String, KpiTotal>as(store(settings, KPI_STORE))
                                .withKeySerde(Serdes.String())
                                .withValueSerde(KPI_TOTAL_SERDE))
                .toStream(Named.as("kpi-changes"))
                // An item's total whose record its item's task already published (marked delta) is kept for the query
                // API only; an unmarked one (an earlier build's delta, during a rolling upgrade) is published here.
                .processValues(SkipPublishedItemKpis::new, Named.as("kpi-aggregate-changes"))
                // A total that ceased to exist (null) becomes tombstones of every key it published.
                .flatMap((key, total) -> {
                    List<KeyValue<String, Kpi>> out = new ArrayList<>();
                    if (total == null) {
                        KpiTotal.publishedKeys(key).forEach(k -> out.add(KeyValue.pair(k, null)));
                    } else {
                        total.toKpis().forEach(kpi -> out.add(KeyValue.pair(kpi.key(), kpi)));
                    }
                    return out;
                }, Named.as("kpi-values"));
        values.to(kpis.name(), Produced.with(kpis.keySerde(), kpis.valueSerde()).withName("kpis-sink"));
        return values;
    }

    /**
     * Drops the changes of per-item totals ({@code item=<id>}) whose delta carries {@link KpiOutput#PUBLISHED_HEADER}
     * (its item's task published the record); passes everything else on, unmarked item changes and their tombstones
     * included. The aggregate forwards with the headers of the delta that caused the change (or, through the record
     * cache, of the entry's last write), so the mark reaches here.
     */
    static final class SkipPublishedItemKpis implements FixedKeyProcessor<String, KpiTotal, KpiTotal> {
        private FixedKeyProcessorContext<String, KpiTotal> context;

        @Override
        public void init(FixedKeyProcessorContext<String, KpiTotal> context) {
            this.context = context;
        }

        @Override
        public void process(FixedKeyRecord<String, KpiTotal> record) {
            if (!(KpiOutput.isMarkedPublished(record.headers()) && isItemKey(record.key()))) {
                context.forward(record);
            }
        }
    }

    /** Whether a KPI key's dimension is an item's own ({@code release|kpi|item=<id>|window}). */
    static boolean isItemKey(String key) {
        String[] parts = KpiTotal.keyParts(key);
        return parts.length == 4 && Dimensions.isItem(parts[2]);
    }

    static void publishReadiness(StreamsBuilder builder, KStream<String, Kpi> kpiValues, MetricsSettings settings) {
        var kpis = Topics.KPIS;
        builder.addStateStore(Stores.keyValueStoreBuilder(store(settings, READINESS_STORE), Serdes.String(), READINESS_SERDE));
        kpiValues
                .filter((key, kpi) -> ReadinessProcessor.relevant(key), Named.as("readiness-inputs"))
                .map((key, kpi) -> KeyValue.pair(key.substring(0, key.indexOf(Kpi.SEPARATOR)), new ReadinessSignal(key, kpi)),
                        Named.as("readiness-by-release"))
                .repartition(Repartitioned.<String, ReadinessSignal>as(READINESS_REPARTITION)
                        .withKeySerde(Serdes.String()).withValueSerde(SIGNAL_SERDE))
                .process(() -> new ReadinessProcessor(READINESS_STORE, settings.readiness(), settings.readinessCheckInterval()),
                        Named.as("exit-readiness"), READINESS_STORE)
                .to(kpis.name(), Produced.with(kpis.keySerde(), kpis.valueSerde()).withName("readiness-sink"));
    }
}
