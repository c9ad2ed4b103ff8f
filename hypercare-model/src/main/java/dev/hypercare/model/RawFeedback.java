package dev.hypercare.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

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
    /** The longest id or name a record may carry: the ingest-service's own limit, far below what a store can hold. */
    public static final int MAX_NAME = 200;
    /**
     * The longest text (and, a fifth of it, title) a record may carry: five times the ingest-service's limit (its
     * scrubbing may lengthen a text a little), and small enough that the triaged record built from it stays below the
     * topics' 1 MB records (a larger one failed its write and stopped the triage-service).
     */
    public static final int MAX_TEXT = 100_000;
    /** No hypercare item is older (a receive time before it is a default value or a bug, not a time). */
    public static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    /**
     * How far after a reader's clock a receive time may be: clock skew between hosts, with a wide margin (tests and
     * benchmarks place receive times a day ahead to run windows ahead of the wall clock).
     */
    public static final Duration MAX_AHEAD = Duration.ofDays(7);

    /**
     * The fields that break the topic's contract though present: an id or name that readers keep in their stores longer
     * than {@link #MAX_NAME} (the reporter, encrypted, and the client id may be ten times that), a text over
     * {@link #MAX_TEXT} (a title over a fifth of it), a '|' in
     * the names that join the parts of KPI and issue-group keys, a receive time before {@link #EARLIEST} or more than
     * {@link #MAX_AHEAD} after {@code now}. The ingest-service does not write such a record; readers dead-letter one that
     * another producer wrote, because each once stopped a Kafka Streams app downstream for good: a 70,000-character
     * component overflowed a store's string encoding, a '|' in a release made its KPI key read as another window, the
     * year +999999999 overflowed the SLA deadlines.
     */
    public List<String> invalidFields(Instant now) {
        List<String> invalid = new ArrayList<>();
        name(invalid, "feedbackId", feedbackId, false);
        name(invalid, "sourceApp", sourceApp, true);
        name(invalid, "release", release, true);
        name(invalid, "component", component, true);
        // The reporter is encrypted (longer than its 200 characters) and neither is stored downstream, but both travel
        // in the triaged record, which must fit the topics' 1 MB records.
        if (reporter != null && reporter.length() > 10 * MAX_NAME) {
            invalid.add("reporter");
        }
        if (clientId != null && clientId.length() > 10 * MAX_NAME) {
            invalid.add("clientId");
        }
        if (title != null && title.length() > MAX_TEXT / 5) {
            invalid.add("title");
        }
        if (text != null && text.length() > MAX_TEXT) {
            invalid.add("text");
        }
        if (receivedAt != null && !receivable(receivedAt, now)) {
            invalid.add("receivedAt");
        }
        return invalid;
    }

    /** Whether a record's receive time can be real, read at {@code now}: from {@link #EARLIEST} to {@link #MAX_AHEAD} after it. */
    static boolean receivable(Instant receivedAt, Instant now) {
        return !receivedAt.isBefore(EARLIEST) && !receivedAt.isAfter(now.plus(MAX_AHEAD));
    }

    static void name(List<String> invalid, String field, String value, boolean keyPart) {
        if (value != null && (value.length() > MAX_NAME || keyPart && value.indexOf('|') >= 0)) {
            invalid.add(field);
        }
    }

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
