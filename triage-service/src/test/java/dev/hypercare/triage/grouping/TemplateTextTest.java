package dev.hypercare.triage.grouping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hypercare.model.Category;
import dev.hypercare.model.Priority;
import dev.hypercare.triage.rules.TriagePolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TemplateTextTest {

    @Test
    void givenGitHubsDefaultBugTemplate_whenStripped_thenOnlyWhatTheReporterWroteIsLeft() {
        String filled = """
                <!-- Please search existing issues to avoid creating duplicates. -->
                **Describe the bug**
                The invoice total is wrong after a discount.

                **To Reproduce**
                1. Add two lines
                2. Apply the 10% code

                **Expected behavior:**
                30 EUR
                """;

        String stripped = TemplateText.strip(filled);

        assertThat(stripped).contains("The invoice total is wrong after a discount.", "1. Add two lines",
                "2. Apply the 10% code", "30 EUR");
        assertThat(stripped).doesNotContain("Describe the bug", "To Reproduce", "Expected behavior", "search existing issues");
    }

    @Test
    void givenAnIssueFormWithChecklistsEmptyAnswersAndAttachedEnvironment_whenStripped_thenTheyAreLeftOut() {
        String filled = """
                ### Is there an existing issue for this?
                - [X] I have searched the existing issues
                ### Current behaviour
                Wallet not loaded after restart
                ### Relevant log output
                _No response_
                <details>
                <summary>System Info</summary>

                |Item|Value|
                |---|---|
                |CPUs|Intel(R) Core(TM) i5|
                </details>
                |Extension|Version|
                Crash in wallet.cpp line 42
                <details><summary>unclosed</summary> runs to the end as a browser renders it
                """;

        String stripped = TemplateText.strip(filled);

        assertThat(stripped).isEqualTo("Wallet not loaded after restart\nCrash in wallet.cpp line 42\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "The app crashes since the update, please fix it",
            "#123 is the same problem: the sync stops",
            "**Important**: payments fail for everyone",
            "L'application plante à chaque ouverture [version 2.1]"})
    void givenOrdinaryFeedback_whenStripped_thenEveryWordIsKept(String text) {
        assertThat(TemplateText.strip(text).strip()).isEqualTo(text);
    }

    @Test
    void givenTwoUnrelatedReportsInOneTemplate_whenGrouped_thenTheTemplateDoesNotJoinThemButTheSameProblemStillDoes() {
        // given reports written in one issue form: only the two answers are the reporter's
        String template = """
                ### Is there an existing issue for this?
                - [X] I have searched the existing issues
                ### Current behaviour
                %s
                ### Expected behaviour
                _No response_
                ### Steps to reproduce
                %s
                ### Relevant log output
                _No response_
                ### Operating system and version
                <details><summary>Environment</summary>
                |Item|Value|
                |OS|Windows 11 Professional 23H2|
                </details>
                """;
        String export = template.formatted("The PDF export of invoices crashes the tab", "Click Export on an invoice");
        String password = template.formatted("Password reset emails never arrive", "Ask for a new password");
        String exportAgain = template.formatted("Exporting invoices as PDF crashes the tab", "Export any invoice as PDF");

        // when grouped as the service does, and (for comparison) by the n-grams of the whole text
        List<IssueGrouping.Result> placed = place(new IssueGrouping("app", "1.0", List.of()), export, password, exportAgain);
        List<IssueGrouping.Result> raw = place(new IssueGrouping("app", "1.0", List.of(), CharNgramTermVector::of), export, password,
                exportAgain);

        // then the template's words no longer make the unrelated report one of the group; the same problem still joins
        assertThat(raw.get(1).created()).as("with the template's words, the unrelated report joins").isFalse();
        assertThat(placed.get(1).created()).as("an unrelated report in the same template").isTrue();
        assertThat(placed.get(2).created()).as("the same problem in the same template").isFalse();
        assertThat(placed.get(2).group().issueId()).isEqualTo(placed.get(0).group().issueId());
    }

    private static List<IssueGrouping.Result> place(IssueGrouping grouping, String... texts) {
        TriagePolicy.Thresholds thresholds = new TriagePolicy.Thresholds(0.6, 0.2, 10, Duration.ofMinutes(15));
        Instant t0 = Instant.parse("2025-01-01T00:00:00Z");
        List<IssueGrouping.Result> results = new ArrayList<>();
        for (int i = 0; i < texts.length; i++) {
            results.add(grouping.add("r" + i, texts[i], Category.BUG, Priority.P3, t0.plusSeconds(i), thresholds,
                    Duration.ofDays(14), 100));
        }
        return results;
    }
}
