package dev.hypercare.ingest.feedback;

import java.time.Instant;

/** The 202 answer to a feedback submission: the id to quote in lifecycle events, and the receive time. */
public record FeedbackAccepted(String feedbackId, Instant receivedAt) {
}
