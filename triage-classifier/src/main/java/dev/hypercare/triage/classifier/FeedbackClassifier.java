package dev.hypercare.triage.classifier;

import dev.hypercare.model.Category;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

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
     * The categories this classifier can return. A model trained on data without QUESTION or PRAISE
     * labels (like the default one) never returns them; rules decide those.
     */
    default Set<Category> categories() {
        return EnumSet.allOf(Category.class);
    }

    /**
     * @param category   the most probable category
     * @param confidence its probability, 0..1
     * @param signals    human-readable evidence (e.g. the strongest features), may be empty
     */
    record Prediction(Category category, double confidence, List<String> signals) {
    }
}
