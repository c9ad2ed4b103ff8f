package dev.hypercare.metrics.kpi;

import dev.hypercare.metrics.item.ItemChange;
import dev.hypercare.metrics.item.ItemState;
import dev.hypercare.model.Kpi;
import dev.hypercare.metrics.streams.StoreSweep;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Turns item changes into KPI deltas and combines, per task, the deltas of one KPI key over
 * {@code interval} before they cross the repartition topic. Why: one event moves 10 to 30 KPI keys,
 * most of them hot ({@code volume|all|period}, its hour, its day...), so at 1k events/s most deltas
 * hit the same few keys; combined, the repartition topic and the totals see one delta per key and
 * interval instead of one per event, and a histogram is decoded once per batch.
 *
 * <p>Exactly-once: the deltas not yet passed on are kept in a changelogged store ({@code kpi-delta-buffer}),
 * so what was buffered is committed with the item state that caused it, and flushed after a restart; a crash
 * neither loses nor repeats a delta. The store is a log of item changes, <b>one record per change</b> (its
 * deltas together, {@link KpiDeltasSerde}, keyed by a sequence number within the interval), written once and
 * deleted at the flush; the combining itself happens in memory ({@code combined}). Why not one record per KPI
 * key, combined in the store: an event then cost 10-30 store reads and writes through the record cache (each a
 * full (de)serialization), and a hot key's buffered delta, carrying every sample added in the interval, was
 * rewritten whole on every event (JFR, docs/metrics.md "Performance / KPI freshness").
 *
 * <p>The map is rebuilt from the store in {@link #init}: Kafka Streams initializes the processor again whenever
 * it restores or wipes the task's state (a restart, a rebalance, an aborted exactly-once transaction: the task is
 * closed dirty and revived), so the map never holds a delta the store does not. A record of a build before this
 * one (one delta under its KPI key) is read the same way, and deleted at the next flush.
 *
 * <p><b>Per-item KPIs</b> ({@code item=<id>}: an item's own first-response and acknowledgement time) are not
 * combined: each has one contributor, so there is nothing to combine, and its new record is known from the
 * change itself. It is published from here ({@link KpiOutput#publish}), in the transaction of the event that
 * changed it, so it is on {@code hypercare.kpis} one commit after the event instead of after the combine
 * interval, the repartition and a second commit; a change that withdraws it (expiry, another release)
 * publishes its tombstone. Its delta still goes, unbuffered, to its total in {@code kpi-store}, which the query
 * API reads, with the {@link KpiOutput#PUBLISHED_HEADER} mark: the totals publish nothing for a marked delta, but
 * still publish an unmarked item delta (an earlier build's, during a rolling upgrade). A buffer written by an earlier build may hold item
 * deltas, whose totals published them then: those are published at the flush from the item's current state.
 */
public final class KpiDeltaCombiner implements Processor<String, ItemChange, String, KpiOutput> {

    private final String bufferStore;
    private final String itemStore;
    private final KpiContributions contributions;
    private final Duration interval;
    private ProcessorContext<String, KpiOutput> context;
    private KeyValueStore<String, List<KpiDelta>> buffer;
    private KeyValueStore<String, ItemState> items;
    /** The deltas buffered since the last flush, combined per KPI key (sorted: the flush order is the keys'). */
    private final Map<String, KpiDelta> combined = new TreeMap<>();
    /** The store keys written (or found at init) since the last flush: deleted by the flush. */
    private final List<String> written = new ArrayList<>();
    /** The next store key; keys restart at 0 after each flush (the flush deleted every earlier one). */
    private long sequence;

    /** @param itemStore the item states (same task): what a per-item KPI buffered by an earlier build is published from */
    public KpiDeltaCombiner(String bufferStore, String itemStore, KpiContributions contributions, Duration interval) {
        this.bufferStore = bufferStore;
        this.itemStore = itemStore;
        this.contributions = contributions;
        this.interval = interval;
    }

    @Override
    public void init(ProcessorContext<String, KpiOutput> context) {
        this.context = context;
        this.buffer = context.getStateStore(bufferStore);
        this.items = context.getStateStore(itemStore);
        // What was buffered before a restart (or before the task's state was restored) is flushed like the rest.
        combined.clear();
        written.clear();
        sequence = 0;
        StoreSweep.forEach(buffer, (key, deltas) -> {
            written.add(key);
            deltas.forEach(delta -> combined.merge(delta.key(), delta, KpiDelta::plus));
            sequence = Math.max(sequence, sequenceOf(key) + 1);
        });
        context.schedule(interval, PunctuationType.WALL_CLOCK_TIME, this::flush);
    }

    @Override
    public void process(Record<String, ItemChange> record) {
        ItemChange change = record.value();
        if (change == null) {
            return;
        }
        List<KpiDelta> deltas = new ArrayList<>();
        Map<String, KpiDelta> itemKpis = null;
        long at = change.computedAt().toEpochMilli();
        for (var entry : contributions.deltas(change)) {
            KpiDelta delta = entry.getValue();
            if (Dimensions.isItem(delta.dimension())) {
                // Published here, with this change, not after the combine interval and a second commit: nothing to
                // combine (one contributor), and its record is the item's new value. The delta still goes to its
                // total (kpi-store: what the query API answers), marked so that total publishes nothing.
                if (itemKpis == null) {
                    itemKpis = change.expired() ? Map.of() : contributions.ofItem(change.after());
                }
                // Marked: the totals keep it for the query API but do not publish it again (KpiOutput.PUBLISHED_HEADER).
                context.forward(new Record<>(entry.getKey(), KpiOutput.toTotal(delta), at, KpiOutput.publishedMark()));
                context.forward(new Record<>(entry.getKey(), KpiOutput.publish(itemKpi(itemKpis.get(entry.getKey()),
                        change.computedAt())), at));
                continue;
            }
            deltas.add(delta);
            combined.merge(entry.getKey(), delta, KpiDelta::plus);
        }
        if (!deltas.isEmpty()) {
            String key = Long.toString(sequence++);
            buffer.put(key, deltas);
            written.add(key);
        }
    }

    private void flush(long wallClockMs) {
        // put(key, null) deletes like delete(key), without reading and deserializing the old value back to return it.
        written.forEach(key -> buffer.put(key, null));
        written.clear();
        sequence = 0;
        for (var entry : combined.entrySet()) {
            KpiDelta delta = entry.getValue();
            boolean itemKey = Dimensions.isItem(delta.dimension());
            if (!delta.isZero()) {
                context.forward(itemKey
                        ? new Record<>(entry.getKey(), KpiOutput.toTotal(delta), wallClockMs, KpiOutput.publishedMark())
                        : new Record<>(entry.getKey(), KpiOutput.toTotal(delta), wallClockMs));
            }
            if (itemKey) {
                // Only from a buffer an earlier build wrote (this one never buffers item keys), whose totals still
                // published them: published now from the item's current state, or a tombstone if it has none.
                ItemState item = items.get(delta.dimension().substring(Dimensions.item("").length()));
                KpiDelta current = item == null || item.expired() ? null : contributions.ofItem(item).get(entry.getKey());
                context.forward(new Record<>(entry.getKey(), KpiOutput.publish(itemKpi(current, delta.computedAt())),
                        wallClockMs));
            }
        }
        combined.clear();
    }

    /** An item KPI's record: its one contribution as a total (the same record the total would give); null if none. */
    private static Kpi itemKpi(KpiDelta contribution, Instant computedAt) {
        if (contribution == null) {
            return null;
        }
        KpiTotal total = KpiTotal.empty().plus(contribution.at(computedAt));
        return total == null ? null : total.toKpi();
    }

    /** The sequence number a store key stands for; -1 for a KPI key an earlier build used. */
    private static long sequenceOf(String key) {
        for (int i = 0; i < key.length(); i++) {
            if (!Character.isDigit(key.charAt(i))) {
                return -1;
            }
        }
        return key.isEmpty() || key.length() > 18 ? -1 : Long.parseLong(key);
    }
}
