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

    /** The shortest business day accepted: with SLA targets of at most a year, deadlines stay within ~700 years. */
    public static final Duration MIN_BUSINESS_DAY = Duration.ofMinutes(15);

    public BusinessCalendar {
        if (enabled && !opens.isBefore(closes)) {
            throw new IllegalArgumentException("Business hours must open before they close: " + opens + "-" + closes);
        }
        if (enabled && Duration.between(opens, closes).compareTo(MIN_BUSINESS_DAY) < 0) {
            // A day of a nanosecond made a 15-minute target ~10^11 days away: past the calendar's last year.
            throw new IllegalArgumentException("A business day must last at least " + MIN_BUSINESS_DAY + ": " + opens + "-" + closes);
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
        // Any seven days from any instant hold one week of business time: whole weeks are skipped at once, so the walk
        // below takes at most eight days whatever the target and however short the business day (a one-nanosecond day
        // on Sundays once made it walk ~10^11 days with a 15-minute target). Local times: a daylight-saving change
        // inside the business hours themselves would make a skipped week an hour off; real hours do not contain one.
        long weekNanos = Duration.between(opens, closes).multipliedBy(days.size()).toNanos();
        if (weekNanos > 0 && left.toNanos() > weekNanos) {
            long weeks = (left.toNanos() - 1) / weekNanos;
            cursor = cursor.plusWeeks(weeks);
            left = left.minusNanos(weeks * weekNanos);
        }
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
