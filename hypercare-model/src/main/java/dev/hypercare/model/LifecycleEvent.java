package dev.hypercare.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;

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

    /** Every text well-formed (see {@link WellFormed}). */
    public LifecycleEvent {
        eventId = WellFormed.text(eventId);
        feedbackId = WellFormed.text(feedbackId);
        actor = WellFormed.text(actor);
        note = WellFormed.text(note);
    }
}
