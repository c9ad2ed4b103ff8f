package dev.hypercare.metrics.sla;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hypercare.model.Priority;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BusinessCalendarTest {

    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private final BusinessCalendar officeHours = new BusinessCalendar(true, PARIS, LocalTime.of(9, 0), LocalTime.of(17, 0),
            EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY));

    @Test
    void shouldCarryTheRestOfATargetOverTheWeekend() {
        // given: Friday 16:30 in Paris (15:30 UTC in March, before the DST switch)
        Instant friday = Instant.parse("2025-03-07T15:30:00Z");

        // when
        Instant due = officeHours.plus(friday, Duration.ofHours(1));

        // then: 30 min on Friday, 30 min on Monday from 09:00 Paris
        assertThat(due).isEqualTo(Instant.parse("2025-03-10T08:30:00Z"));
    }

    @Test
    void shouldSkipWholeWeeksOfALongTargetAndLandWhereADayByDayWalkWould() {
        // given one business hour a week (Sunday 09:00-10:00 UTC) and a ten-day target: 240 Sundays
        BusinessCalendar sundays = new BusinessCalendar(true, ZoneId.of("UTC"), LocalTime.of(9, 0), LocalTime.of(10, 0),
                EnumSet.of(DayOfWeek.SUNDAY));

        // when an item arrives on a Monday
        Instant due = sundays.plus(Instant.parse("2025-03-03T12:00:00Z"), Duration.ofDays(10));

        // then it is due at the end of the 240th Sunday (2025-03-09 + 239 weeks), and the same mid-hour
        assertThat(due).isEqualTo(Instant.parse("2029-10-07T10:00:00Z"));
        assertThat(sundays.plus(Instant.parse("2025-03-09T09:30:00Z"), Duration.ofMinutes(90)))
                .isEqualTo(Instant.parse("2025-03-16T10:00:00Z"));
        assertThat(officeHours.plus(Instant.parse("2025-03-07T15:30:00Z"), Duration.ofHours(41)))
                .as("one week of 40 h skipped, then 30 min on Friday and 30 min on Monday").isEqualTo(Instant.parse("2025-03-17T08:30:00Z"));
    }

    @Test
    void shouldRefuseABusinessDayShorterThanFifteenMinutes() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new BusinessCalendar(true, PARIS, LocalTime.of(9, 0),
                        LocalTime.of(9, 0, 0, 1), EnumSet.of(DayOfWeek.SUNDAY)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least PT15M");
    }

    @Test
    void shouldStartTheClockAtOpeningForAnItemReceivedAtNight() {
        // when: received Tuesday 02:00 Paris, 15 min target
        Instant due = officeHours.plus(Instant.parse("2025-03-11T01:00:00Z"), Duration.ofMinutes(15));

        // then
        assertThat(due).isEqualTo(Instant.parse("2025-03-11T08:15:00Z"));
    }

    @Test
    void shouldCountEveryInstantWhenBusinessHoursAreOff() {
        // when
        Instant due = BusinessCalendar.ALWAYS.plus(Instant.parse("2025-03-08T23:00:00Z"), Duration.ofHours(2));

        // then
        assertThat(due).isEqualTo(Instant.parse("2025-03-09T01:00:00Z"));
    }

    @Test
    void shouldPutTheWarningAtItsShareOfTheTarget() {
        // given
        SlaPolicy policy = new SlaPolicy(Map.of(Priority.P1, new SlaTarget(Duration.ofMinutes(10), Duration.ofHours(1))),
                0.8, BusinessCalendar.ALWAYS);
        Instant received = Instant.parse("2025-03-01T09:00:00Z");

        // when
        SlaDeadlines deadlines = policy.deadlines(Priority.P1, received);

        // then
        assertThat(deadlines.firstResponseWarnAt()).isEqualTo(received.plusSeconds(480));
        assertThat(deadlines.firstResponseDueAt()).isEqualTo(received.plusSeconds(600));
        assertThat(deadlines.resolutionWarnAt()).isEqualTo(received.plusSeconds(2880));
        assertThat(policy.deadlines(Priority.P4, received).firstResponseDueAt()).isNull();
    }
}
