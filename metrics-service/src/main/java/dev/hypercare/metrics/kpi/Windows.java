package dev.hypercare.metrics.kpi;

import dev.hypercare.model.Kpi;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * The KPI windows: the whole hypercare {@code period}, and tumbling UTC hours and days. The rule:
 * an item belongs to the hour and the day in which the ingest-service received it, and everything
 * it contributes (volume, its times once known, CSAT, SLA outcome) goes to those windows, so a
 * window's KPIs describe the items received in it, and a late lifecycle event updates the window of
 * its item, however late. Labels: {@code hour:2025-03-01T09:00:00Z}, {@code day:2025-03-01}.
 */
public final class Windows {

    public static final String HOUR = "hour";
    public static final String DAY = "day";

    private Windows() {
    }

    public static String hour(Instant at) {
        return HOUR + ":" + at.truncatedTo(ChronoUnit.HOURS);
    }

    public static String day(Instant at) {
        return DAY + ":" + LocalDate.ofInstant(at, ZoneOffset.UTC);
    }

    public static String label(String kind, Instant at) {
        return HOUR.equals(kind) ? hour(at) : day(at);
    }

    /** The window's start (inclusive); null for the whole period. */
    public static Instant start(String window) {
        if (window.startsWith(HOUR + ":")) {
            return Instant.parse(window.substring(HOUR.length() + 1));
        }
        if (window.startsWith(DAY + ":")) {
            return LocalDate.parse(window.substring(DAY.length() + 1)).atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        return null;
    }

    /** The window's end (exclusive); null for the whole period. */
    public static Instant end(String window) {
        Instant start = start(window);
        if (start == null) {
            return null;
        }
        return start.plus(window.startsWith(HOUR) ? Duration.ofHours(1) : Duration.ofDays(1));
    }

    public static boolean isPeriod(String window) {
        return Kpi.WHOLE_PERIOD.equals(window);
    }
}
