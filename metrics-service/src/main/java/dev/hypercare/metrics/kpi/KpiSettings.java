package dev.hypercare.metrics.kpi;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Which tumbling windows the KPIs are kept for besides the whole period ({@code hour}, {@code day}),
 * and for which dimension kinds ({@code all}, {@code category}, {@code priority}, {@code channel}).
 * Every window multiplies the KPI updates one item causes; a deployment that needs less can trim both.
 *
 * @param combineInterval how long the deltas of one task are combined per KPI key before they cross
 *                        the repartition topic (adds at most this to a KPI's latency)
 */
public record KpiSettings(List<String> windows, Set<String> windowedDimensions, Duration combineInterval) {

    public KpiSettings(List<String> windows, Set<String> windowedDimensions) {
        this(windows, windowedDimensions, DEFAULT_COMBINE_INTERVAL);
    }

    public static final Duration DEFAULT_COMBINE_INTERVAL = Duration.ofMillis(100);

    public KpiSettings {
        windows = List.copyOf(windows);
        windowedDimensions = Set.copyOf(windowedDimensions);
        for (String window : windows) {
            if (!Windows.HOUR.equals(window) && !Windows.DAY.equals(window)) {
                throw new IllegalArgumentException("Unknown KPI window '" + window + "': use hour, day");
            }
        }
    }

    public static KpiSettings defaults() {
        return new KpiSettings(List.of(Windows.HOUR, Windows.DAY),
                Set.of(Dimensions.ALL, Dimensions.CATEGORY, Dimensions.PRIORITY, Dimensions.CHANNEL));
    }
}
