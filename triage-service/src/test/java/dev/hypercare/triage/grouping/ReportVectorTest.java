package dev.hypercare.triage.grouping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hypercare.model.Category;
import dev.hypercare.model.Priority;
import dev.hypercare.triage.rules.TriagePolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The grouping places reports by the report vector it is given (the service's, or another one being measured). */
class ReportVectorTest {

    private static final TriagePolicy.Thresholds THRESHOLDS = new TriagePolicy.Thresholds(0.6, 0.2, 10, Duration.ofMinutes(15));
    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    @Test
    void givenTwoUnrelatedReports_whenGroupedWithTheServicesVector_thenTheyStartTwoGroups() {
        // given
        IssueGrouping grouping = new IssueGrouping("app", "1.0", List.of());

        // when
        IssueGrouping.Result first = add(grouping, "r1", "The PDF export crashes on the billing page");
        IssueGrouping.Result second = add(grouping, "r2", "Password reset link never arrives by email");

        // then
        assertThat(second.created()).isTrue();
        assertThat(second.group().issueId()).isNotEqualTo(first.group().issueId());
    }

    @Test
    void givenAVectorThatSeesOneTermInEveryText_whenTheSameReportsAreGrouped_thenTheyJoinOneGroup() {
        // given: a report vector (as a measurement passes one) for which all texts are alike
        IssueGrouping grouping = new IssueGrouping("app", "1.0", List.of(), text -> Map.of("same", 1.0));

        // when
        IssueGrouping.Result first = add(grouping, "r1", "The PDF export crashes on the billing page");
        IssueGrouping.Result second = add(grouping, "r2", "Password reset link never arrives by email");

        // then
        assertThat(second.created()).isFalse();
        assertThat(second.group().issueId()).isEqualTo(first.group().issueId());
        assertThat(second.group().centroid()).containsOnlyKeys("same");
    }

    private static IssueGrouping.Result add(IssueGrouping grouping, String id, String text) {
        return grouping.add(id, text, Category.BUG, Priority.P3, T0, THRESHOLDS, Duration.ofDays(14), 100);
    }
}
