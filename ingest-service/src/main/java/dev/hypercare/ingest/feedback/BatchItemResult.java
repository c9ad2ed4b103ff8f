package dev.hypercare.ingest.feedback;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.hypercare.http.Problem;
import java.time.Instant;
import java.util.List;

/**
 * The outcome of one item of a batch, at the item's index in the request.
 *
 * @param status   {@code ACCEPTED} (durably in Kafka), {@code DUPLICATE} (a replay: the original id),
 *                 {@code REJECTED} (invalid: fix and resend; see errors) or {@code FAILED} (Kafka did not
 *                 acknowledge: resend as is, later)
 * @param errors   the fields at fault for {@code REJECTED}, named relative to the item
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BatchItemResult(int index, Status status, String feedbackId, Instant receivedAt, List<Problem.FieldError> errors) {

    public enum Status { ACCEPTED, DUPLICATE, REJECTED, FAILED }

    public static BatchItemResult rejected(int index, List<Problem.FieldError> errors) {
        return new BatchItemResult(index, Status.REJECTED, null, null, errors);
    }
}
