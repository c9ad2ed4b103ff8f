package dev.hypercare.metrics.uptime;

import dev.hypercare.metrics.kpi.Dimensions;
import dev.hypercare.model.Kpi;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Uptime as a KPI record on {@code hypercare.kpis}: key {@code R|uptime|all|period}, value the percent of
 * the period without an open outage, unit {@code percent}, count = outage intervals, details
 * {@code {periodStart, periodEnd, periodMs, downtimeMs, outageOpen, intervals: [{start, end, open, durationMs,
 * reports, groups}]}}.
 */
public final class UptimeKpi {

    public static final String KPI = "uptime";

    private UptimeKpi() {
    }

    public static String key(String release) {
        return Kpi.key(release, KPI, Dimensions.ALL, Kpi.WHOLE_PERIOD);
    }

    public static Kpi of(Uptime uptime) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("periodStart", uptime.periodStart().toString());
        details.put("periodEnd", uptime.periodEnd().toString());
        details.put("periodMs", uptime.periodMs());
        details.put("downtimeMs", uptime.downtimeMs());
        details.put("outageOpen", uptime.outageOpen());
        details.put("intervals", uptime.intervals());
        return Kpi.of(uptime.release(), KPI, Dimensions.ALL, Kpi.WHOLE_PERIOD, Math.round(uptime.percent() * 1000) / 1000.0,
                uptime.intervals().size(), "percent", uptime.periodEnd()).with(null, null, details);
    }
}
