package dev.hypercare.metrics.spikes;

import java.time.Instant;

/**
 * A component's arrival rate and spike as the API shows it ({@code GET /api/v1/releases/{release}/spikes}).
 *
 * @param windowStart the window being counted
 * @param count       arrivals in it so far
 * @param baseline    the baseline per window (null during warm-up's first window)
 * @param warm        enough completed windows to detect spikes
 * @param active      a spike is on
 * @param spike       the spike on, else the latest that ended; null if none ever
 * @param spikes      spikes so far
 */
public record SpikeView(String component, Instant windowStart, long count, Double baseline, boolean warm,
                        boolean active, ComponentSpikes.Spike spike, long spikes) {

    public static SpikeView of(ComponentSpikes state, SpikeSettings settings) {
        return new SpikeView(state.component(), Instant.ofEpochMilli(state.windowStart()), state.count(),
                state.baseline() == null ? null : SpikeKpi.round(state.baseline()),
                state.windows() >= settings.warmUpWindows(), state.active() != null,
                state.active() != null ? state.active() : state.last(), state.spikes());
    }
}
