package dev.hypercare.metrics.kpi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LatencySketchTest {

    @Test
    void shouldGiveTheSameTotalsWithSketchesKeptBetweenDeltasAsWithEachDecodedAfresh() {
        // given: more totals than a thread keeps (eviction), two of them always equal (one encoding, two keys),
        // each taking added and removed values in turn, as kpi-store's totals do
        java.util.Random random = new java.util.Random(7);
        int totals = LatencySketch.KEPT_PER_THREAD + 6;
        KpiTotal[] kept = new KpiTotal[totals];
        String[] fresh = new String[totals];
        java.time.Instant at = java.time.Instant.parse("2025-03-01T09:00:00Z");
        for (int step = 0; step < 40 * totals; step++) {
            int key = step < 20 * totals ? step % totals : random.nextInt(totals);
            int same = key == 1 ? 0 : key; // keys 0 and 1 get the same deltas: their encodings stay equal
            long value = 1_000L * (1 + (step / totals + same) % 50);
            List<Long> removed = step % 7 == 3 ? List.of(value + 1_000L) : List.of();
            KpiDelta delta = new KpiDelta("r", KpiName.FIRST_RESPONSE_MS, "all", "period", value, 1, List.of(value), removed, at);
            for (int k : key == 0 ? new int[] {0, 1} : key == 1 ? new int[0] : new int[] {key}) {
                // when: through KpiTotal.plus (taken from / kept in this thread), and decoded afresh every time
                kept[k] = KpiTotalSerde.fromBytes(KpiTotalSerde.toBytes(
                        (kept[k] == null ? KpiTotal.empty() : kept[k]).plus(delta)));
                fresh[k] = LatencySketch.decode(fresh[k]).update(delta.added(), delta.removed()).encode();
                // then: the same histogram, and the same percentiles read
                assertThat(kept[k].sketch()).isEqualTo(fresh[k]);
                assertThat(LatencySketch.read(kept[k].sketch()).percentile(90))
                        .isEqualTo(LatencySketch.decode(fresh[k]).percentile(90));
            }
        }
        assertThat(kept[0].sketch()).isEqualTo(kept[1].sketch());
    }

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
