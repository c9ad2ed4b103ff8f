package dev.hypercare.metrics.sla;

import dev.hypercare.model.Priority;
import dev.hypercare.model.SlaEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * The SLA policy: targets per priority, the share of a target at which a warning goes out, and the
 * business calendar the clocks run on. The rule: an item of priority P received at t is due for
 * target T at {@code calendar.plus(t, target)}; its warning is due at
 * {@code calendar.plus(t, target x warnAt)}.
 */
public record SlaPolicy(Map<Priority, SlaTarget> targets, double warnAt, BusinessCalendar calendar) {

    /**
     * The longest target accepted. Deadlines are computed in milliseconds and, with business hours, a working day at a
     * time: a live document's PT9999999999999999S overflowed on the next item (the metrics-service in ERROR on every
     * restart), and PT999999999999H with business hours walked the calendar for ever while health said UP.
     */
    public static final Duration MAX_TARGET = Duration.ofDays(365);

    public SlaPolicy {
        // "Not within", so that NaN is refused too.
        if (!(warnAt > 0.0 && warnAt < 1.0)) {
            throw new IllegalArgumentException("The warning share of a target must lie strictly between 0 and 1: " + warnAt);
        }
        targets = Map.copyOf(targets);
        targets.forEach((priority, target) -> {
            for (Duration d : new Duration[] {target.firstResponse(), target.resolution()}) {
                if (d != null && d.compareTo(MAX_TARGET) > 0) {
                    throw new IllegalArgumentException(priority + ": an SLA target must be at most " + MAX_TARGET + ", not " + d);
                }
            }
        });
    }

    /** A conventional default: P1 15 min / 4 h, P2 1 h / 1 d, P3 4 h / 3 d, P4 1 d / 10 d, warn at 80 %. */
    public static SlaPolicy defaults() {
        Map<Priority, SlaTarget> targets = new EnumMap<>(Priority.class);
        targets.put(Priority.P1, new SlaTarget(Duration.ofMinutes(15), Duration.ofHours(4)));
        targets.put(Priority.P2, new SlaTarget(Duration.ofHours(1), Duration.ofDays(1)));
        targets.put(Priority.P3, new SlaTarget(Duration.ofHours(4), Duration.ofDays(3)));
        targets.put(Priority.P4, new SlaTarget(Duration.ofDays(1), Duration.ofDays(10)));
        return new SlaPolicy(targets, 0.8, BusinessCalendar.ALWAYS);
    }

    /** The target duration for a priority and measure; null when the policy sets none. */
    public Duration target(Priority priority, SlaEvent.Target target) {
        SlaTarget t = priority == null ? null : targets.get(priority);
        if (t == null) {
            return null;
        }
        return target == SlaEvent.Target.FIRST_RESPONSE ? t.firstResponse() : t.resolution();
    }

    /** The deadlines of an item of this priority received at {@code receivedAt}. */
    public SlaDeadlines deadlines(Priority priority, Instant receivedAt) {
        Duration fr = target(priority, SlaEvent.Target.FIRST_RESPONSE);
        Duration res = target(priority, SlaEvent.Target.RESOLUTION);
        return new SlaDeadlines(
                fr, fr == null ? null : calendar.plus(receivedAt, scaled(fr)), fr == null ? null : calendar.plus(receivedAt, fr),
                res, res == null ? null : calendar.plus(receivedAt, scaled(res)), res == null ? null : calendar.plus(receivedAt, res));
    }

    private Duration scaled(Duration target) {
        return Duration.ofMillis(Math.round(target.toMillis() * warnAt));
    }
}
