package dev.hypercare.metrics.kpi;

import dev.hypercare.metrics.item.ItemChange;
import java.time.Duration;
import dev.hypercare.metrics.streams.StoreSweep;
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
 */
public final class KpiDeltaCombiner implements Processor<String, ItemChange, String, KpiDelta> {

    private final String bufferStore;
    private final KpiContributions contributions;
    private final Duration interval;
    private ProcessorContext<String, KpiDelta> context;
    private KeyValueStore<String, KpiDelta> buffer;

    public KpiDeltaCombiner(String bufferStore, KpiContributions contributions, Duration interval) {
        this.bufferStore = bufferStore;
        this.contributions = contributions;
        this.interval = interval;
    }

    @Override
    public void init(ProcessorContext<String, KpiDelta> context) {
        this.context = context;
        this.buffer = context.getStateStore(bufferStore);
        context.schedule(interval, PunctuationType.WALL_CLOCK_TIME, this::flush);
    }

    @Override
    public void process(Record<String, ItemChange> record) {
        if (record.value() == null) {
            return;
        }
        for (var entry : contributions.deltas(record.value())) {
            KpiDelta buffered = buffer.get(entry.getKey());
            buffer.put(entry.getKey(), buffered == null ? entry.getValue() : buffered.plus(entry.getValue()));
        }
    }

    private void flush(long wallClockMs) {
        StoreSweep.forEach(buffer, (key, delta) -> {
            buffer.delete(key);
            if (!delta.isZero()) {
                context.forward(new Record<>(key, delta, wallClockMs));
            }
        });
    }
}
