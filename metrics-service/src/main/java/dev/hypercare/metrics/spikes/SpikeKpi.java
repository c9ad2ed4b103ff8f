package dev.hypercare.metrics.spikes;

import dev.hypercare.model.Kpi;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A component's volume-spike state as a KPI record on {@code hypercare.kpis}: key
 * {@code R|volume-spike|component=<C>|period}, value 1 while a spike is on and 0 after it ended, unit
 * {@code boolean}, count = spikes so far, details: the spike (window, count, baseline, threshold, peak,
 * startedAt, endedAt) and the rule's settings. Published when a spike starts and when it ends.
 */
public final class SpikeKpi {

    public static final String KPI = "volume-spike";
    public static final String DIMENSION = "component";

    private SpikeKpi() {
    }

    public static String key(String release, String component) {
        return Kpi.key(release, KPI, DIMENSION + "=" + component, Kpi.WHOLE_PERIOD);
    }

    /** Null when the component never had a spike (nothing to show). */
    public static Kpi of(String release, ComponentSpikes state, SpikeSettings settings, Instant computedAt) {
        ComponentSpikes.Spike spike = state.active() != null ? state.active() : state.last();
        if (spike == null) {
            return null;
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("component", state.component());
        details.put("active", state.active() != null);
        details.put("startedAt", spike.startedAt().toString());
        details.put("endedAt", spike.endedAt() == null ? null : spike.endedAt().toString());
        details.put("windowStart", spike.windowStart().toString());
        details.put("windowEnd", spike.windowEnd().toString());
        details.put("count", spike.count());
        details.put("peak", spike.peak());
        details.put("baseline", round(spike.baseline()));
        details.put("threshold", round(spike.threshold()));
        details.put("window", settings.window().toString());
        details.put("factor", settings.factor());
        details.put("endFactor", settings.endFactor());
        details.put("minCount", settings.minCount());
        return Kpi.of(release, KPI, DIMENSION + "=" + state.component(), Kpi.WHOLE_PERIOD,
                state.active() != null ? 1.0 : 0.0, state.spikes(), "boolean", computedAt).with(null, null, details);
    }

    static double round(double value) {
        return Math.round(value * 100.0) / 100.0;
    }
}
