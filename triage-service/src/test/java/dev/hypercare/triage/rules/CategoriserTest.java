package dev.hypercare.triage.rules;

import static dev.hypercare.triage.TestFeedback.withText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hypercare.model.Category;
import dev.hypercare.model.Flag;
import dev.hypercare.triage.TestPolicies;
import dev.hypercare.triage.classifier.FeedbackClassifier;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Rules first, then the classifier, with review below the policy's confidence. */
class CategoriserTest {

    private final TriagePolicy policy = TestPolicies.live().current();

    private static FeedbackClassifier answering(Category category, double confidence) {
        return new AnsweringClassifier(category, confidence);
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

    @Test
    void givenAQuestionMarkOnWhatTheModelCallsABug_whenCategorised_thenTheBugStandsAndTheSignalSaysWhy() {
        // "?" matches the question rule, which refines only the model's OTHER
        Categorisation c = new Categoriser(answering(Category.BUG, 0.88))
                .categorise(policy, withText("Why does the widget panel go blank every time I rotate the phone?"));

        assertThat(c.category()).isEqualTo(Category.BUG);
        assertThat(c.decidedBy()).isEqualTo("model:test-model-1");
        assertThat(c.confidence()).isEqualTo(0.88);
        assertThat(c.signals()).anySatisfy(s -> assertThat(s).contains("-> QUESTION only where the model says OTHER; it says BUG (rule question-mark)"));
    }

    @Test
    void givenPraiseOnWhatTheModelCallsOther_whenCategorised_thenThePraiseRuleNamesItWithTheModelsConfidence() {
        Categorisation confident = new Categoriser(answering(Category.OTHER, 0.91)).categorise(policy, withText("Love the new widget panel"));
        Categorisation unsure = new Categoriser(answering(Category.OTHER, 0.45)).categorise(policy, withText("Love the new widget panel"));

        assertThat(confident.category()).isEqualTo(Category.PRAISE);
        assertThat(confident.decidedBy()).isEqualTo("rule:praise");
        assertThat(confident.confidence()).isEqualTo(0.91);
        assertThat(confident.needsReview()).isFalse();
        assertThat(confident.signals()).anySatisfy(s -> assertThat(s).contains("-> PRAISE, refining the model's OTHER (confidence 0.91) (rule praise)"));
        assertThat(unsure.category()).isEqualTo(Category.PRAISE);
        assertThat(unsure.needsReview()).as("below the policy's review confidence 0.6").isTrue();
    }

    @Test
    void givenARefiningRuleThatYields_whenALaterRuleMatches_thenTheLaterRuleDecides() {
        // question-mark refines only the model's OTHER and steps aside for its FEATURE_REQUEST; security-defect, last,
        // still claims the flaw
        Categorisation c = new Categoriser(answering(Category.FEATURE_REQUEST, 0.7))
                .categorise(policy, withText("Is it normal that I can see another customer's orders?"));

        assertThat(c.category()).isEqualTo(Category.BUG);
        assertThat(c.decidedBy()).isEqualTo("rule:security-defect");
        assertThat(c.flags()).contains(Flag.SECURITY);
    }

    @Test
    void givenAHowDoIPhraseOnWhatTheModelCallsAWish_whenCategorised_thenItIsAQuestionButABugStaysABug() {
        String text = "How do I change the email address on my account";

        Categorisation wish = new Categoriser(answering(Category.FEATURE_REQUEST, 0.52)).categorise(policy, withText(text));
        Categorisation bug = new Categoriser(answering(Category.BUG, 0.7)).categorise(policy, withText(text));

        assertThat(wish.category()).isEqualTo(Category.QUESTION);
        assertThat(wish.decidedBy()).isEqualTo("rule:question");
        assertThat(wish.needsReview()).isTrue();
        assertThat(bug.category()).isEqualTo(Category.BUG);
    }

    @Test
    void givenBugWordingInWhatTheModelCallsAWish_whenCategorised_thenTheWishStandsAndTheSignalSaysWhy() {
        // "fails" and "error" match the bug rule, which yields to the model's FEATURE_REQUEST and QUESTION
        String text = "Importing fails with a timeout error on big files; please split them into chunks";

        Categorisation wish = new Categoriser(answering(Category.FEATURE_REQUEST, 0.8)).categorise(policy, withText(text));
        Categorisation question = new Categoriser(answering(Category.QUESTION, 0.7)).categorise(policy, withText(text));

        assertThat(wish.category()).isEqualTo(Category.FEATURE_REQUEST);
        assertThat(wish.decidedBy()).isEqualTo("model:test-model-1");
        assertThat(wish.confidence()).isEqualTo(0.8);
        assertThat(wish.signals()).anySatisfy(s -> assertThat(s)
                .contains("-> BUG unless the model says FEATURE_REQUEST or QUESTION; it says FEATURE_REQUEST (confidence 0.80) (rule bug)"));
        assertThat(question.category()).isEqualTo(Category.QUESTION);
    }

    @Test
    void givenBugWordingWhereTheModelIsUnsureOfAWish_whenCategorised_thenTheBugRuleDecides() {
        // below the policy's review confidence (0.6) the model would not stand alone: it does not outweigh the wording
        Categorisation c = new Categoriser(answering(Category.FEATURE_REQUEST, 0.45))
                .categorise(policy, withText("The app crashes on start since the update"));

        assertThat(c.category()).isEqualTo(Category.BUG);
        assertThat(c.decidedBy()).isEqualTo("rule:bug");
        assertThat(c.needsReview()).isFalse();
    }

    @Test
    void givenAYieldingRuleThatStepsAside_whenALaterRuleMatches_thenTheLaterRuleDecidesAndTheModelIsAskedOnce() {
        // bug wording and wish wording; the model calls it a wish: bug yields, feature-request (which agrees) decides
        AnsweringClassifier counting = new AnsweringClassifier(Category.FEATURE_REQUEST, 0.9);

        Categorisation c = new Categoriser(counting).categorise(policy, withText("Please add a retry: the upload fails on bad networks"));

        assertThat(c.category()).isEqualTo(Category.FEATURE_REQUEST);
        assertThat(c.decidedBy()).isEqualTo("rule:feature-request");
        assertThat(c.confidence()).isEqualTo(RuleEngine.RULE_MATCH_CONFIDENCE);
        assertThat(counting.asked()).isEqualTo(1);
    }

    @Test
    void givenBugWordingWhereTheModelSaysBugOrOther_whenCategorised_thenTheBugRuleDecidesAsBefore() {
        String text = "The export button does nothing, it fails every time";

        Categorisation agreeing = new Categoriser(answering(Category.BUG, 0.45)).categorise(policy, withText(text));
        Categorisation other = new Categoriser(answering(Category.OTHER, 0.9)).categorise(policy, withText(text));

        // then a rule decision: confidence 1.0, no review, even where the model was unsure
        assertThat(agreeing.decidedBy()).isEqualTo("rule:bug");
        assertThat(agreeing.confidence()).isEqualTo(RuleEngine.RULE_MATCH_CONFIDENCE);
        assertThat(agreeing.needsReview()).isFalse();
        assertThat(other.category()).isEqualTo(Category.BUG);
        assertThat(other.decidedBy()).isEqualTo("rule:bug");
    }

    @Test
    void givenWishWordingInWhatTheModelCallsABug_whenCategorised_thenTheBugStands() {
        Categorisation c = new Categoriser(answering(Category.BUG, 0.75))
                .categorise(policy, withText("It would be nice if the app did not log me out every hour"));

        assertThat(c.category()).isEqualTo(Category.BUG);
        assertThat(c.decidedBy()).isEqualTo("model:test-model-1");
    }

    @Test
    void givenAYieldingRuleWithoutAClassifier_whenItMatches_thenItDecidesAsAnyRule() {
        Categorisation c = new Categoriser(null).categorise(policy, withText("Importing fails with a timeout error"));

        assertThat(c.category()).isEqualTo(Category.BUG);
        assertThat(c.decidedBy()).isEqualTo("rule:bug");
    }

    @Test
    void givenYieldsToWithoutACategoryWithRefinesOrNamingItsOwnCategory_whenValidated_thenRejectedWithTheReason() {
        Rule.When when = new Rule.When(List.of("x"), null, null, null);
        RuleSet noCategory = new RuleSet("v", List.of(new Rule("r", null, when,
                new Rule.Then(null, Set.of(Flag.PERFORMANCE), null, Set.of(Category.OTHER)))));
        RuleSet both = new RuleSet("v", List.of(new Rule("r", null, when,
                new Rule.Then(Category.BUG, Set.of(), Set.of(Category.OTHER), Set.of(Category.QUESTION)))));
        RuleSet own = new RuleSet("v", List.of(new Rule("r", null, when,
                new Rule.Then(Category.BUG, Set.of(), null, Set.of(Category.BUG, Category.QUESTION)))));

        assertThatThrownBy(noCategory::validate).hasMessageContaining("'yieldsTo' needs a category");
        assertThatThrownBy(both::validate).hasMessageContaining("'refines' and 'yieldsTo' cannot be combined");
        assertThatThrownBy(own::validate).hasMessageContaining("'yieldsTo' names the rule's own category BUG");
    }

    @Test
    void givenNoClassifier_whenARefiningRuleMatches_thenItDecidesAsAnyRule() {
        Categorisation c = new Categoriser(null).categorise(policy, withText("How do I export the widget data?"));

        assertThat(c.category()).isEqualTo(Category.QUESTION);
        assertThat(c.decidedBy()).isEqualTo("rule:question");
        assertThat(c.confidence()).isEqualTo(RuleEngine.RULE_MATCH_CONFIDENCE);
    }

    @Test
    void givenRefinesWithoutACategory_whenTheRuleSetIsValidated_thenItIsRejectedWithTheReason() {
        RuleSet set = new RuleSet("v", List.of(new Rule("r", null, new Rule.When(List.of("x"), null, null, null),
                new Rule.Then(null, Set.of(Flag.PERFORMANCE), Set.of(Category.OTHER), null))));

        assertThatThrownBy(set::validate).isInstanceOf(RuleSet.InvalidRuleSetException.class)
                .hasMessageContaining("'refines' needs a category");
    }
}
