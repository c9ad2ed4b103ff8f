package dev.hypercare.triage.rules;

import static dev.hypercare.triage.TestFeedback.withText;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hypercare.model.Category;
import dev.hypercare.model.Flag;
import dev.hypercare.triage.TestPolicies;
import dev.hypercare.triage.classifier.FeedbackClassifier;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code flags-only-rules.json}: the shipped rules' flags without any category rule, for a deployment whose own trained
 * model decides the categories (docs/triage-quality.md, "The categorise step on GitHub issue reports").
 */
class FlagsOnlyRulesTest {

    private static final PolicyDocument DEFAULTS = RuleSetLoader.documentFromClasspath(RuleSetLoader.DEFAULT_RESOURCE);
    private static final PolicyDocument FLAGS_ONLY = RuleSetLoader.documentFromClasspath("flags-only-rules.json");

    @Test
    void givenTheShippedRules_whenTheFlagsOnlyDocumentIsRead_thenItHoldsEveryFlagRuleWithTheSameConditionsAndNoCategory() {
        // then it is in step with default-rules.json: regenerate it when the defaults change
        assertThat(FLAGS_ONLY.version()).isEqualTo(DEFAULTS.version().replace("-default", "") + "-flags-only");
        List<Rule> flagRules = DEFAULTS.rules().stream().filter(r -> !r.then().flags().isEmpty()).toList();
        assertThat(FLAGS_ONLY.rules()).hasSameSizeAs(flagRules);
        for (int i = 0; i < flagRules.size(); i++) {
            Rule shipped = flagRules.get(i);
            Rule flagOnly = FLAGS_ONLY.rules().get(i);
            assertThat(flagOnly.id()).isEqualTo(shipped.id());
            assertThat(flagOnly.when()).isEqualTo(shipped.when());
            assertThat(flagOnly.then()).isEqualTo(new Rule.Then(null, shipped.then().flags()));
        }
    }

    @Test
    void givenTheFlagsOnlyRulesAndAModel_whenAnOutageIsCategorised_thenTheModelDecidesAndTheFlagStays() {
        TriagePolicy policy = FLAGS_ONLY.compile(TestPolicies.fallbacks(10, Duration.ofMinutes(15)), "flags-only", Instant.EPOCH);
        FeedbackClassifier model = new AnsweringClassifier(Category.QUESTION, 0.8);

        Categorisation c = new Categoriser(model).categorise(policy, withText("Is checkout down for everyone? We get 500 errors"));

        assertThat(c.category()).isEqualTo(Category.QUESTION);
        assertThat(c.decidedBy()).isEqualTo("model:" + AnsweringClassifier.VERSION);
        assertThat(c.flags()).contains(Flag.OUTAGE);
    }
}
