package dev.hypercare.metrics.kpi;

import dev.hypercare.metrics.item.ItemChange;
import dev.hypercare.metrics.streams.StoreSweep;
import java.time.Duration;
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
 */
public final class KpiDeltaCombiner implements Processor<String, ItemChange, String, KpiDelta> {

    private final String bufferStore;
    private final KpiContributions contributions;
    private final Duration interval;
    private ProcessorContext<String, KpiDelta> context;
    private KeyValueStore<String, List<KpiDelta>> buffer;
    /** The deltas buffered since the last flush, combined per KPI key (sorted: the flush order is the keys'). */
    private final Map<String, KpiDelta> combined = new TreeMap<>();
    /** The store keys written (or found at init) since the last flush: deleted by the flush. */
    private final List<String> written = new ArrayList<>();
    /** The next store key; keys restart at 0 after each flush (the flush deleted every earlier one). */
    private long sequence;

    public KpiDeltaCombiner(String bufferStore, KpiContributions contributions, Duration interval) {
        this.bufferStore = bufferStore;
        this.contributions = contributions;
        this.interval = interval;
    }

    @Override
    public void init(ProcessorContext<String, KpiDelta> context) {
        this.context = context;
        this.buffer = context.getStateStore(bufferStore);
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
        if (record.value() == null) {
            return;
        }
        List<KpiDelta> deltas = new ArrayList<>();
        for (var entry : contributions.deltas(record.value())) {
            deltas.add(entry.getValue());
            combined.merge(entry.getKey(), entry.getValue(), KpiDelta::plus);
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
            if (!entry.getValue().isZero()) {
                context.forward(new Record<>(entry.getKey(), entry.getValue(), wallClockMs));
            }
        }
        combined.clear();
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
