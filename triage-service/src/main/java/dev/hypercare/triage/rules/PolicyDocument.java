package dev.hypercare.triage.rules;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.hypercare.triage.priority.ImpactUrgency;
import dev.hypercare.triage.priority.PriorityMatrix;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The rules document ops publish on {@code hypercare.triage.rules} (and the shape of the shipped
 * {@code default-rules.json}): an ordered, versioned rule list, optionally with its own priority matrix and
 * thresholds. What a document leaves out comes from the service's configuration, so a team can publish
 * just new rules, or just a new matrix.
 *
 * <pre>
 * { "version": "2026.03-ops-2",
 *   "rules": [ { "id": "...", "when": {...}, "then": {...} } ],
 *   "matrix": { "HIGH": { "HIGH": "P1", "MEDIUM": "P2", "LOW": "P3" }, "MEDIUM": {...}, "LOW": {...} },
 *   "thresholds": { "highAffectedUsers": 100, "mediumAffectedUsers": 10, "reviewBelowConfidence": 0.6,
 *                   "groupSimilarity": 0.3, "escalateAfter": 10, "escalationWindow": "PT15M" } }
 * </pre>
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PolicyDocument(String version, String description, List<Rule> rules,
                             Map<String, Map<String, String>> matrix, DocumentThresholds thresholds) {

    /** Every field optional: a missing one keeps the configured default. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DocumentThresholds(Integer highAffectedUsers, Integer mediumAffectedUsers, Double reviewBelowConfidence,
                                     Double groupSimilarity, Integer escalateAfter, Duration escalationWindow) {
    }

    /** The configured values a document's missing parts fall back to. */
    public record Defaults(int highAffectedUsers, int mediumAffectedUsers, Map<String, ? extends Map<String, String>> matrix,
                           TriagePolicy.Thresholds thresholds) {
    }

    public RuleSet ruleSet() {
        return new RuleSet(version, rules);
    }

    /**
     * Validates and compiles the document into a policy.
     *
     * @throws RuleSet.InvalidRuleSetException naming what is wrong (rule, pattern, matrix cell, threshold)
     */
    public TriagePolicy compile(Defaults defaults, String source, Instant activatedAt) {
        if (rules == null || rules.isEmpty()) {
            throw new RuleSet.InvalidRuleSetException("The document " + version + " has no rules");
        }
        RuleEngine engine = new RuleEngine(ruleSet());
        DocumentThresholds t = thresholds == null ? new DocumentThresholds(null, null, null, null, null, null) : thresholds;
        ImpactUrgency impactUrgency;
        PriorityMatrix priorityMatrix;
        try {
            impactUrgency = new ImpactUrgency(or(t.highAffectedUsers(), defaults.highAffectedUsers()),
                    or(t.mediumAffectedUsers(), defaults.mediumAffectedUsers()));
            priorityMatrix = PriorityMatrix.from(matrix == null ? defaults.matrix() : matrix);
        } catch (RuleSet.InvalidRuleSetException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new RuleSet.InvalidRuleSetException(e.getMessage(), e);
        }
        TriagePolicy.Thresholds d = defaults.thresholds();
        TriagePolicy.Thresholds merged = new TriagePolicy.Thresholds(
                or(t.reviewBelowConfidence(), d.reviewBelowConfidence()), or(t.groupSimilarity(), d.groupSimilarity()),
                or(t.escalateAfter(), d.escalateAfter()), or(t.escalationWindow(), d.escalationWindow()));
        return new TriagePolicy(version, source, activatedAt, engine, impactUrgency, priorityMatrix, merged);
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
