package dev.hypercare.ingest.channel.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hypercare.http.Problem;
import dev.hypercare.ingest.feedback.FeedbackSubmission;
import dev.hypercare.ingest.http.Utf8Checked;
import dev.hypercare.ingest.intake.IntakeStep;
import dev.hypercare.ingest.metrics.IngestMetrics;
import dev.hypercare.ingest.problem.ProblemException;
import dev.hypercare.model.FeedbackChannel;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * {@code POST /api/v1/channels/slack/events}: the Request URL of a Slack app's Events API
 * subscription.
 *
 * <p>Rules: every request must carry a valid, fresh {@code v0} signature ({@link SlackSignature}),
 * the {@code url_verification} handshake included (401 otherwise). {@code url_verification} answers
 * the challenge. An {@code event_callback} whose event is a user's {@code message} (no subtype, no
 * bot) or an {@code app_mention} becomes feedback: its text, the Slack user as the (encrypted)
 * reporter, the channel as the component. Everything else is acknowledged with 200 and ignored, so
 * Slack does not retry it. Slack retries a delivery it thinks failed ({@code X-Slack-Retry-Num});
 * the feedback id is derived from the team and {@code event_id}, so a retry gets the first id back
 * and nothing is published twice. When Kafka is down the answer is 503, so that Slack does retry.
 */
@Path("/api/v1/channels/slack/events")
@Utf8Checked
public class SlackEventsResource {

    private final Optional<String> signingSecret;
    private final String sourceApp;
    private final String release;
    private final IntakeStep intake;
    private final IngestMetrics metrics;
    private final ObjectMapper mapper;
    private final Clock clock;

    public SlackEventsResource(@ConfigProperty(name = "hypercare.ingest.slack.signing-secret") Optional<String> signingSecret,
                               @ConfigProperty(name = "hypercare.ingest.slack.source-app", defaultValue = "slack") String sourceApp,
                               @ConfigProperty(name = "hypercare.ingest.default-release", defaultValue = "current") String release,
                               IntakeStep intake, IngestMetrics metrics, ObjectMapper mapper, Clock clock) {
        this.signingSecret = signingSecret.filter(s -> !s.isBlank());
        this.sourceApp = sourceApp;
        this.release = release;
        this.intake = intake;
        this.metrics = metrics;
        this.mapper = mapper;
        this.clock = clock;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Slack Events API request URL (signed by Slack)")
    @APIResponse(responseCode = "200", description = "Challenge answered, message accepted, or event ignored")
    @APIResponse(responseCode = "401", description = "Missing, wrong or stale signature",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "Slack channel not configured (no signing secret)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> receive(@HeaderParam("X-Slack-Request-Timestamp") String timestamp,
                                 @HeaderParam("X-Slack-Signature") String signature,
                                 @HeaderParam("X-Slack-Retry-Num") String retryNum,
                                 byte[] body) {
        String secret = signingSecret.orElseThrow(() -> new ProblemException(404, ProblemException.CHANNEL_DISABLED,
                "Channel disabled", "The Slack channel has no signing secret configured."));
        String refusal = SlackSignature.refusal(secret, timestamp, signature, body, clock.instant());
        if (refusal != null) {
            throw new ProblemException(401, ProblemException.INVALID_SIGNATURE, "Invalid Slack signature", refusal);
        }
        JsonNode payload;
        try {
            payload = mapper.readTree(body);
        } catch (Exception e) {
            throw ProblemException.invalidField("body", "must be a Slack Events API JSON payload");
        }
        String type = payload.path("type").asText();
        if (type.equals("url_verification")) {
            return Uni.createFrom().item(Response.ok(Map.of("challenge", payload.path("challenge").asText())).build());
        }
        JsonNode event = payload.path("event");
        String eventType = event.path("type").asText();
        boolean userMessage = (eventType.equals("message") && !event.has("subtype") && !event.has("bot_id"))
                || eventType.equals("app_mention");
        if (!type.equals("event_callback") || !userMessage || event.path("text").asText().isBlank()) {
            metrics.rejected("slack", "ignored");
            return Uni.createFrom().item(Response.ok(Map.of("ok", true, "ignored", type + "/" + eventType)).build());
        }
        String eventId = payload.path("event_id").asText(null);
        if (eventId == null || eventId.isBlank()) {
            throw ProblemException.invalidField("event_id", "is required");
        }
        String text = event.path("text").asText();
        FeedbackSubmission submission = new FeedbackSubmission(sourceApp, release, FeedbackChannel.SLACK, null,
                text.length() > FeedbackSubmission.MAX_TEXT ? text.substring(0, FeedbackSubmission.MAX_TEXT) : text,
                event.path("channel").asText(null), slackUser(payload, event), null, eventId,
                payload.has("event_time") ? Instant.ofEpochSecond(payload.path("event_time").asLong()) : null);
        return intake.accept(submission, "slack:" + payload.path("team_id").asText(), eventId,
                field -> switch (field) {
                    case "text" -> "event.text";
                    case "component" -> "event.channel";
                    case "reporter" -> "event.user";
                    case "clientId" -> "event_id";
                    default -> field;
                },
                accepted -> {
                    Map<String, Object> answer = new LinkedHashMap<>();
                    answer.put("ok", true);
                    answer.put("feedbackId", accepted.feedbackId());
                    answer.put("duplicate", accepted.replayed());
                    return Response.ok(answer);
                });
    }

    /** "slack:T123/U456": enough for support to reach the person through Slack; encrypted before Kafka. */
    private static String slackUser(JsonNode payload, JsonNode event) {
        String user = event.path("user").asText(null);
        return user == null ? null : "slack:" + payload.path("team_id").asText() + "/" + user;
    }
}
