package dev.hypercare.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;

/**
 * The value of {@code hypercare.feedback.triaged} and of the priority topics, keyed by feedback id:
 * the feedback as received plus the triage decision.
 *
 * @param schemaVersion version of this record's JSON shape
 * @param feedbackId    same as {@code feedback.feedbackId()}, repeated at the top so that a consumer
 *                      reading with kcat sees it first
 * @param priority      same as {@code decision.priority()}, repeated for the same reason
 * @param triagedAt     when triage decided (the stream time of the raw record)
 * @param feedback      the feedback as received
 * @param decision      what triage decided and why
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TriagedFeedback(
        int schemaVersion,
        String feedbackId,
        Priority priority,
        Instant triagedAt,
        RawFeedback feedback,
        TriageDecision decision) {

    public static final int SCHEMA_VERSION = 1;

    public static TriagedFeedback of(RawFeedback feedback, TriageDecision decision, Instant triagedAt) {
        return new TriagedFeedback(SCHEMA_VERSION, feedback.feedbackId(), decision.priority(), triagedAt, feedback, decision);
    }
}
