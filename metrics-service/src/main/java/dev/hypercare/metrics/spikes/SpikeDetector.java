package dev.hypercare.metrics.spikes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The volume-spike rule, for one component of one release, on event time:
 * <ul>
 *   <li>Arrivals are counted in tumbling windows of {@code window} by receive time. A completed window
 *       moves the baseline, an exponentially weighted mean ({@code smoothing} x count + (1 - smoothing)
 *       x baseline); empty windows count as 0. Windows during a spike do not move it: the baseline is the
 *       normal rate the spike is measured against.</li>
 *   <li>A spike starts, once, as soon as the window being counted has more than {@code factor} x baseline
 *       arrivals and at least {@code minCount}, after {@code warmUpWindows} completed windows.</li>
 *   <li>It ends with the first completed window with at most {@code endFactor} x baseline arrivals or fewer
 *       than {@code minCount} (hysteresis). A window is completed by a later arrival or, when arrivals stop,
 *       by the wall clock passing its end plus {@code grace} ({@link #advance}).</li>
 *   <li>An arrival up to {@code grace} older than the window being counted (inputs from several partitions
 *       meet slightly out of order) is counted in it; an older one is late: counted apart, ignored by the rule
 *       (a replay of old input detects no spikes).</li>
 * </ul>
 */
public final class SpikeDetector {

    private final SpikeSettings settings;
    private final long windowMs;

    public SpikeDetector(SpikeSettings settings) {
        this.settings = settings;
        this.windowMs = settings.window().toMillis();
    }

    /** What one step did: the state after, and the spike that started and/or ended in it. */
    public record Step(ComponentSpikes state, List<ComponentSpikes.Spike> started, List<ComponentSpikes.Spike> ended) {
        public boolean changedSpikes() {
            return !started.isEmpty() || !ended.isEmpty();
        }
    }

    public long windowStart(Instant t) {
        return Math.floorDiv(t.toEpochMilli(), windowMs) * windowMs;
    }

    /** One arrival received at {@code receivedAt}. */
    public Step arrive(ComponentSpikes state, String component, Instant receivedAt) {
        long window = windowStart(receivedAt);
        List<ComponentSpikes.Spike> started = new ArrayList<>();
        List<ComponentSpikes.Spike> ended = new ArrayList<>();
        ComponentSpikes s = state != null ? state : ComponentSpikes.start(component, window);
        if (window < s.windowStart() && !receivedAt.isBefore(Instant.ofEpochMilli(s.windowStart()).minus(settings.grace()))) {
            // just late (arrivals of several input partitions meet here slightly out of order): counted now
            window = s.windowStart();
        } else if (window < s.windowStart()) {
            return new Step(new ComponentSpikes(s.component(), s.windowStart(), s.count(), s.baseline(), s.windows(),
                    s.active(), s.last(), s.spikes(), s.lateArrivals() + 1), started, ended);
        }
        s = closeUntil(s, window, ended);
        long count = s.count() + 1;
        ComponentSpikes.Spike active = s.active();
        long spikes = s.spikes();
        if (active != null) {
            active = active.withPeak(count);
        } else if (s.windows() >= settings.warmUpWindows() && count >= settings.minCount()
                && s.baseline() != null && count > settings.factor() * s.baseline()) {
            double threshold = Math.max(settings.factor() * s.baseline(), settings.minCount() - 1);
            active = new ComponentSpikes.Spike(receivedAt, Instant.ofEpochMilli(window), Instant.ofEpochMilli(window + windowMs),
                    count, s.baseline(), threshold, count, null);
            spikes++;
            started.add(active);
        }
        return new Step(new ComponentSpikes(s.component(), s.windowStart(), count, s.baseline(), s.windows(), active,
                s.last(), spikes, s.lateArrivals()), started, ended);
    }

    /** The wall clock at {@code now}: completes the windows that ended before {@code now - grace}. */
    public Step advance(ComponentSpikes state, Instant now) {
        List<ComponentSpikes.Spike> ended = new ArrayList<>();
        long window = windowStart(now.minus(settings.grace()));
        if (window <= state.windowStart()) {
            return new Step(state, List.of(), List.of());
        }
        return new Step(closeUntil(state, window, ended), List.of(), ended);
    }

    /** Completes the window being counted and every (empty) window before {@code window}. */
    private ComponentSpikes closeUntil(ComponentSpikes s, long window, List<ComponentSpikes.Spike> ended) {
        if (window <= s.windowStart()) {
            return s;
        }
        Double baseline = s.baseline();
        long windows = s.windows();
        ComponentSpikes.Spike active = s.active();
        ComponentSpikes.Spike last = s.last();
        long end = s.windowStart() + windowMs;
        // the window being counted
        if (active != null && quiet(s.count(), baseline)) {
            last = active.endedAt(Instant.ofEpochMilli(end));
            ended.add(last);
            active = null;
        }
        if (active == null) { // the spike's own busy windows never move the baseline; the quiet one ending it does
            baseline = baseline == null ? (double) s.count()
                    : settings.smoothing() * s.count() + (1 - settings.smoothing()) * baseline;
            windows++;
        }
        // the empty windows after it, if any
        long empty = (window - end) / windowMs;
        if (empty > 0) {
            if (active != null) { // the first empty window is quiet
                last = active.endedAt(Instant.ofEpochMilli(end + windowMs));
                ended.add(last);
                active = null;
            }
            baseline = baseline == null ? 0.0 : baseline * Math.pow(1 - settings.smoothing(), Math.min(empty, 10_000));
            windows += empty;
        }
        return new ComponentSpikes(s.component(), window, 0, baseline, windows, active, last, s.spikes(), s.lateArrivals());
    }

    private boolean quiet(long count, Double baseline) {
        return count < settings.minCount() || (baseline != null && count <= settings.endFactor() * baseline);
    }
}
