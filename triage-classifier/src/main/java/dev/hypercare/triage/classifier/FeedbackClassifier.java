package dev.hypercare.triage.classifier;

import dev.hypercare.model.Category;
import java.util.List;

/**
 * A trained model that assigns a category to feedback no triage rule decided. Implementations are
 * immutable and thread-safe: one instance serves every stream thread.
 */
public interface FeedbackClassifier {

    /**
     * @param title optional title (may be null)
     * @param text  the feedback text
     */
    Prediction classify(String title, String text);

    /** Identifies the model file (name and training data digest), recorded in every explanation. */
    String version();

    /**
     * @param category   the most probable category
     * @param confidence its probability, 0..1
     * @param signals    human-readable evidence (e.g. the strongest features), may be empty
     */
    record Prediction(Category category, double confidence, List<String> signals) {
    }
}
