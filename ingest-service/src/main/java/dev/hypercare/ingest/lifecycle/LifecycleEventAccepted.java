package dev.hypercare.ingest.lifecycle;

/** The 202 answer to a lifecycle event: its new id and the feedback it is about. */
public record LifecycleEventAccepted(String eventId, String feedbackId) {
}
