package dev.hypercare.metrics.kpi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LatencySketchTest {

    @Test
    void shouldAnswerPercentilesWithinOnePercent() {
        // given: 1..100 minutes
        List<Long> values = new ArrayList<>();
        for (long minute = 1; minute <= 100; minute++) {
            values.add(minute * 60_000);
        }

        // when
        LatencySketch sketch = LatencySketch.empty().update(values, List.of());

        // then
        assertThat(sketch.count()).isEqualTo(100);
        assertThat((double) sketch.percentile(50)).isCloseTo(50 * 60_000, within(0.01 * 50 * 60_000));
        assertThat((double) sketch.percentile(90)).isCloseTo(90 * 60_000, within(0.01 * 90 * 60_000));
        assertThat((double) sketch.percentile(99)).isCloseTo(99 * 60_000, within(0.01 * 99 * 60_000));
    }

    @Test
    void shouldRemoveAValueExactlyAndSurviveTheStoreEncoding() {
        // given
        LatencySketch sketch = LatencySketch.empty().update(List.of(1_000L, 2_000L, 3_600_000L), List.of());

        // when: the one-hour value leaves (e.g. its item was reopened), through an encode/decode
        LatencySketch read = LatencySketch.decode(sketch.encode()).update(List.of(), List.of(3_600_000L));

        // then
        assertThat(read.count()).isEqualTo(2);
        assertThat((double) read.percentile(100)).isCloseTo(2_000, within(20.0));
    }

    @Test
    void shouldGiveTheDistributionOfRatings() {
        // when
        LatencySketch ratings = LatencySketch.empty().update(List.of(5L, 5L, 4L, 1L), List.of());

        // then
        assertThat(ratings.distribution(5)).containsExactly(
                org.assertj.core.api.Assertions.entry("1", 1L), org.assertj.core.api.Assertions.entry("2", 0L),
                org.assertj.core.api.Assertions.entry("3", 0L), org.assertj.core.api.Assertions.entry("4", 1L),
                org.assertj.core.api.Assertions.entry("5", 2L));
    }
}
