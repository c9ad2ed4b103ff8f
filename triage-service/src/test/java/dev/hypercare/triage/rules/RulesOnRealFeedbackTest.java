package dev.hypercare.triage.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hypercare.model.Category;
import dev.hypercare.triage.TestPolicies;
import dev.hypercare.triage.classifier.ClassifierTrainer;
import dev.hypercare.triage.classifier.Evaluation;
import dev.hypercare.triage.classifier.FeatureSpec;
import dev.hypercare.triage.classifier.LabelledData;
import dev.hypercare.triage.classifier.LabelledExample;
import dev.hypercare.triage.classifier.LinearTextClassifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The categorise step as the service runs it, shipped rules first and then a classifier, on real reviews of an app the
 * classifier was not trained on (Mini-BAR, ../shared/data): the rules must add to the model, not take from it. Mini-BAR's
 * gold labels are BUG, FEATURE_REQUEST and OTHER, so QUESTION and PRAISE count as OTHER (kinds of it).
 *
 * <p>Run alone, with the per-rule figures printed: {@code ./mvnw -q -pl triage-service test -Dtest=RulesOnRealFeedbackTest}.
 * Skipped when the data is not beside the checkout.
 */
class RulesOnRealFeedbackTest {

    @ParameterizedTest(name = "trained on {0}, evaluated on {1}")
    @CsvSource({"Garmin Connect, Huawei Health", "Huawei Health, Garmin Connect"})
    void theShippedRulesThenTheModelCategoriseAnotherAppsReviewsAtLeastAsWellAsTheModelAlone(String trainedOn, String evaluatedOn)
            throws Exception {
        // given a model trained on one app's reviews (the shipped features at a fixed C: cross-validation is covered elsewhere)
        Path dir = dataDir();
        assumeTrue(dir != null, "no ../shared/data/classification beside the checkout");
        List<Path> files = List.of(dir.resolve("minibar-en.jsonl"), dir.resolve("minibar-fr.jsonl"));
        List<LabelledExample> train = LabelledData.read(files, new LabelledData.Selection(Map.of("app", trainedOn), Map.of()));
        List<LabelledExample> test = LabelledData.read(files, new LabelledData.Selection(Map.of("app", evaluatedOn), Map.of()));
        LinearTextClassifier model = ClassifierTrainer.train(train,
                new ClassifierTrainer.Options("real-feedback", FeatureSpec.DEFAULT, List.of(2.0), 2, true, 42)).model();
        TriagePolicy policy = TestPolicies.live().current();

        // when every review of the other app is categorised, by the model alone and by rules then model
        RulesAgainstModel run = RulesAgainstModel.of(test, model, policy, Set.of(Category.QUESTION, Category.PRAISE), miss -> { });

        // then
        Evaluation modelAlone = Evaluation.of(run.gold(), run.modelAlone());
        Evaluation rulesThenModel = Evaluation.of(run.gold(), run.rulesThenModel());
        System.out.printf("[rules on real feedback] %s -> %s, %d reviews: model alone macro-F1 %.3f, rules then model %.3f%n",
                trainedOn, evaluatedOn, run.gold().size(), modelAlone.macroF1(), rulesThenModel.macroF1());
        run.byDecider().forEach((decider, n) -> {
            if (decider.startsWith("rule:")) {
                System.out.printf("  %-22s decided %4d, right %4d (the model alone: %4d)%n", decider, n[0], n[1], n[2]);
            }
        });
        assertThat(rulesThenModel.macroF1()).as(rulesThenModel.format()).isGreaterThanOrEqualTo(modelAlone.macroF1() - 0.005);
    }

    @org.junit.jupiter.api.Test
    void theShippedPatternsReadEachCharacterOfRealFeedbackFarFewerTimesThanTheBudgetAllows() throws Exception {
        // given every real review (both apps, both languages), normalised as the engine matches it
        Path dir = dataDir();
        assumeTrue(dir != null, "no ../shared/data/classification beside the checkout");
        List<LabelledExample> all = LabelledData.read(List.of(dir.resolve("minibar-en.jsonl"), dir.resolve("minibar-fr.jsonl")),
                new LabelledData.Selection(Map.of(), Map.of()));
        List<String> texts = all.stream()
                .map(e -> TextNormalizer.normalize(e.title() == null ? e.text() : e.title() + "\n" + e.text())).toList();

        // when each shipped pattern searches each of them through the budgeted text
        double worst = 0;
        String worstPattern = null;
        for (Rule rule : RuleSetLoader.defaults().rules()) {
            for (String regex : rule.when().patterns()) {
                java.util.regex.Pattern pattern = java.util.regex.Pattern.compile(TextNormalizer.stripAccents(regex),
                        java.util.regex.Pattern.CASE_INSENSITIVE | java.util.regex.Pattern.UNICODE_CASE);
                for (String text : texts) {
                    BoundedText bounded = BoundedText.of(text);
                    pattern.matcher(bounded).find();
                    double perChar = (double) bounded.reads() / Math.max(1, text.length());
                    if (perChar > worst) {
                        worst = perChar;
                        worstPattern = rule.id() + " /" + regex + "/";
                    }
                }
            }
        }

        // then even a text of the longest accepted length (100,000 characters) read at the costliest rate found would use
        // under a fifth of its budget: no real text makes a shipped rule give up
        System.out.printf("[pattern cost] %d texts: at most %.1f reads per character (%s)%n", texts.size(), worst, worstPattern);
        int longest = 100_000;
        assertThat(worst * longest).as(worstPattern).isLessThan(BoundedText.of("x".repeat(longest)).budget() / 5.0);
    }

    private static Path dataDir() {
        for (Path candidate : List.of(Path.of("../../shared/data/classification"), Path.of("../shared/data/classification"))) {
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
