package dev.hypercare.metrics.readiness;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Judges a release against the {@link ReadinessCriteria} at a given instant. The rules:
 * <ul>
 *   <li>{@code no-open-p1}: no P1 is open now, and none was for {@code noOpenP1For} (met at once for
 *       a release that never had a P1);</li>
 *   <li>{@code sla-attainment}: the period's attainment is at least the minimum (not met while no
 *       target is decided);</li>
 *   <li>{@code csat}: the period's CSAT mean is at least the minimum (not met without ratings);</li>
 *   <li>{@code falling-weekly-volume}: fewer items were received in the last 7 full UTC days
 *       (yesterday and the 6 before; today is not over) than in the 7 before, which must have had some.</li>
 * </ul>
 * Ready when every enabled criterion is met (and at least one is enabled).
 */
public final class ReadinessEvaluator {

    private final ReadinessCriteria criteria;

    public ReadinessEvaluator(ReadinessCriteria criteria) {
        this.criteria = criteria;
    }

    public ExitReadiness evaluate(ReadinessState state, Instant now) {
        List<ExitReadiness.Criterion> verdicts = new ArrayList<>();
        if (criteria.enabled().contains(ReadinessCriteria.NO_OPEN_P1)) {
            verdicts.add(noOpenP1(state, now));
        }
        if (criteria.enabled().contains(ReadinessCriteria.SLA_ATTAINMENT)) {
            verdicts.add(atLeast(ReadinessCriteria.SLA_ATTAINMENT, state.slaAttainment(), criteria.minSlaAttainment(),
                    "%.1f %%", state.slaCount() + " SLA target(s) decided", "no SLA target decided yet"));
        }
        if (criteria.enabled().contains(ReadinessCriteria.CSAT)) {
            verdicts.add(atLeast(ReadinessCriteria.CSAT, state.csat(), criteria.minCsat(),
                    "%.2f", state.csatCount() + " rating(s)", "no rating yet"));
        }
        if (criteria.enabled().contains(ReadinessCriteria.FALLING_WEEKLY_VOLUME)) {
            verdicts.add(fallingWeeklyVolume(state, now));
        }
        boolean ready = !verdicts.isEmpty() && verdicts.stream().allMatch(ExitReadiness.Criterion::met);
        return new ExitReadiness(state.release(), ready, verdicts, now);
    }

    private ExitReadiness.Criterion noOpenP1(ReadinessState state, Instant now) {
        String required = "no open P1 for " + hours(criteria.noOpenP1For());
        if (state.openP1() > 0) {
            return new ExitReadiness.Criterion(ReadinessCriteria.NO_OPEN_P1, false, required,
                    state.openP1() + " open", state.openP1() + " P1 item(s) open now");
        }
        if (state.lastP1OpenAt() == null) {
            return new ExitReadiness.Criterion(ReadinessCriteria.NO_OPEN_P1, true, required,
                    "none ever open", "no P1 item has been open in this release");
        }
        Duration since = Duration.between(state.lastP1OpenAt(), now);
        boolean met = since.compareTo(criteria.noOpenP1For()) >= 0;
        return new ExitReadiness.Criterion(ReadinessCriteria.NO_OPEN_P1, met, required,
                "none open for " + hours(since),
                "last P1 closed at " + state.lastP1OpenAt() + (met ? "" : ", " + hours(criteria.noOpenP1For().minus(since)) + " to go"));
    }

    private static ExitReadiness.Criterion atLeast(String name, Double actual, double minimum, String format,
                                                   String basis, String missing) {
        String required = ">= " + String.format(Locale.ROOT, format, minimum);
        if (actual == null) {
            return new ExitReadiness.Criterion(name, false, required, "unknown", missing);
        }
        String figure = String.format(Locale.ROOT, format, actual);
        boolean met = actual >= minimum;
        return new ExitReadiness.Criterion(name, met, required, figure,
                figure + (met ? " meets " : " is below ") + required + ", over " + basis);
    }

    private static ExitReadiness.Criterion fallingWeeklyVolume(ReadinessState state, Instant now) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        long last = 0;
        long previous = 0;
        for (var day : state.dailyVolume().entrySet()) {
            LocalDate date = LocalDate.parse(day.getKey());
            // Whole days only (yesterday and the 6 before, against the 7 before those): with today's part-day in the
            // last week, a steady volume read as falling for most of every day.
            long age = today.toEpochDay() - date.toEpochDay();
            if (age >= 1 && age <= 7) {
                last += day.getValue();
            } else if (age >= 8 && age <= 14) {
                previous += day.getValue();
            }
        }
        boolean met = previous > 0 && last < previous;
        String actual = last + " vs " + previous;
        String evidence = previous == 0
                ? "not enough history: no item in the 7 days before the last 7 full days (last 7 days: " + last + ")"
                : "last 7 days: " + last + " item(s), the 7 days before: " + previous + (met ? " (falling)" : " (not falling)");
        return new ExitReadiness.Criterion(ReadinessCriteria.FALLING_WEEKLY_VOLUME, met,
                "last 7 full days < the 7 before", actual, evidence);
    }

    private static String hours(Duration duration) {
        return Math.max(0, duration.toHours()) + " h";
    }
}
