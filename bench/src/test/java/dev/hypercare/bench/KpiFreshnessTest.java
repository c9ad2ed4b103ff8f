package dev.hypercare.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KpiFreshnessTest {

    @Test
    void givenKpisMissingAndPostsUnansweredWhenTalliedThenBothCountInP99AtALowerBoundAndRefusalsDoNot() {
        long drainEnd = 1_000_000_000_000L;
        List<String> ids = new ArrayList<>();
        Map<String, Long> intended = new HashMap<>();
        Map<String, Long> arrived = new HashMap<>();
        for (int i = 0; i < 99; i++) {
            ids.add("kpi-" + i);
            intended.put("kpi-" + i, drainEnd - 30_000_000);
            arrived.put("kpi-" + i, drainEnd - 30_000_000 + 10_000);
        }
        ids.add("missing");
        intended.put("missing", drainEnd - 25_000_000);
        // Two ids never accepted: one POST unanswered, one refused (an error answer).
        ids.add("unanswered-or-refused-1");
        ids.add("unanswered-or-refused-2");

        var tally = KpiFreshness.tally(ids, intended, arrived, drainEnd, 1, 40_000_000);

        assertThat(tally.events()).isEqualTo(100);
        assertThat(tally.missing()).isEqualTo(1);
        assertThat(tally.unanswered()).isEqualTo(1);
        assertThat(tally.refused()).isEqualTo(1);
        Latency figures = Latency.of(tally.latency());
        assertThat(figures.count()).isEqualTo(101);
        assertThat(figures.p99Ms()).isGreaterThanOrEqualTo(25_000.0);
        assertThat(figures.maxMs()).isGreaterThanOrEqualTo(40_000.0);
    }
}
