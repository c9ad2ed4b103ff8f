package dev.hypercare.metrics.uptime;

import dev.hypercare.metrics.item.ReleaseSignal;
import dev.hypercare.metrics.streams.StoreSweep;
import dev.hypercare.model.Kpi;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps each release's {@link UptimeState} (store {@code uptime-store}, keyed by release) from the
 * {@code release-signals} repartition and publishes {@code R|uptime|all|period} ({@link Uptime} has the rule)
 * when an outage report changes, when the period starts, and on wall-clock punctuation every
 * {@code publishInterval}: time alone moves uptime (the period grows, an open outage lasts).
 *
 * <p>Arrivals only move the period's start, which almost never changes: the earliest start per release is
 * also kept in memory (a mirror of the store, rebuilt lazily after a rebalance) so an arrival costs no store
 * read.
 */
public final class UptimeProcessor implements Processor<String, ReleaseSignal, String, Kpi> {

    private final String storeName;
    private final Duration publishInterval;
    private final Map<String, Instant> periodStarts = new HashMap<>();
    private ProcessorContext<String, Kpi> context;
    private KeyValueStore<String, UptimeState> store;

    public UptimeProcessor(String storeName, Duration publishInterval) {
        this.storeName = storeName;
        this.publishInterval = publishInterval;
    }

    @Override
    public void init(ProcessorContext<String, Kpi> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
        context.schedule(publishInterval, PunctuationType.WALL_CLOCK_TIME, this::publishAll);
    }

    @Override
    public void process(Record<String, ReleaseSignal> record) {
        ReleaseSignal signal = record.value();
        String release = record.key();
        if (release == null || signal == null || signal.receivedAt() == null) {
            return;
        }
        if (signal.kind() == ReleaseSignal.Kind.ARRIVAL) {
            Instant known = periodStarts.get(release);
            if (known != null && !signal.receivedAt().isBefore(known)) {
                return;
            }
        }
        UptimeState before = store.get(release);
        UptimeState state = before != null ? before : UptimeState.empty(release);
        UptimeState after = signal.kind() == ReleaseSignal.Kind.ARRIVAL ? state.withArrival(signal.receivedAt()) : state.apply(signal);
        periodStarts.put(release, after.periodStart());
        if (after.equals(before)) {
            return;
        }
        store.put(release, after);
        publish(after);
    }

    private void publishAll(long wallClockMs) {
        StoreSweep.forEach(store, (release, state) -> publish(state));
    }

    private void publish(UptimeState state) {
        long now = context.currentSystemTimeMs();
        Kpi kpi = UptimeKpi.of(Uptime.of(state, Instant.ofEpochMilli(now)));
        context.forward(new Record<>(kpi.key(), kpi, now));
    }
}
