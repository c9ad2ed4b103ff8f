package dev.hypercare.ingest.feedback;

import dev.hypercare.model.FeedbackChannel;
import dev.hypercare.model.RawFeedback;
import java.time.Instant;

/**
 * Turns a validated submission into the {@link RawFeedback} record of {@code hypercare.feedback.raw}.
 *
 * <p>Rule: the id and the receive time are Hypercare's, never the client's: {@code receivedAt} starts
 * every SLA clock, so it comes from the server; the client's own id and timestamp are kept as
 * {@code clientId} and {@code clientTimestamp} for correlation only.
 */
public final class FeedbackMapper {

    private FeedbackMapper() {
    }

    public static RawFeedback toRawFeedback(FeedbackSubmission submission, String feedbackId, Instant receivedAt) {
        return new RawFeedback(
                RawFeedback.SCHEMA_VERSION,
                feedbackId,
                receivedAt,
                submission.sourceApp().strip(),
                submission.release().strip(),
                submission.channel() == null ? FeedbackChannel.API : submission.channel(),
                submission.title(),
                submission.text(),
                submission.component(),
                submission.reporter(),
                submission.affectedUsers(),
                submission.clientId(),
                submission.clientTimestamp());
    }
}
