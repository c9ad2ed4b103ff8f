package dev.hypercare.metrics.readiness;

import java.time.Duration;
import java.util.Set;

/**
 * The configured exit criteria of a release. Each can be switched off by leaving it out of
 * {@code enabled}: {@code no-open-p1}, {@code sla-attainment}, {@code csat}, {@code falling-weekly-volume}.
 *
 * @param noOpenP1For          how long no P1 may have been open (72 h)
 * @param minSlaAttainment     lowest acceptable SLA attainment, percent (95)
 * @param minCsat              lowest acceptable CSAT mean, 1..5 (4.0)
 * @param enabled              the criteria that count
 */
public record ReadinessCriteria(Duration noOpenP1For, double minSlaAttainment, double minCsat, Set<String> enabled) {

    public static final String NO_OPEN_P1 = "no-open-p1";
    public static final String SLA_ATTAINMENT = "sla-attainment";
    public static final String CSAT = "csat";
    public static final String FALLING_WEEKLY_VOLUME = "falling-weekly-volume";

    public ReadinessCriteria {
        enabled = Set.copyOf(enabled);
    }

    public static ReadinessCriteria defaults() {
        return new ReadinessCriteria(Duration.ofHours(72), 95.0, 4.0,
                Set.of(NO_OPEN_P1, SLA_ATTAINMENT, CSAT, FALLING_WEEKLY_VOLUME));
    }
}
