package dev.hypercare.metrics.readiness;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Test;

class ReadinessEvaluatorTest {

    private static final Instant NOON = Instant.parse("2025-03-15T12:00:00Z");

    private final ReadinessEvaluator evaluator = new ReadinessEvaluator(ReadinessCriteria.defaults());

    @Test
    void shouldNotReadASteadyVolumeAsFallingHalfWayThroughTheDay() {
        // given: 100 items every day for two weeks, and today's first half (50) so far
        ReadinessState state = withDailyVolume(age -> age == 0 ? 50 : 100);

        // when
        ExitReadiness.Criterion falling = fallingWeeklyVolume(evaluator.evaluate(state, NOON));

        // then: 700 against 700, today left out
        assertThat(falling.met()).isFalse();
        assertThat(falling.actual()).isEqualTo("700 vs 700");
    }

    @Test
    void shouldSeeAVolumeThatFellByTheDayFromTheWholeDaysAlone() {
        // given: 100 a day the week before, 60 a day last week
        ReadinessState state = withDailyVolume(age -> age == 0 ? 0 : age <= 7 ? 60 : 100);

        // when
        ExitReadiness.Criterion falling = fallingWeeklyVolume(evaluator.evaluate(state, NOON));

        // then
        assertThat(falling.met()).isTrue();
        assertThat(falling.actual()).isEqualTo("420 vs 700");
    }

    /** Items per UTC day by age in days (0 = today), for the last 15 days. */
    private static ReadinessState withDailyVolume(IntUnaryOperator byAge) {
        Map<String, Long> daily = new TreeMap<>();
        LocalDate today = LocalDate.parse("2025-03-15");
        for (int age = 0; age <= 14; age++) {
            daily.put(today.minusDays(age).toString(), (long) byAge.applyAsInt(age));
        }
        return new ReadinessState("2.0", 0, null, 100.0, 10, 5.0, 10, daily, null);
    }

    private static ExitReadiness.Criterion fallingWeeklyVolume(ExitReadiness verdict) {
        return verdict.criteria().stream().filter(c -> c.name().equals(ReadinessCriteria.FALLING_WEEKLY_VOLUME))
                .findFirst().orElseThrow();
    }
}
