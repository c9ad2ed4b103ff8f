package dev.hypercare.metrics.kpi;

import dev.hypercare.model.Kpi;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

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

    /**
     * A window label as a client may write it, in the form the KPIs carry: {@code period}, {@code day:2025-03-01},
     * or {@code hour:} and the instant the hour starts ({@code hour:2025-03-01T09:00Z} becomes
     * {@code hour:2025-03-01T09:00:00Z}). Empty when it is none of these, so a query can say so instead of
     * answering an empty list for a typo.
     */
    public static Optional<String> canonical(String window) {
        try {
            if (Kpi.WHOLE_PERIOD.equals(window)) {
                return Optional.of(window);
            }
            if (window.startsWith(DAY + ":")) {
                return Optional.of(day(LocalDate.parse(window.substring(DAY.length() + 1)).atStartOfDay(ZoneOffset.UTC).toInstant()));
            }
            if (window.startsWith(HOUR + ":")) {
                // An offset date-time: seconds may be left out, and "+01:00" means what it says.
                Instant at = OffsetDateTime.parse(window.substring(HOUR.length() + 1)).toInstant();
                return at.equals(at.truncatedTo(ChronoUnit.HOURS)) ? Optional.of(hour(at)) : Optional.empty();
            }
        } catch (DateTimeException e) {
            // not a date or an instant: no window
        }
        return Optional.empty();
    }

    public static boolean isPeriod(String window) {
        return Kpi.WHOLE_PERIOD.equals(window);
    }
}
