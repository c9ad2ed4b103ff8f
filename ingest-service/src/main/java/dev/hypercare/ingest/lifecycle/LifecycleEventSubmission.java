package dev.hypercare.ingest.lifecycle;

import dev.hypercare.model.LifecycleType;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;

/**
 * The body of {@code POST /api/v1/feedback/{id}/events}: what support did with an item, or the
 * reporter's rating. Unknown JSON fields are ignored.
 *
 * @param type       required: ACKNOWLEDGED, RESPONDED, RESOLVED, REOPENED or RATED
 * @param actor      required: who did it
 * @param occurredAt optional ISO-8601 time it happened; the receive time when absent; from 2000 to 5 minutes
 *                   after the service's clock
 * @param rating     CSAT 1..5, required for RATED and refused for every other type
 * @param note       optional free text
 */
@RatingMatchesType
public record LifecycleEventSubmission(
        @NotNull LifecycleType type,
        @NotBlank @Size(max = MAX_ACTOR) String actor,
        @PlausibleTime Instant occurredAt,
        Integer rating,
        @Size(max = MAX_NOTE) String note) {

    public static final int MAX_ACTOR = 200;
    public static final int MAX_NOTE = 5_000;
}
