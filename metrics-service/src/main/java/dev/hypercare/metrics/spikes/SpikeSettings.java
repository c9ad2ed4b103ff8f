package dev.hypercare.metrics.spikes;

import java.time.Duration;

/**
 * How volume spikes are detected ({@code hypercare.metrics.spikes.*}).
 *
 * @param window        the tumbling event-time window arrivals are counted in (aligned to the epoch, UTC)
 * @param factor        a spike starts when a window's count exceeds {@code factor} x the baseline ...
 * @param minCount      ... and reaches at least this many arrivals (a quiet component's 1 -> 4 is no spike)
 * @param endFactor     hysteresis: a spike ends with the first completed window at or below
 *                      {@code endFactor} x the baseline, or below {@code minCount}; lower than {@code factor},
 *                      so a rate hovering at the threshold does not start and end spikes in turn
 * @param warmUpWindows completed windows needed before a baseline is trusted (no spike before)
 * @param smoothing     weight of the latest completed window in the exponentially weighted baseline, 0..1
 * @param grace         how long after a window's end the wall clock closes it when no later arrival did
 *                      (arrivals from several input partitions meet here slightly out of order)
 * @param checkInterval how often the wall clock is checked, so a spike ends even when arrivals stop
 */
public record SpikeSettings(Duration window, double factor, long minCount, double endFactor, int warmUpWindows,
                            double smoothing, Duration grace, Duration checkInterval) {

    public SpikeSettings {
        if (window.isZero() || window.isNegative()) {
            throw new IllegalArgumentException("hypercare.metrics.spikes.window must be positive: " + window);
        }
        if (!(factor > 1.0) || endFactor < 0 || endFactor > factor) {
            throw new IllegalArgumentException("need factor > 1 and 0 <= end-factor <= factor: " + factor + ", " + endFactor);
        }
        if (!(smoothing > 0 && smoothing <= 1)) {
            throw new IllegalArgumentException("hypercare.metrics.spikes.smoothing must be in (0, 1]: " + smoothing);
        }
        if (minCount < 1 || warmUpWindows < 1) {
            throw new IllegalArgumentException("min-count and warm-up-windows must be at least 1");
        }
    }

    public static SpikeSettings defaults() {
        return new SpikeSettings(Duration.ofMinutes(5), 3.0, 10, 1.5, 3, 0.3, Duration.ofSeconds(10), Duration.ofSeconds(5));
    }
}
