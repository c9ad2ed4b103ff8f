package dev.hypercare.triage.rules;

import dev.hypercare.model.Category;
import dev.hypercare.triage.TestFeedback;
import dev.hypercare.triage.classifier.FeedbackClassifier;
import dev.hypercare.triage.classifier.LabelledExample;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Labelled items categorised twice, by the model alone and as the service runs it (rules, then the model): what
 * {@link RulesOnRealFeedbackTest} asserts and {@link CategoriseLabelledFiles} reports.
 *
 * @param byDecider per decider ({@code rule:<id>} or {@code model}): items decided, right, and right by the model alone
 */
record RulesAgainstModel(List<Category> gold, List<Category> modelAlone, List<Category> rulesThenModel,
                         Map<String, int[]> byDecider) {

    /**
     * @param asOther categories the labels do not have, counted as OTHER (Mini-BAR: QUESTION and PRAISE are kinds of it)
     * @param misses  told each item the categorise step got wrong, with its decider and first signal
     */
    static RulesAgainstModel of(List<LabelledExample> examples, FeedbackClassifier model, TriagePolicy policy,
                                Set<Category> asOther, Consumer<String> misses) {
        Categoriser categoriser = new Categoriser(model);
        List<Category> gold = new ArrayList<>();
        List<Category> alone = new ArrayList<>();
        List<Category> withRules = new ArrayList<>();
        Map<String, int[]> byDecider = new TreeMap<>();
        for (LabelledExample e : examples) {
            Category byModel = fold(model.classify(e.title(), e.text()).category(), asOther);
            Categorisation c = categoriser.categorise(policy, TestFeedback.withTitle(TestFeedback.withText(e.text()), e.title()));
            Category category = fold(c.category(), asOther);
            gold.add(e.label());
            alone.add(byModel);
            withRules.add(category);
            String decider = c.decidedBy().startsWith("rule:") ? c.decidedBy() : "model";
            if (category != e.label()) {
                misses.accept(String.format("MISS %s -> %s by %s: %s | %s", e.label(), category, decider, e.title(),
                        c.signals().isEmpty() ? "" : c.signals().get(0)));
            }
            int[] n = byDecider.computeIfAbsent(decider, k -> new int[3]);
            n[0]++;
            n[1] += category == e.label() ? 1 : 0;
            n[2] += byModel == e.label() ? 1 : 0;
        }
        return new RulesAgainstModel(gold, alone, withRules, byDecider);
    }

    private static Category fold(Category category, Set<Category> asOther) {
        return asOther.contains(category) ? Category.OTHER : category;
    }
}
