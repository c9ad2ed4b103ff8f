package dev.hypercare.triage.rules;

import dev.hypercare.model.RawFeedback;
import dev.hypercare.triage.classifier.FeedbackClassifier;
import dev.hypercare.triage.explain.TwoDecimals;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The categorise step: rules first, then the trained classifier for what no rule decided.
 *
 * <p>Business rule: a matching category rule decides (confidence 1.0, {@code rule:<id>}). When none does and a
 * classifier is installed, the classifier decides ({@code model:<version>}) with its confidence, and the item
 * is marked {@code needsReview} when that confidence is below the policy's {@code reviewBelowConfidence}.
 * Flags always come from the rules. Without a classifier the rules' default stands (OTHER, needs review). A rule that
 * refines the model's categories (praise, question: kinds of the model's OTHER) or yields to some (bug, feature-request:
 * the model's confident wish or question stands against their wording) asks the classifier first.
 */
public final class Categoriser {

    private final FeedbackClassifier classifier;

    /** @param classifier the trained model, or null when none is installed */
    public Categoriser(FeedbackClassifier classifier) {
        this.classifier = classifier;
    }

    /** The classifier for what no rule decides, or null when it is disabled. */
    public FeedbackClassifier classifier() {
        return classifier;
    }

    public String modelVersion() {
        return classifier == null ? null : classifier.version();
    }

    public Categorisation categorise(TriagePolicy policy, RawFeedback feedback) {
        if (classifier == null) {
            return policy.rules().categorise(feedback);
        }
        // Asked at most once: by a refining or yielding rule that matched, then again here when no rule decided.
        FeedbackClassifier.Prediction[] asked = new FeedbackClassifier.Prediction[1];
        Supplier<FeedbackClassifier.Prediction> model = () -> asked[0] != null ? asked[0]
                : (asked[0] = classifier.classify(feedback.title(), feedback.text()));
        Categorisation byRules = policy.rules().categorise(feedback, model, policy.thresholds().reviewBelowConfidence());
        if (!RuleEngine.DEFAULT_DECIDER.equals(byRules.decidedBy())) {
            return byRules;
        }
        FeedbackClassifier.Prediction prediction = model.get();
        boolean review = prediction.confidence() < policy.thresholds().reviewBelowConfidence();
        List<String> signals = new ArrayList<>(byRules.signals().size() + prediction.signals().size() + 1);
        // Keep the rules' flag evidence, drop their "no category rule matched" default.
        byRules.signals().stream().filter(s -> !s.startsWith(RuleEngine.NO_RULE_SIGNAL)).forEach(signals::add);
        // "no category rule matched; model %s -> %s (confidence %.2f%s)" without String.format (TwoDecimals).
        StringBuilder signal = new StringBuilder(96).append("no category rule matched; model ").append(classifier.version())
                .append(" -> ").append(prediction.category()).append(" (confidence ");
        TwoDecimals.append(signal, prediction.confidence());
        if (review) {
            signal.append(", below ").append(policy.thresholds().reviewBelowConfidence()).append(": needs review");
        }
        signals.add(signal.append(')').toString());
        prediction.signals().forEach(s -> signals.add("model: " + s));
        return new Categorisation(prediction.category(), byRules.flags(), prediction.confidence(), review,
                "model:" + classifier.version(), byRules.rulesVersion(), signals);
    }
}
