package dev.hypercare.metrics.spikes;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;

/**
 * The arrival rate of one release's component and its spike, if any: part of {@link ReleaseSpikes}.
 *
 * @param component    the component (or {@value ReleaseSpikes#UNSPECIFIED})
 * @param windowStart  start of the window being counted (epoch millis)
 * @param count        arrivals in that window so far
 * @param baseline     exponentially weighted mean of the completed windows' counts; null before the first one
 * @param windows      completed windows folded into the baseline
 * @param active       the spike in progress, null when none
 * @param last         the latest spike that ended, null when none did
 * @param spikes       spikes started so far
 * @param lateArrivals arrivals older than the window being counted (ignored by the detector)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ComponentSpikes(String component, long windowStart, long count, Double baseline, long windows,
                              Spike active, Spike last, long spikes, long lateArrivals) {

    public static ComponentSpikes start(String component, long windowStart) {
        return new ComponentSpikes(component, windowStart, 0, null, 0, null, null, 0, 0);
    }

    /**
     * One spike.
     *
     * @param startedAt   event time of the arrival that crossed the threshold
     * @param windowStart the window it started in
     * @param windowEnd   end of that window
     * @param count       arrivals in that window when it started
     * @param baseline    the baseline it was measured against
     * @param threshold   the count it had to exceed ({@code factor x baseline}, at least {@code minCount - 1})
     * @param peak        the most arrivals in one window while it lasted
     * @param endedAt     end of the first window back under {@code endFactor x baseline}; null while active
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Spike(Instant startedAt, Instant windowStart, Instant windowEnd, long count, double baseline,
                        double threshold, long peak, Instant endedAt) {

        Spike withPeak(long windowCount) {
            return windowCount <= peak ? this
                    : new Spike(startedAt, windowStart, windowEnd, count, baseline, threshold, windowCount, endedAt);
        }

        Spike endedAt(Instant at) {
            return new Spike(startedAt, windowStart, windowEnd, count, baseline, threshold, peak, at);
        }
    }
}
