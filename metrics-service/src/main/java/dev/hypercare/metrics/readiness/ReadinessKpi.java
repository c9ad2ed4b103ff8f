package dev.hypercare.metrics.readiness;

import dev.hypercare.metrics.kpi.Dimensions;
import dev.hypercare.model.Kpi;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Exit readiness as a KPI record, the compacted form on {@code hypercare.kpis}: key
 * {@code R|exit-readiness|all|period}, value 1 (ready) or 0 (not ready), unit {@code boolean},
 * count = criteria met, details {@code {"ready": bool, "criteria": [{name, met, required, actual, evidence}]}}.
 */
public final class ReadinessKpi {

    public static final String KPI = "exit-readiness";

    private ReadinessKpi() {
    }

    public static String key(String release) {
        return Kpi.key(release, KPI, Dimensions.ALL, Kpi.WHOLE_PERIOD);
    }

    public static Kpi of(ExitReadiness verdict) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("ready", verdict.ready());
        details.put("criteria", verdict.criteria());
        long met = verdict.criteria().stream().filter(ExitReadiness.Criterion::met).count();
        return Kpi.of(verdict.release(), KPI, Dimensions.ALL, Kpi.WHOLE_PERIOD, verdict.ready() ? 1.0 : 0.0, met,
                "boolean", verdict.evaluatedAt()).with(null, null, details);
    }
}
