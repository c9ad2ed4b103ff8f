package dev.hypercare.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One step in an item's life after triage: the value of {@code hypercare.feedback.lifecycle},
 * keyed by {@link #feedbackId()} so that an item's whole history stays in one partition, in order.
 *
 * @param schemaVersion version of this record's JSON shape
 * @param eventId       id assigned by Hypercare
 * @param feedbackId    the item this event is about
 * @param type          what happened
 * @param actor         who did it (support agent, team, or the reporter for RATED)
 * @param occurredAt    when it happened, as the caller says (defaults to receivedAt)
 * @param receivedAt    when the ingest-service received it
 * @param rating        CSAT 1..5 for RATED, otherwise null
 * @param note          optional free text
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LifecycleEvent(
        int schemaVersion,
        String eventId,
        String feedbackId,
        LifecycleType type,
        String actor,
        Instant occurredAt,
        Instant receivedAt,
        Integer rating,
        String note) {

    public static final int SCHEMA_VERSION = 1;

    /** No hypercare item is older: an occurredAt before it is a client's default (.NET's 0001-01-01), not a time. */
    public static final Instant EARLIEST = RawFeedback.EARLIEST;
    /** How far after its receipt an event may say it happened: the callers' clock skew, not the future. */
    public static final Duration MAX_AHEAD = Duration.ofMinutes(5);
    /** Where an occurredAt is clamped when there is no receive time to compare it with. */
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    /**
     * The fields that break the topic's contract though present, as {@link RawFeedback#invalidFields}: an id or actor
     * longer than {@link RawFeedback#MAX_NAME} (a 70,000-character event id overflowed the item store's encoding), a
     * receive time before 2000 or more than {@link RawFeedback#MAX_AHEAD} after {@code now}. (An implausible occurredAt is not refused here:
     * the event counts at its receive time, {@link #effectiveAt}.)
     */
    public List<String> invalidFields(Instant now) {
        List<String> invalid = new ArrayList<>();
        RawFeedback.name(invalid, "eventId", eventId, false);
        RawFeedback.name(invalid, "feedbackId", feedbackId, false);
        RawFeedback.name(invalid, "actor", actor, false);
        if (receivedAt != null && !RawFeedback.receivable(receivedAt, now)) {
            invalid.add("receivedAt");
        }
        return invalid;
    }

    /** Whether a caller's occurredAt can be the real time of an event received at {@code receivedAt}. */
    public static boolean plausible(Instant occurredAt, Instant receivedAt) {
        return !occurredAt.isBefore(EARLIEST) && !occurredAt.isAfter(receivedAt.plus(MAX_AHEAD));
    }

    /**
     * When the event counts: its occurredAt when {@link #plausible plausible}, else its receive time. The ingest-service
     * refuses the others; a record written by another producer must still not stop a reader: a year of +999999999
     * overflows every millisecond computation (it once stopped the metrics-service's KPI processor for good).
     */
    public Instant effectiveAt() {
        if (occurredAt == null) {
            return receivedAt;
        }
        if (receivedAt == null) {
            return occurredAt.isBefore(EARLIEST) ? EARLIEST : occurredAt.isAfter(LATEST) ? LATEST : occurredAt;
        }
        return plausible(occurredAt, receivedAt) ? occurredAt : receivedAt;
    }

    /** Every text well-formed (see {@link WellFormed}). */
    public LifecycleEvent {
        eventId = WellFormed.text(eventId);
        feedbackId = WellFormed.text(feedbackId);
        actor = WellFormed.text(actor);
        note = WellFormed.text(note);
    }
}
