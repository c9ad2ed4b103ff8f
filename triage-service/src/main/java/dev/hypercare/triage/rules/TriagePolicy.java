package dev.hypercare.triage.rules;

import dev.hypercare.triage.priority.ImpactUrgency;
import dev.hypercare.triage.priority.PriorityMatrix;
import java.time.Duration;
import java.time.Instant;

/**
 * Everything the triage steps decide with, as one immutable version: the rules, the impact thresholds,
 * the priority matrix and the review/grouping/escalation thresholds. A new version replaces the whole
 * policy at once, so no item is ever triaged with the rules of one version and the matrix of another.
 *
 * @param version     the document's version, written into every decision ({@code rulesVersion})
 * @param source      where it came from: {@code defaults} or {@code topic:<partition>@<offset>}
 * @param activatedAt when this instance started using it
 */
public record TriagePolicy(String version, String source, Instant activatedAt, RuleEngine rules,
                           ImpactUrgency impactUrgency, PriorityMatrix matrix, Thresholds thresholds) {

    /**
     * @param reviewBelowConfidence a classifier answer below this confidence is marked {@code needsReview}
     * @param groupSimilarity       minimum similarity (0..1) for a report to join an existing issue group
     * @param escalateAfter         this many new members of a group within {@code escalationWindow} raise
     *                              the group's priority by one step (P3 -> P2 -> P1), with one alert each time
     * @param escalationWindow      the sliding window, in event time, in which those members must arrive
     */
    public record Thresholds(double reviewBelowConfidence, double groupSimilarity, int escalateAfter,
                             Duration escalationWindow) {

        /**
         * The longest escalation window accepted. Grouping works in milliseconds of event time: a window such as
         * PT9999999999999999S was accepted and overflowed on the first report, on every restart.
         */
        public static final Duration MAX_ESCALATION_WINDOW = Duration.ofDays(30);

        public Thresholds {
            // Written as "not within" so that NaN (which Jackson reads from "NaN") is refused: every comparison with it is false.
            if (!(reviewBelowConfidence >= 0 && reviewBelowConfidence <= 1)) {
                throw new RuleSet.InvalidRuleSetException("reviewBelowConfidence must be within 0..1, not " + reviewBelowConfidence);
            }
            if (!(groupSimilarity > 0 && groupSimilarity <= 1)) {
                throw new RuleSet.InvalidRuleSetException("groupSimilarity must be within (0..1], not " + groupSimilarity);
            }
            if (escalateAfter < 2) {
                throw new RuleSet.InvalidRuleSetException("escalateAfter must be at least 2, not " + escalateAfter);
            }
            if (escalationWindow == null || escalationWindow.isNegative() || escalationWindow.isZero()
                    || escalationWindow.compareTo(MAX_ESCALATION_WINDOW) > 0) {
                throw new RuleSet.InvalidRuleSetException("escalationWindow must be a positive duration of at most "
                        + MAX_ESCALATION_WINDOW + ", not " + escalationWindow);
            }
        }
    }
}
