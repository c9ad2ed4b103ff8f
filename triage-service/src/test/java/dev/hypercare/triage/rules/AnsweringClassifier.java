package dev.hypercare.triage.rules;

import dev.hypercare.model.Category;
import dev.hypercare.triage.classifier.FeedbackClassifier;
import java.util.List;

/** A classifier that always answers the same, to pin a rule down without a trained model; it counts the calls. */
final class AnsweringClassifier implements FeedbackClassifier {

    static final String VERSION = "test-model-1";

    private final Category category;
    private final double confidence;
    private int asked;

    AnsweringClassifier(Category category, double confidence) {
        this.category = category;
        this.confidence = confidence;
    }

    /** How many times the categorise step asked it. */
    int asked() {
        return asked;
    }

    @Override
    public Prediction classify(String title, String text) {
        asked++;
        return new Prediction(category, confidence, List.of("word \"widget\""));
    }

    @Override
    public String version() {
        return VERSION;
    }
}
