package dev.hypercare.metrics.kpi;

import dev.hypercare.metrics.item.ItemChange;
import dev.hypercare.metrics.streams.StoreSweep;
import java.time.Duration;
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
 * <p>The buffer is a changelogged store (cached, so the combining itself costs no writes), so under
 * exactly-once a crash neither loses nor repeats a delta: what was buffered is committed with the
 * item state that caused it, and flushed after a restart.
 *
 * <p>The combined deltas are also kept in memory ({@code combined}), so an event costs one store
 * {@code put} per key and no {@code get}: reading the buffer back through the record cache deserialized
 * every buffered delta again (JFR: a third of this processor's time). The store stays the durable copy,
 * written on every change, and the map is rebuilt from it in {@link #init}: Kafka Streams initializes the
 * processor again whenever it restores or wipes the task's state (a restart, a rebalance, an aborted
 * exactly-once transaction: the task is closed dirty and revived), so the map never holds a delta the
 * store does not.
 */
public final class KpiDeltaCombiner implements Processor<String, ItemChange, String, KpiDelta> {

    private final String bufferStore;
    private final KpiContributions contributions;
    private final Duration interval;
    private ProcessorContext<String, KpiDelta> context;
    private KeyValueStore<String, KpiDelta> buffer;
    /** The buffer's content, by key (sorted like the store, so the flush order does not change). */
    private final Map<String, KpiDelta> combined = new TreeMap<>();

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
        StoreSweep.forEach(buffer, combined::put);
        context.schedule(interval, PunctuationType.WALL_CLOCK_TIME, this::flush);
    }

    @Override
    public void process(Record<String, ItemChange> record) {
        if (record.value() == null) {
            return;
        }
        for (var entry : contributions.deltas(record.value())) {
            buffer.put(entry.getKey(), combined.merge(entry.getKey(), entry.getValue(), KpiDelta::plus));
        }
    }

    private void flush(long wallClockMs) {
        for (var entry : combined.entrySet()) {
            buffer.delete(entry.getKey());
            if (!entry.getValue().isZero()) {
                context.forward(new Record<>(entry.getKey(), entry.getValue(), wallClockMs));
            }
        }
        combined.clear();
    }
}
