package dev.hypercare.metrics.kpi;

import static dev.hypercare.metrics.Fixtures.event;
import static dev.hypercare.metrics.Fixtures.triaged;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hypercare.metrics.item.ItemChange;
import dev.hypercare.metrics.item.ItemState;
import dev.hypercare.metrics.sla.SlaPolicy;
import dev.hypercare.model.Category;
import dev.hypercare.model.FeedbackChannel;
import dev.hypercare.model.LifecycleType;
import dev.hypercare.model.Priority;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class KpiContributionsTest {

    private static final Instant RECEIVED = Instant.parse("2025-03-01T09:00:00Z");
    private static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");

    private final KpiContributions contributions = new KpiContributions(KpiSettings.defaults());

    @Test
    void shouldCountANewItemOnceInEveryVolumeDimensionAndWindow() {
        // given
        ItemState item = ItemState.empty("fb-1")
                .apply(triaged("fb-1", "2.0", Category.BUG, Priority.P1, FeedbackChannel.SLACK, RECEIVED));

        // when
        Map<String, KpiDelta> deltas = deltas(contributions, new ItemChange(null, item, NOW));

        // then
        for (String window : List.of("period", "hour:2025-03-01T09:00:00Z", "day:2025-03-01")) {
            assertThat(deltas).containsKeys(
                    "2.0|volume|all|" + window, "2.0|volume|category=BUG|" + window,
                    "2.0|volume|priority=P1|" + window, "2.0|volume|channel=SLACK|" + window);
        }
        assertThat(deltas).containsKeys("2.0|open-backlog|all|period", "2.0|open-backlog|priority=P1|period")
                .doesNotContainKey("2.0|open-backlog|all|day:2025-03-01");
        assertThat(deltas.values()).allSatisfy(d -> {
            assertThat(d.count()).isEqualTo(1);
            assertThat(d.computedAt()).isEqualTo(NOW);
        });
    }

    @Test
    void shouldKeepWindowsOnlyForTheConfiguredDimensions() {
        // given: windows for the release as a whole only
        var trimmed = new KpiContributions(new KpiSettings(List.of(Windows.DAY), Set.of(Dimensions.ALL)));
        ItemState item = ItemState.empty("fb-1").apply(triaged("fb-1", "2.0", RECEIVED));

        // when
        Map<String, KpiDelta> deltas = deltas(trimmed, new ItemChange(null, item, NOW));

        // then
        assertThat(deltas).containsKey("2.0|volume|all|day:2025-03-01")
                .doesNotContainKey("2.0|volume|category=BUG|day:2025-03-01")
                .doesNotContainKey("2.0|volume|all|hour:2025-03-01T09:00:00Z")
                .containsKey("2.0|volume|category=BUG|period");
    }

    @Test
    void shouldMoveVolumeToTheNewCategoryWhenAnItemIsReTriaged() {
        // given
        ItemState asBug = ItemState.empty("fb-1")
                .apply(triaged("fb-1", "2.0", Category.BUG, Priority.P2, FeedbackChannel.API, RECEIVED));
        ItemState asQuestion = asBug
                .apply(triaged("fb-1", "2.0", Category.QUESTION, Priority.P2, FeedbackChannel.API, RECEIVED));

        // when
        Map<String, KpiDelta> deltas = deltas(contributions, new ItemChange(asBug, asQuestion, NOW));

        // then: out of BUG and into QUESTION, in every window, and nothing else moves
        assertThat(deltas.keySet()).allSatisfy(key -> assertThat(key).containsPattern("category=(BUG|QUESTION)"));
        assertThat(deltas.get("2.0|volume|category=BUG|period").count()).isEqualTo(-1);
        assertThat(deltas.get("2.0|volume|category=QUESTION|period").count()).isEqualTo(1);
        assertThat(deltas.get("2.0|volume|category=BUG|hour:2025-03-01T09:00:00Z").count()).isEqualTo(-1);
    }

    @Test
    void shouldAddTheFirstResponseToTheItemTheReleaseMeanAndTheHistogram() {
        // given
        ItemState item = ItemState.empty("fb-1").apply(triaged("fb-1", "2.0", RECEIVED));
        ItemState responded = item.apply(event("fb-1", LifecycleType.RESPONDED, RECEIVED.plusSeconds(42)));

        // when
        Map<String, KpiDelta> deltas = deltas(contributions, new ItemChange(item, responded, NOW));

        // then
        assertThat(deltas).containsKeys("2.0|first-response-ms|item=fb-1|period", "2.0|first-response-ms|all|period",
                "2.0|first-response-ms|priority=P2|day:2025-03-01");
        assertThat(deltas.values()).allSatisfy(d -> {
            assertThat(d.kpi()).isEqualTo(KpiName.FIRST_RESPONSE_MS);
            assertThat(d.sum()).isEqualTo(42_000.0);
            assertThat(d.count()).isEqualTo(1);
        });
        assertThat(deltas.get("2.0|first-response-ms|all|period").added()).containsExactly(42_000L);
        assertThat(deltas.get("2.0|first-response-ms|item=fb-1|period").added()).isEmpty();
    }

    @Test
    void shouldMoveTheResolutionTimeOutOfTheHistogramWhenTheItemIsReopened() {
        // given
        ItemState resolved = ItemState.empty("fb-1").apply(triaged("fb-1", "2.0", RECEIVED))
                .apply(event("fb-1", LifecycleType.RESOLVED, RECEIVED.plusSeconds(600)));
        ItemState reopened = resolved.apply(event("fb-1", LifecycleType.REOPENED, RECEIVED.plusSeconds(900)));

        // when
        Map<String, KpiDelta> deltas = deltas(contributions, new ItemChange(resolved, reopened, NOW));

        // then
        KpiDelta resolution = deltas.get("2.0|resolution-ms|all|period");
        assertThat(resolution.count()).isEqualTo(-1);
        assertThat(resolution.removed()).containsExactly(600_000L);
        assertThat(deltas.get("2.0|open-backlog|all|period").count()).isEqualTo(1);
        assertThat(deltas.get("2.0|reopen-count|all|period").sum()).isEqualTo(1.0);
    }

    @Test
    void shouldCountAnSlaTargetMetOnceItIsDecided() {
        // given: a P2 item (first response due in 1 h) answered after 10 min
        ItemState item = ItemState.empty("fb-1").apply(triaged("fb-1", "2.0", RECEIVED)).withDeadlines(SlaPolicy.defaults());
        ItemState responded = item.apply(event("fb-1", LifecycleType.RESPONDED, RECEIVED.plusSeconds(600)));

        // when
        Map<String, KpiDelta> deltas = deltas(contributions, new ItemChange(item, responded, NOW));

        // then
        KpiDelta attainment = deltas.get("2.0|sla-attainment|all|period");
        assertThat(attainment.sum()).isEqualTo(100.0);
        assertThat(attainment.count()).isEqualTo(1);
        assertThat(deltas).doesNotContainKey("2.0|sla-breaches|all|period");
    }

    @Test
    void shouldContributeNothingBeforeTheItemIsTriaged() {
        // given
        ItemState waiting = ItemState.empty("fb-1").apply(event("fb-1", LifecycleType.RESPONDED, RECEIVED));

        // when / then
        assertThat(contributions.deltas(new ItemChange(null, waiting, NOW))).isEmpty();
    }

    @Test
    void shouldWithdrawOnlyTheItemsOwnKpisWhenItExpires() {
        // given: an item acknowledged after 1 min and answered after 10
        ItemState item = ItemState.empty("fb-1").apply(triaged("fb-1", "2.0", RECEIVED))
                .apply(event("fb-1", LifecycleType.ACKNOWLEDGED, RECEIVED.plusSeconds(60)))
                .apply(event("fb-1", LifecycleType.RESPONDED, RECEIVED.plusSeconds(600)));

        // when
        Map<String, KpiDelta> deltas = deltas(contributions, ItemChange.expiry(item, NOW));

        // then: its two per-item totals fall to nothing; no aggregate moves
        assertThat(deltas).containsOnlyKeys("2.0|first-response-ms|item=fb-1|period", "2.0|time-to-acknowledge-ms|item=fb-1|period");
        assertThat(deltas.get("2.0|first-response-ms|item=fb-1|period")).satisfies(d -> {
            assertThat(d.count()).isEqualTo(-1);
            assertThat(d.sum()).isEqualTo(-600_000.0);
        });
    }

    private static Map<String, KpiDelta> deltas(KpiContributions contributions, ItemChange change) {
        return contributions.deltas(change).stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }
}
