package dev.hypercare.triage.priority;

import static dev.hypercare.triage.TestFeedback.withAffectedUsers;
import static dev.hypercare.triage.TestFeedback.withText;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hypercare.model.Category;
import dev.hypercare.model.Flag;
import dev.hypercare.model.Level;
import dev.hypercare.triage.rules.Categorisation;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ImpactUrgencyTest {

    private final ImpactUrgency impactUrgency = new ImpactUrgency(100, 10);

    private static Categorisation categorised(Category category, Flag... flags) {
        return new Categorisation(category, Set.of(flags), 1.0, false, "rule:test", "v1", List.of());
    }

    @Test
    void shouldRateAnOutageHighImpactAndHighUrgency() {
        Assessment a = impactUrgency.assess(withText("down"), categorised(Category.BUG, Flag.OUTAGE));

        assertThat(a.impact()).isEqualTo(Level.HIGH);
        assertThat(a.urgency()).isEqualTo(Level.HIGH);
        assertThat(a.signals()).containsExactly("flag OUTAGE -> impact HIGH", "flag OUTAGE -> urgency HIGH");
    }

    @Test
    void shouldRaiseImpactToHighFromTheAffectedUsersThreshold() {
        // given praise-like wording but 250 affected users
        Assessment a = impactUrgency.assess(withAffectedUsers(withText("meh"), 250), categorised(Category.OTHER));

        assertThat(a.impact()).isEqualTo(Level.HIGH);
        assertThat(a.urgency()).isEqualTo(Level.LOW);
        assertThat(a.signals()).contains("affectedUsers=250 -> impact HIGH");
    }

    @Test
    void shouldRaiseImpactToMediumFromTenAffectedUsers() {
        Assessment a = impactUrgency.assess(withAffectedUsers(withText("meh"), 10), categorised(Category.OTHER));

        assertThat(a.impact()).isEqualTo(Level.MEDIUM);
    }

    @Test
    void shouldRateABugMediumImpactAndMediumUrgency() {
        Assessment a = impactUrgency.assess(withText("crash"), categorised(Category.BUG));

        assertThat(a.impact()).isEqualTo(Level.MEDIUM);
        assertThat(a.urgency()).isEqualTo(Level.MEDIUM);
    }

    @Test
    void shouldMakeQuestionsAndAccessibilityMediumUrgencyButLowImpact() {
        Assessment question = impactUrgency.assess(withText("how?"), categorised(Category.QUESTION));
        Assessment a11y = impactUrgency.assess(withText("contrast"), categorised(Category.OTHER, Flag.ACCESSIBILITY));

        assertThat(question.impact()).isEqualTo(Level.LOW);
        assertThat(question.urgency()).isEqualTo(Level.MEDIUM);
        assertThat(a11y.impact()).isEqualTo(Level.LOW);
        assertThat(a11y.urgency()).isEqualTo(Level.MEDIUM);
    }

    @Test
    void shouldRatePraiseLowAndLow() {
        Assessment a = impactUrgency.assess(withText("love it"), categorised(Category.PRAISE));

        assertThat(a.impact()).isEqualTo(Level.LOW);
        assertThat(a.urgency()).isEqualTo(Level.LOW);
    }
}
