package dev.hypercare.metrics.readiness;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * What exit readiness is judged on, per release (the value of {@code readiness-store}): the latest
 * of the few KPIs that matter, when a P1 was last seen open, and the daily volumes of recent weeks.
 *
 * @param openP1          P1 items open now
 * @param lastP1OpenAt    the last time a P1 was seen open; null if none ever was
 * @param slaAttainment   percent, null until an SLA outcome is decided
 * @param csat            CSAT mean, null until a rating arrives
 * @param csatCount       ratings behind it
 * @param dailyVolume     items received per UTC day ({@code 2025-03-01} -> n), the last weeks only
 * @param verdict         the latest evaluation
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ReadinessState(
        String release,
        long openP1,
        Instant lastP1OpenAt,
        Double slaAttainment,
        long slaCount,
        Double csat,
        long csatCount,
        Map<String, Long> dailyVolume,
        ExitReadiness verdict) {

    public ReadinessState {
        dailyVolume = dailyVolume == null ? new TreeMap<>() : new TreeMap<>(dailyVolume);
    }

    public static ReadinessState empty(String release) {
        return new ReadinessState(release, 0, null, null, 0, null, 0, Map.of(), null);
    }
}
