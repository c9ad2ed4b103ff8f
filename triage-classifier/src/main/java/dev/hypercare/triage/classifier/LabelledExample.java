package dev.hypercare.triage.classifier;

import dev.hypercare.model.Category;
import java.util.Objects;

/**
 * One labelled item: what train and evaluate read.
 *
 * @param title optional title (issue trackers have one, app reviews do not)
 * @param text  the feedback text
 * @param label the primary label
 * @param group where the item comes from (e.g. the app or project), or null; training can hold
 *              out whole groups to choose C for items from sources it has not seen
 */
public record LabelledExample(String title, String text, Category label, String group) {

    public LabelledExample {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(label, "label");
    }

    public LabelledExample(String title, String text, Category label) {
        this(title, text, label, null);
    }
}
