package dev.hypercare.triage.rules;

import static dev.hypercare.triage.TestFeedback.withText;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hypercare.model.Category;
import dev.hypercare.model.Flag;
import dev.hypercare.triage.TestPolicies;
import dev.hypercare.triage.classifier.FeedbackClassifier;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rules first, then the classifier, with review below the policy's confidence. */
class CategoriserTest {

    private final TriagePolicy policy = TestPolicies.live().current();

    /** A classifier that always answers the same, to pin the rule down without a trained model. */
    private static FeedbackClassifier answering(Category category, double confidence) {
        return new FeedbackClassifier() {
            @Override
            public Prediction classify(String title, String text) {
                return new Prediction(category, confidence, List.of("word \"widget\""));
            }

            @Override
            public String version() {
                return "test-model-1";
            }
        };
    }

    @Test
    void shouldLetAMatchingRuleDecideWithoutAskingTheClassifier() {
        Categorisation c = new Categoriser(answering(Category.FEATURE_REQUEST, 0.99))
                .categorise(policy, withText("Checkout is down for everyone"));

        assertThat(c.decidedBy()).isEqualTo("rule:outage");
        assertThat(c.category()).isEqualTo(Category.BUG);
    }

    @Test
    void shouldLetTheClassifierDecideWhatNoRuleCategorisedAndKeepTheRulesFlags() {
        // given a text with only a flag rule (performance), no category rule
        Categorisation c = new Categoriser(answering(Category.FEATURE_REQUEST, 0.9))
                .categorise(policy, withText("The widget panel is sluggish"));

        assertThat(c.category()).isEqualTo(Category.FEATURE_REQUEST);
        assertThat(c.decidedBy()).isEqualTo("model:test-model-1");
        assertThat(c.confidence()).isEqualTo(0.9);
        assertThat(c.needsReview()).isFalse();
        assertThat(c.flags()).containsExactly(Flag.PERFORMANCE);
        assertThat(c.signals()).anySatisfy(s -> assertThat(s).contains("model test-model-1 -> FEATURE_REQUEST (confidence 0.90)"))
                .contains("model: word \"widget\"")
                .noneSatisfy(s -> assertThat(s).contains("-> OTHER, needs review"));
    }

    @Test
    void shouldMarkAClassifierAnswerBelowTheReviewConfidenceForReview() {
        Categorisation c = new Categoriser(answering(Category.BUG, 0.41)).categorise(policy, withText("The widget panel"));

        assertThat(c.category()).isEqualTo(Category.BUG);
        assertThat(c.needsReview()).isTrue();
        assertThat(c.signals()).anySatisfy(s -> assertThat(s).contains("below 0.6: needs review"));
    }

    @Test
    void shouldFallBackToOtherForReviewWithoutAClassifier() {
        Categorisation c = new Categoriser(null).categorise(policy, withText("The widget panel"));

        assertThat(c.category()).isEqualTo(Category.OTHER);
        assertThat(c.needsReview()).isTrue();
        assertThat(c.decidedBy()).isEqualTo(RuleEngine.DEFAULT_DECIDER);
    }
}
