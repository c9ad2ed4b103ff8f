package dev.hypercare.ingest.lifecycle;

import dev.hypercare.model.LifecycleEvent;
import java.time.Instant;

/**
 * Turns a validated submission into the {@link LifecycleEvent} of {@code hypercare.feedback.lifecycle}.
 *
 * <p>Rule: {@code occurredAt} is the caller's time when given (support may record an action after
 * the fact), else the receive time; {@code receivedAt} is always the server's clock.
 */
public final class LifecycleEventMapper {

    private LifecycleEventMapper() {
    }

    public static LifecycleEvent toLifecycleEvent(LifecycleEventSubmission submission, String eventId,
                                                  String feedbackId, Instant receivedAt) {
        return new LifecycleEvent(
                LifecycleEvent.SCHEMA_VERSION,
                eventId,
                feedbackId,
                submission.type(),
                submission.actor().strip(),
                submission.occurredAt() == null ? receivedAt : submission.occurredAt(),
                receivedAt,
                submission.rating(),
                submission.note());
    }
}
