package dev.hypercare.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;

/**
 * One piece of feedback as accepted by the ingest-service: the value of
 * {@code hypercare.feedback.raw}, keyed by {@link #feedbackId()}.
 *
 * <p>{@link #receivedAt()} is the ingest-service's clock when the request arrived; every SLA and
 * response-time clock starts there, never at the client's own (untrusted) timestamp.
 *
 * @param schemaVersion  version of this record's JSON shape; readers tolerate unknown fields
 * @param feedbackId     id assigned by Hypercare (UUID), the Kafka key of all of this item's records
 * @param receivedAt     when the ingest-service received the request
 * @param sourceApp      the upstream application reporting (one API key per app later on)
 * @param release        the release/version in hypercare that the feedback is about
 * @param channel        how it arrived
 * @param title          optional short title
 * @param text           the feedback itself
 * @param component      optional component or area of the product
 * @param reporter       optional contact of the person reporting
 * @param affectedUsers  optional count of users affected, as the reporter estimates it
 * @param clientId       optional id the client gave the event (for its own correlation)
 * @param clientTimestamp optional time the client says the feedback was written
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RawFeedback(
        int schemaVersion,
        String feedbackId,
        Instant receivedAt,
        String sourceApp,
        String release,
        FeedbackChannel channel,
        String title,
        String text,
        String component,
        String reporter,
        Integer affectedUsers,
        String clientId,
        Instant clientTimestamp) {

    public static final int SCHEMA_VERSION = 1;

    /** Every text well-formed (see {@link WellFormed}), whoever wrote the record: ingest, a replay or another producer. */
    public RawFeedback {
        feedbackId = WellFormed.text(feedbackId);
        sourceApp = WellFormed.text(sourceApp);
        release = WellFormed.text(release);
        title = WellFormed.text(title);
        text = WellFormed.text(text);
        component = WellFormed.text(component);
        reporter = WellFormed.text(reporter);
        clientId = WellFormed.text(clientId);
    }
}
