package dev.hypercare.metrics.spikes;

import dev.hypercare.metrics.item.ReleaseSignal;
import dev.hypercare.metrics.streams.CatchUpClock;
import dev.hypercare.metrics.streams.StoreSweep;
import dev.hypercare.model.Kpi;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Volume spikes per release and component ({@link SpikeDetector} has the rule), from the arrivals of the
 * {@code release-signals} repartition (keyed by release). State: {@code spike-store}, one
 * {@link ReleaseSpikes} per release, changelogged, so a spike is alerted once even across restarts
 * (exactly-once commits the state with the alert). Event time drives the windows; wall-clock punctuation
 * every {@code checkInterval} completes the windows nobody arrived in, so a spike also ends when arrivals stop. That
 * check judges against the {@link CatchUpClock}: while the task reads a backlog (after a stop or an outage) it does not
 * close the windows the backlog is still filling as empty, which would decay the baseline towards zero and make the
 * first live window a false spike.
 * Emits, per spike, one P1 alert and a KPI record when it starts, and a KPI record when it ends.
 */
public final class SpikeProcessor implements Processor<String, ReleaseSignal, String, SpikeOutput> {

    /**
     * How long a restarted spike task waits for its first arrival before its check closes windows by the wall clock:
     * its input is a repartition topic fed by the item tasks, which may still restore their state after a pod lost its
     * disk; closed early, the backlog's windows would all count as empty (a false spike after it).
     */
    static final Duration FIRST_RECORD_WAIT = Duration.ofMinutes(5);

    private final String storeName;
    private final SpikeSettings settings;
    private final SpikeDetector detector;
    private final CatchUpClock clock = new CatchUpClock(FIRST_RECORD_WAIT);
    private ProcessorContext<String, SpikeOutput> context;
    private KeyValueStore<String, ReleaseSpikes> store;

    public SpikeProcessor(String storeName, SpikeSettings settings) {
        this.storeName = storeName;
        this.settings = settings;
        this.detector = new SpikeDetector(settings);
    }

    @Override
    public void init(ProcessorContext<String, SpikeOutput> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
        context.schedule(settings.checkInterval(), PunctuationType.WALL_CLOCK_TIME, this::checkWallClock);
    }

    @Override
    public void process(Record<String, ReleaseSignal> record) {
        clock.read(context, record.timestamp());
        ReleaseSignal signal = record.value();
        if (record.key() == null || signal == null || signal.kind() != ReleaseSignal.Kind.ARRIVAL || signal.receivedAt() == null) {
            return;
        }
        String release = record.key();
        String component = ReleaseSpikes.componentOf(signal.component());
        ReleaseSpikes spikes = store.get(release);
        if (spikes == null) {
            spikes = ReleaseSpikes.empty(release);
        }
        SpikeDetector.Step step = detector.arrive(spikes.components().get(component), component, signal.receivedAt());
        Map<String, ComponentSpikes> components = spikes.components();
        components.put(component, step.state());
        store.put(release, new ReleaseSpikes(release, components));
        emit(release, component, step);
    }

    private void checkWallClock(long wallClockMs) {
        Instant now = Instant.ofEpochMilli(clock.now(context));
        StoreSweep.forEach(store, (release, spikes) -> {
            Map<String, ComponentSpikes> components = spikes.components();
            List<Map.Entry<String, SpikeDetector.Step>> steps = new ArrayList<>();
            boolean changed = false;
            for (var component : List.copyOf(components.entrySet())) {
                SpikeDetector.Step step = detector.advance(component.getValue(), now);
                if (step.state() != component.getValue()) {
                    components.put(component.getKey(), step.state());
                    changed = true;
                }
                steps.add(Map.entry(component.getKey(), step));
            }
            if (changed) {
                store.put(release, new ReleaseSpikes(release, components));
            }
            steps.forEach(s -> emit(release, s.getKey(), s.getValue()));
        });
    }

    private void emit(String release, String component, SpikeDetector.Step step) {
        if (!step.changedSpikes()) {
            return;
        }
        long now = context.currentSystemTimeMs();
        Instant at = Instant.ofEpochMilli(now);
        for (ComponentSpikes.Spike started : step.started()) {
            var alert = SpikeAlert.of(release, component, started, settings, at);
            context.forward(new Record<>(alert.feedbackId(), new SpikeOutput(null, alert), now));
        }
        Kpi kpi = SpikeKpi.of(release, step.state(), settings, at);
        if (kpi != null) {
            context.forward(new Record<>(kpi.key(), new SpikeOutput(kpi, null), now));
        }
    }
}
