package dev.hypercare.triage.classifier;

import dev.hypercare.model.Category;
import java.util.Objects;

/**
 * One labelled item: what train and evaluate read.
 *
 * @param title optional title (issue trackers have one, app reviews do not)
 * @param text  the feedback text
 * @param label the primary label
 */
public record LabelledExample(String title, String text, Category label) {

    public LabelledExample {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(label, "label");
    }
}
