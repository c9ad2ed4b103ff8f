package dev.hypercare.triage.rules;

import dev.hypercare.model.Category;
import dev.hypercare.model.Flag;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What the categoriser found: the category with its confidence, the flags, and the evidence.
 *
 * @param decidedBy    {@code rule:<id>} of the rule that decided the category, or {@code default}
 *                     when no rule did (a later classifier will answer {@code model:<version>})
 * @param rulesVersion version of the rule set in force
 * @param signals      human-readable evidence, one line per matching rule
 */
public record Categorisation(Category category, Set<Flag> flags, double confidence, boolean needsReview,
                             String decidedBy, String rulesVersion, List<String> signals) {

    public Categorisation {
        // Enum order, not Set.copyOf's per-JVM random order: the same item gives the same JSON on every run
        // (replays and output digests compare byte for byte).
        flags = flags.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(flags));
        signals = List.copyOf(signals);
    }
}
