package dev.hypercare.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What triage decided about one item and why.
 *
 * @param category     the category chosen
 * @param flags        the flags found (outage, security, ...)
 * @param impact       impact level fed to the priority matrix
 * @param urgency      urgency level fed to the priority matrix
 * @param priority     the matrix's answer for (impact, urgency)
 * @param confidence   how sure the categoriser is, 0..1 (a matching rule is 1.0)
 * @param needsReview  true when a human should check the category
 * @param explanation  which rule or model decided, on which signals
 * @param language     ISO 639-1 code of the text's language ({@code en}, {@code fr}, ...), or {@code und}
 *                     when undetermined; null from triage versions before language detection
 * @param sentiment    sentiment of the text, -1 (very negative) .. +1 (very positive); null when unknown
 * @param issueId      the recurring-issue group this record speaks for: set on escalation alerts, null on
 *                     ordinary triaged items
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TriageDecision(
        Category category,
        Set<Flag> flags,
        Level impact,
        Level urgency,
        Priority priority,
        double confidence,
        boolean needsReview,
        Explanation explanation,
        String language,
        Double sentiment,
        String issueId) {

    /**
     * The flags are copied into the enum's order, so a decision is immutable and its JSON lists flags the
     * same way on every JVM (a hash set's order is not).
     */
    public TriageDecision {
        flags = flags == null ? null : flags.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(flags));
    }

    /** The decision without enrichment or issue group (the shape before those existed). */
    public TriageDecision(Category category, Set<Flag> flags, Level impact, Level urgency, Priority priority,
                          double confidence, boolean needsReview, Explanation explanation) {
        this(category, flags, impact, urgency, priority, confidence, needsReview, explanation, null, null, null);
    }

    /**
     * @param decidedBy    "rule:&lt;id&gt;" or "model:&lt;version&gt;" or "default"
     * @param rulesVersion version of the rule set in force
     * @param signals      human-readable evidence, e.g. {@code keyword:"down" -> OUTAGE}
     * @param matrixCell   the impact x urgency cell, e.g. {@code HIGH x HIGH -> P1}
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Explanation(String decidedBy, String rulesVersion, List<String> signals, String matrixCell) {

        /** The signals are copied: the explanation is immutable, like the decision it explains. */
        public Explanation {
            signals = signals == null ? null : List.copyOf(signals);
        }
    }
}
