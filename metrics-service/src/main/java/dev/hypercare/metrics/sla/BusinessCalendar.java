package dev.hypercare.metrics.sla;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.Set;

/**
 * When SLA clocks run. The rule: with business hours off, every instant counts; with them on, only
 * the time between {@code opens} and {@code closes} on the working days counts, in the calendar's
 * time zone (so a P3 received on Friday at 16:30 with a 1 h target in 09:00-17:00 Mon-Fri is due on
 * Monday at 09:30, local time, whatever the daylight-saving offset is that week).
 */
public record BusinessCalendar(boolean enabled, ZoneId zone, LocalTime opens, LocalTime closes, Set<DayOfWeek> days) {

    /** Round the clock, every day: the default. */
    public static final BusinessCalendar ALWAYS = new BusinessCalendar(false, ZoneId.of("UTC"), LocalTime.MIN,
            LocalTime.MAX, EnumSet.allOf(DayOfWeek.class));

    public BusinessCalendar {
        if (enabled && !opens.isBefore(closes)) {
            throw new IllegalArgumentException("Business hours must open before they close: " + opens + "-" + closes);
        }
        if (enabled && days.isEmpty()) {
            throw new IllegalArgumentException("Business hours need at least one working day");
        }
        days = days.isEmpty() ? EnumSet.noneOf(DayOfWeek.class) : EnumSet.copyOf(days);
    }

    /** The instant at which {@code amount} of counted time has passed since {@code start}. */
    public Instant plus(Instant start, Duration amount) {
        if (!enabled) {
            return start.plus(amount);
        }
        ZonedDateTime cursor = start.atZone(zone);
        Duration left = amount;
        // Walks day by day: at most a few dozen iterations even for multi-week resolution targets.
        while (true) {
            if (days.contains(cursor.getDayOfWeek())) {
                ZonedDateTime open = cursor.with(opens);
                ZonedDateTime close = cursor.with(closes);
                ZonedDateTime from = cursor.isBefore(open) ? open : cursor;
                if (from.isBefore(close)) {
                    Duration available = Duration.between(from, close);
                    if (available.compareTo(left) >= 0) {
                        return from.plus(left).toInstant();
                    }
                    left = left.minus(available);
                }
            }
            cursor = cursor.toLocalDate().plusDays(1).atStartOfDay(zone);
        }
    }
}
