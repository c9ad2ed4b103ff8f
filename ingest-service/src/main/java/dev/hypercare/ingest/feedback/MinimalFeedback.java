package dev.hypercare.ingest.feedback;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hypercare.ingest.intake.IntakeStep;
import dev.hypercare.ingest.security.ApiKeyRegistry;
import dev.hypercare.model.FeedbackChannel;
import java.time.Instant;

/**
 * The minimal shape a first script sends to {@code POST {base}/feedback}:
 * {@code {"user_id": "12345", "comments": "...", "time_submitted": "2023-10-15T10:20:00Z"}}.
 *
 * <p>Rules: {@code comments} is the feedback text (required), {@code user_id} the reporter (a string
 * or an integer, encrypted like every reporter), {@code time_submitted} the client's timestamp.
 * The shape has no app and no release: they come from the API key ({@code <key>.app},
 * {@code <key>.release}), or with authentication off from {@code hypercare.ingest.minimal.source-app}
 * and {@code hypercare.ingest.default-release}. A body is in this shape when it has none of the native
 * required fields ({@code sourceApp}, {@code release}, {@code text}) and at least one of these three.
 */
public record MinimalFeedback(
        @JsonProperty("user_id") JsonNode userId,
        @JsonProperty("comments") String comments,
        @JsonProperty("time_submitted") Instant timeSubmitted) {

    /** The field names of the minimal shape for errors about the submission made from it. */
    public static final IntakeStep.FieldNames FIELDS = field -> switch (field) {
        case "text" -> "comments";
        case "reporter" -> "user_id";
        case "clientTimestamp" -> "time_submitted";
        default -> field;
    };

    /** Whether a JSON body is in the minimal shape rather than the native one. */
    public static boolean isMinimal(JsonNode body) {
        return body.isObject() && !body.has("sourceApp") && !body.has("release") && !body.has("text")
                && (body.has("comments") || body.has("user_id") || body.has("time_submitted"));
    }

    /** The user id as text, or null; a JSON number is taken as written ("12345"). */
    public String reporter() {
        return userId == null || userId.isNull() ? null : userId.isTextual() ? userId.textValue() : userId.asText();
    }

    /** Whether {@code user_id} has a type this shape takes (string or integer). */
    public boolean userIdTypeOk() {
        return userId == null || userId.isNull() || userId.isTextual() || userId.isIntegralNumber();
    }

    public FeedbackSubmission toSubmission(String sourceApp, String release) {
        return new FeedbackSubmission(sourceApp, release, FeedbackChannel.API, null, comments, null, reporter(), null, null,
                timeSubmitted);
    }

    /**
     * The idempotency key a retry of the same script call repeats: without an {@code Idempotency-Key}
     * header, the same user, time and comments are the same feedback. Without a time there is none:
     * the same words from the same user on two days are two reports.
     */
    public String contentKey() {
        if (timeSubmitted == null) {
            return null;
        }
        String identity = reporter() + "\n" + timeSubmitted + "\n" + comments;
        return "minimal:" + ApiKeyRegistry.sha256Hex(identity);
    }
}
