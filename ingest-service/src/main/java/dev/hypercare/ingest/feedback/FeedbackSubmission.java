package dev.hypercare.ingest.feedback;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.hypercare.ingest.http.IsoInstantDeserializer;
import dev.hypercare.model.FeedbackChannel;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.time.Instant;

/**
 * The body of {@code POST /api/v1/feedback}: one piece of feedback as an upstream app sends it.
 * Unknown JSON fields are ignored (newer clients keep working against this service).
 *
 * <p>Bounds keep one record well under Kafka's default 1 MB message size and make abuse cheap to
 * refuse: free text up to {@value #MAX_TEXT} characters, names and ids up to {@value #MAX_NAME}.
 *
 * @param sourceApp       required: the upstream application reporting
 * @param release         required: the release/version the feedback is about
 * @param channel         optional, {@code API} when absent
 * @param title           optional short title
 * @param text            required: the feedback itself
 * @param component       optional component or area
 * @param reporter        optional contact of the person reporting
 * @param affectedUsers   optional estimate of affected users, &gt;= 0
 * @param clientId        optional id the client gave the event
 * @param clientTimestamp optional ISO-8601 time the client says it was written
 */
public record FeedbackSubmission(
        @NotBlank @Size(max = MAX_NAME) @Pattern(regexp = NO_KEY_SEPARATOR, message = KEY_SEPARATOR_MESSAGE) String sourceApp,
        @NotBlank @Size(max = MAX_NAME) @Pattern(regexp = NO_KEY_SEPARATOR, message = KEY_SEPARATOR_MESSAGE) String release,
        FeedbackChannel channel,
        @Size(max = MAX_TITLE) String title,
        @NotBlank @Size(max = MAX_TEXT) String text,
        @Size(max = MAX_NAME) @Pattern(regexp = NO_KEY_SEPARATOR, message = KEY_SEPARATOR_MESSAGE) String component,
        @Size(max = MAX_NAME) String reporter,
        @PositiveOrZero Integer affectedUsers,
        @Size(max = MAX_NAME) String clientId,
        @JsonDeserialize(using = IsoInstantDeserializer.class) Instant clientTimestamp) {

    public static final int MAX_NAME = 200;
    /**
     * App, release and component name the parts of the '|'-joined keys downstream (KPIs such as
     * {@code 2.4|volume|component=checkout|period}, issue groups {@code app|release|id}): a '|' inside one
     * would make one release's KPIs appear under another's prefix, so it is refused at the door.
     */
    static final String NO_KEY_SEPARATOR = "[^|]*";
    static final String KEY_SEPARATOR_MESSAGE = "must not contain '|'";
    public static final int MAX_TITLE = 500;
    public static final int MAX_TEXT = 20_000;
}
