package dev.hypercare.triage.grouping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hypercare.kafka.Topics;
import dev.hypercare.model.Category;
import dev.hypercare.model.Flag;
import dev.hypercare.model.Level;
import dev.hypercare.model.Priority;
import dev.hypercare.model.TriageDecision;
import dev.hypercare.model.TriagedFeedback;
import dev.hypercare.triage.TestFeedback;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class GroupingReportTest {

    private final Serde<TriagedFeedback> items = Topics.FEEDBACK_TRIAGED.valueSerde();
    private final Serde<GroupingReport> serde = GroupingReport.serde(items);

    private static TriagedFeedback item() {
        var feedback = TestFeedback.withTitle(TestFeedback.withText("Le paiement \u00e9choue \uD83D\uDE00 depuis 2.4.0"), "Paiement");
        var decision = new TriageDecision(Category.BUG, Set.of(Flag.OUTAGE), Level.HIGH, Level.MEDIUM, Priority.P2, 0.93, false,
                new TriageDecision.Explanation("rule:outage-fr", "v7", List.of("keyword 'echoue'"), "HIGH x MEDIUM -> P2"),
                "fr", -0.6, null);
        return TriagedFeedback.of(feedback, decision, Instant.parse("2025-03-03T09:00:00Z"));
    }

    @Test
    void shouldCarryTheFieldsGroupingReadsAndTheWholeItemBehindThem() {
        // given
        TriagedFeedback item = item();

        // when
        GroupingReport read = serde.deserializer().deserialize("t", serde.serializer().serialize("t", GroupingReport.of(item)));

        // then
        assertThat(read.feedbackId()).isEqualTo(item.feedbackId());
        assertThat(read.title()).isEqualTo("Paiement");
        assertThat(read.text()).isEqualTo(item.feedback().text());
        assertThat(read.category()).isEqualTo(Category.BUG);
        assertThat(read.priority()).isEqualTo(Priority.P2);
        assertThat(read.item()).isEqualTo(item);
    }

    @Test
    void shouldReadTheBareJsonAnEarlierVersionWroteToTheRepartition() {
        // given: an in-flight repartition record from before this format
        TriagedFeedback item = item();
        byte[] json = items.serializer().serialize("t", item);

        // when
        GroupingReport read = serde.deserializer().deserialize("t", json);

        // then
        assertThat(read.feedbackId()).isEqualTo(item.feedbackId());
        assertThat(read.text()).isEqualTo(item.feedback().text());
        assertThat(read.category()).isEqualTo(Category.BUG);
        assertThat(read.priority()).isEqualTo(Priority.P2);
        assertThat(read.item()).isEqualTo(item);
    }
}
