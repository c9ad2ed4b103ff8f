package dev.hypercare.metrics.kpi;

import static dev.hypercare.metrics.Fixtures.event;
import static dev.hypercare.metrics.Fixtures.triaged;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hypercare.metrics.item.ItemChange;
import dev.hypercare.metrics.item.ItemState;
import dev.hypercare.model.Category;
import dev.hypercare.model.FeedbackChannel;
import dev.hypercare.model.LifecycleType;
import dev.hypercare.model.Priority;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class KpiContributionsTest {

    private static final Instant RECEIVED = Instant.parse("2025-03-01T09:00:00Z");
    private static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");

    @Test
    void shouldCountANewItemOnceInEveryVolumeDimension() {
        // given
        ItemState item = ItemState.empty("fb-1")
                .apply(triaged("fb-1", "2.0", Category.BUG, Priority.P1, FeedbackChannel.SLACK, RECEIVED));

        // when
        Map<String, KpiDelta> deltas = deltas(new ItemChange(null, item, NOW));

        // then
        assertThat(deltas).containsOnlyKeys(
                "2.0|volume|all|period", "2.0|volume|category=BUG|period",
                "2.0|volume|priority=P1|period", "2.0|volume|channel=SLACK|period");
        assertThat(deltas.values()).allSatisfy(d -> {
            assertThat(d.count()).isEqualTo(1);
            assertThat(d.computedAt()).isEqualTo(NOW);
        });
    }

    @Test
    void shouldMoveVolumeToTheNewCategoryWhenAnItemIsReTriaged() {
        // given
        ItemState asBug = ItemState.empty("fb-1")
                .apply(triaged("fb-1", "2.0", Category.BUG, Priority.P2, FeedbackChannel.API, RECEIVED));
        ItemState asQuestion = asBug
                .apply(triaged("fb-1", "2.0", Category.QUESTION, Priority.P2, FeedbackChannel.API, RECEIVED));

        // when
        Map<String, KpiDelta> deltas = deltas(new ItemChange(asBug, asQuestion, NOW));

        // then
        assertThat(deltas).containsOnlyKeys("2.0|volume|category=BUG|period", "2.0|volume|category=QUESTION|period");
        assertThat(deltas.get("2.0|volume|category=BUG|period").count()).isEqualTo(-1);
        assertThat(deltas.get("2.0|volume|category=QUESTION|period").count()).isEqualTo(1);
    }

    @Test
    void shouldAddTheFirstResponseToTheItemAndToTheReleaseMean() {
        // given
        ItemState item = ItemState.empty("fb-1").apply(triaged("fb-1", "2.0", RECEIVED));
        ItemState responded = item.apply(event("fb-1", LifecycleType.RESPONDED, RECEIVED.plusSeconds(42)));

        // when
        Map<String, KpiDelta> deltas = deltas(new ItemChange(item, responded, NOW));

        // then
        assertThat(deltas).containsOnlyKeys("2.0|first-response-ms|item=fb-1|period", "2.0|first-response-ms|all|period");
        assertThat(deltas.values()).allSatisfy(d -> {
            assertThat(d.sum()).isEqualTo(42_000.0);
            assertThat(d.count()).isEqualTo(1);
        });
    }

    @Test
    void shouldContributeNothingBeforeTheItemIsTriaged() {
        // given
        ItemState waiting = ItemState.empty("fb-1").apply(event("fb-1", LifecycleType.RESPONDED, RECEIVED));

        // when / then
        assertThat(KpiContributions.deltas(new ItemChange(null, waiting, NOW))).isEmpty();
    }

    private static Map<String, KpiDelta> deltas(ItemChange change) {
        return KpiContributions.deltas(change).stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }
}
