package dev.hypercare.ingest.feedback;

import java.time.Instant;

/**
 * {@code GET /api/v1/feedback/{id}}: what the ingest-service knows of an accepted item. {@code status} is
 * {@code RECEIVED} until a lifecycle event arrives, then the last one's type (a rating keeps the status); the triage
 * decision is the triage-service's ({@code GET :8081/api/v1/triage/{id}}).
 */
public record FeedbackStatus(String feedbackId, Instant receivedAt, String status) {

    public static final String RECEIVED = "RECEIVED";
}
