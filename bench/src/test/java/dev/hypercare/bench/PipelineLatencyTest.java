package dev.hypercare.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hypercare.model.Priority;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PipelineLatencyTest {

    private static final long DRAIN_END = 1_000_000_000_000L;
    private static final long DRAIN_MICROS = 20_000_000;

    @Test
    void givenItemsMissingAfterTheDrainWhenAggregatedThenP99CountsThemAtTheirWaitNotOverTheSurvivors() {
        Map<String, Long> accepted = new HashMap<>();
        Map<String, PipelineLatency.Arrival> arrivals = new HashMap<>();
        for (int i = 0; i < 99; i++) {
            accepted.put("arrived-" + i, DRAIN_END - DRAIN_MICROS);
            arrivals.put("arrived-" + i, new PipelineLatency.Arrival(i % 10 == 0 ? Priority.P1 : Priority.P3, 10_000));
        }
        // Accepted at the end of the load, never seen on a priority topic in the 20 s drain.
        accepted.put("missing-1", DRAIN_END - DRAIN_MICROS);
        accepted.put("missing-2", DRAIN_END - DRAIN_MICROS);

        var figures = PipelineLatency.priorityFigures(accepted, arrivals, DRAIN_END, 0, 0);

        assertThat(figures.missing()).isEqualTo(2);
        Latency all = Latency.of(figures.all());
        assertThat(all.count()).isEqualTo(101);
        assertThat(all.p50Ms()).isLessThan(11.0);
        assertThat(all.p99Ms()).isGreaterThanOrEqualTo(DRAIN_MICROS / 1000.0);
        // Their priority is unknown: P1 stays over the P1 items that arrived.
        assertThat(Latency.of(figures.p1()).count()).isEqualTo(10);
    }

    @Test
    void givenPostsNeverAnsweredWhenAggregatedThenEachCountsAtItsLowerBound() {
        Map<String, Long> accepted = new HashMap<>();
        Map<String, PipelineLatency.Arrival> arrivals = new HashMap<>();
        for (int i = 0; i < 98; i++) {
            accepted.put("arrived-" + i, DRAIN_END);
            arrivals.put("arrived-" + i, new PipelineLatency.Arrival(Priority.P2, 10_000));
        }

        Latency all = Latency.of(PipelineLatency.priorityFigures(accepted, arrivals, DRAIN_END, 2, 35_000_000).all());

        assertThat(all.count()).isEqualTo(100);
        assertThat(all.p99Ms()).isGreaterThanOrEqualTo(35_000.0);
    }
}
