package dev.hypercare.triage.classifier;

import dev.hypercare.model.Category;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Maps label spellings found in labelled exports to categories: the Category names themselves,
 * and the usual issue-tracker and review-mining synonyms, so a team can train on its own history
 * without rewriting it.
 */
public final class Labels {

    private static final Map<String, Category> SYNONYMS = Map.ofEntries(
            Map.entry("BUG", Category.BUG),
            Map.entry("BUG_REPORT", Category.BUG),
            Map.entry("DEFECT", Category.BUG),
            Map.entry("PROBLEM", Category.BUG),
            Map.entry("FEATURE_REQUEST", Category.FEATURE_REQUEST),
            Map.entry("FEATURE", Category.FEATURE_REQUEST),
            Map.entry("ENHANCEMENT", Category.FEATURE_REQUEST),
            Map.entry("REQUEST", Category.FEATURE_REQUEST),
            Map.entry("QUESTION", Category.QUESTION),
            Map.entry("SUPPORT", Category.QUESTION),
            Map.entry("PRAISE", Category.PRAISE),
            Map.entry("OTHER", Category.OTHER));

    private Labels() {
    }

    /** The category a label names, ignoring case, spaces and hyphens; empty if it names none. */
    public static Optional<Category> parse(String label) {
        if (label == null) {
            return Optional.empty();
        }
        String key = label.trim().toUpperCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
        return Optional.ofNullable(SYNONYMS.get(key));
    }
}
