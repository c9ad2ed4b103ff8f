package dev.hypercare.ingest.channel.cloudevents;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hypercare.http.Problem;
import dev.hypercare.ingest.feedback.BatchAccepted;
import dev.hypercare.ingest.feedback.BatchItemResult;
import dev.hypercare.ingest.feedback.FeedbackAccepted;
import dev.hypercare.ingest.feedback.FeedbackResource;
import dev.hypercare.ingest.feedback.FeedbackSubmission;
import dev.hypercare.ingest.http.Utf8Checked;
import dev.hypercare.ingest.intake.IntakeStep;
import dev.hypercare.ingest.problem.ProblemException;
import dev.hypercare.ingest.problem.ProblemMappers;
import dev.hypercare.ingest.security.Caller;
import dev.hypercare.ingest.security.CurrentCaller;
import dev.hypercare.ingest.security.RequiresScope;
import dev.hypercare.ingest.security.Scope;
import dev.hypercare.model.FeedbackChannel;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.format.EventDeserializationException;
import io.cloudevents.core.format.EventFormat;
import io.cloudevents.core.provider.EventFormatProvider;
import io.cloudevents.http.HttpMessageFactory;
import io.cloudevents.jackson.JsonFormat;
import io.cloudevents.rw.CloudEventRWException;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/**
 * {@code POST /api/v1/cloudevents}: feedback as CloudEvents 1.0 over HTTP, in all three modes of the
 * HTTP protocol binding, decoded by the CloudEvents Java SDK:
 * <ul>
 *   <li>binary: attributes in {@code ce-*} headers, the feedback JSON as the body;</li>
 *   <li>structured: {@code application/cloudevents+json}, the event with its data in one document;</li>
 *   <li>batched: {@code application/cloudevents-batch+json}, a JSON array of structured events,
 *       answered per event like the JSON batch.</li>
 * </ul>
 * <p>Rule: the event's data is the same JSON as {@code POST /api/v1/feedback} (any {@code type});
 * {@code sourceApp} may be left out when the API key names the app. The event's {@code id} becomes
 * the {@code clientId}, its {@code time} the {@code clientTimestamp}, and source + id (unique by the
 * CloudEvents spec) the idempotency key: a redelivered event gets its first feedback id back and is
 * not published again.
 */
@Path("/api/v1/cloudevents")
@Utf8Checked
public class CloudEventsResource {

    public static final String STRUCTURED = "application/cloudevents+json";
    public static final String BATCH = "application/cloudevents-batch+json";

    /** Errors name the event's own parts: its {@code id}, and the feedback fields inside {@code data}. */
    private static final IntakeStep.FieldNames FIELDS = field -> field.equals("clientId") ? "id" : "data." + field;

    private final IntakeStep intake;
    private final CurrentCaller caller;
    private final ObjectMapper mapper;
    private final int maxItems;

    public CloudEventsResource(IntakeStep intake, CurrentCaller caller, ObjectMapper mapper,
                               @ConfigProperty(name = "hypercare.ingest.batch.max-items", defaultValue = "500") int maxItems) {
        this.intake = intake;
        this.caller = caller;
        this.mapper = mapper;
        this.maxItems = maxItems;
    }

    @POST
    @Consumes({MediaType.APPLICATION_JSON, STRUCTURED})
    @Produces(MediaType.APPLICATION_JSON)
    @RequiresScope(Scope.SUBMIT)
    @SecurityRequirement(name = "apiKey")
    @Operation(summary = "Submit feedback as one CloudEvent (binary or structured mode)")
    @APIResponse(responseCode = "202", description = "Accepted and stored in Kafka",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = FeedbackAccepted.class)))
    @APIResponse(responseCode = "400", description = "Not a valid CloudEvent, or invalid feedback data",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> single(@Context HttpHeaders headers, byte[] body) {
        CloudEvent event;
        try {
            event = HttpMessageFactory.createReader(headersOf(headers), body).toEvent();
        } catch (CloudEventRWException | EventDeserializationException | IllegalStateException e) {
            // EventDeserializationException: a structured event without an id, or truncated JSON (HostileInputIT found it as a 500)
            throw new ProblemException(400, ProblemException.INVALID_CLOUDEVENT, "Invalid CloudEvent",
                    "Not a CloudEvent 1.0 in binary or structured mode: " + firstLine(e.getMessage()));
        }
        Converted converted = convert(event);
        if (converted.errors() != null) {
            throw IntakeStep.invalidFields(converted.errors());
        }
        return intake.accept(converted.submission(), scopeOf(converted.submission(), event), event.getId(), FIELDS,
                accepted -> Response.accepted(new FeedbackAccepted(accepted.feedbackId(), accepted.receivedAt()))
                        .location(URI.create(FeedbackResource.PATH + "/" + accepted.feedbackId())));
    }

    @POST
    @Consumes(BATCH)
    @Produces(MediaType.APPLICATION_JSON)
    @RequiresScope(Scope.SUBMIT)
    @SecurityRequirement(name = "apiKey")
    @Operation(summary = "Submit a batch of CloudEvents (application/cloudevents-batch+json)",
            description = "One result per event, as for the JSON batch; 503 with the per-item body when some FAILED.")
    @APIResponse(responseCode = "200", description = "Every event has a definitive result",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = BatchAccepted.class)))
    public Uni<Response> batch(byte[] body) {
        JsonNode events;
        try {
            events = mapper.readTree(body);
        } catch (Exception e) {
            throw new ProblemException(400, ProblemException.INVALID_CLOUDEVENT, "Invalid CloudEvents batch",
                    "The body is not a JSON array of CloudEvents.");
        }
        if (events == null || !events.isArray() || events.isEmpty() || events.size() > maxItems) {
            throw ProblemException.invalidField("body", "must be a JSON array of 1 to " + maxItems + " CloudEvents");
        }
        intake.chargeBatch(events.size());
        EventFormat format = EventFormatProvider.getInstance().resolveFormat(JsonFormat.CONTENT_TYPE);
        Caller who = caller.get();
        BatchItemResult[] results = new BatchItemResult[events.size()];
        List<IntakeStep.BatchItem> valid = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            int index = i;
            CloudEvent event;
            try {
                event = format.deserialize(mapper.writeValueAsBytes(events.get(i)));
            } catch (Exception e) {
                results[index] = BatchItemResult.rejected(index,
                        List.of(new Problem.FieldError("event", "not a valid CloudEvent: " + e.getMessage())));
                continue;
            }
            Converted converted = convert(event);
            List<Problem.FieldError> errors = converted.errors() != null ? converted.errors()
                    : intake.errors(converted.submission(), who, FIELDS);
            if (!errors.isEmpty()) {
                results[index] = BatchItemResult.rejected(index, errors);
                continue;
            }
            valid.add(new IntakeStep.BatchItem(index, converted.submission(), scopeOf(converted.submission(), event), event.getId()));
        }
        return intake.batch(results, valid);
    }

    private record Converted(FeedbackSubmission submission, List<Problem.FieldError> errors) {
    }

    /**
     * Source + id identify an event (CloudEvents spec), so they are the idempotency key, within the submitting app's
     * key space: the source is whatever the client writes, so without the app one app's event (by mistake, two apps
     * using "/feedback" as their source; or on purpose) took another app's source and id, and that app's own event was
     * then answered as a replay of it and never published. The app is checked against the caller's key before any id
     * is derived.
     */
    private static String scopeOf(FeedbackSubmission submission, CloudEvent event) {
        return "ce:" + FeedbackResource.scopeOf(submission.sourceApp()) + "|" + event.getSource();
    }

    /**
     * The feedback inside the event, with the event's id and time as the client's and the caller's
     * app when the data names none, or why its data cannot be read (the {@link IntakeStep} checks the rest).
     */
    private Converted convert(CloudEvent event) {
        if (event.getData() == null) {
            return new Converted(null, List.of(new Problem.FieldError("data", "must hold the feedback JSON")));
        }
        FeedbackSubmission data;
        try {
            data = mapper.readValue(event.getData().toBytes(), FeedbackSubmission.class);
        } catch (JsonMappingException e) {
            Problem.FieldError error = ProblemMappers.fieldErrorOf(e);
            return new Converted(null, List.of(new Problem.FieldError("data." + error.field(), error.message())));
        } catch (Exception e) {
            return new Converted(null, List.of(new Problem.FieldError("data", "must be a JSON object")));
        }
        if (data == null) {
            // "data": null in structured mode, or a binary body of "null": Jackson reads JSON null as no object.
            return new Converted(null, List.of(new Problem.FieldError("data", "must hold the feedback JSON")));
        }
        String sourceApp = data.sourceApp() != null ? data.sourceApp() : caller.get().app();
        FeedbackSubmission submission = new FeedbackSubmission(sourceApp, data.release(), FeedbackChannel.CLOUDEVENTS,
                data.title(), data.text(), data.component(), data.reporter(), data.affectedUsers(),
                event.getId(), event.getTime() == null ? data.clientTimestamp() : event.getTime().toInstant());
        return new Converted(submission, null);
    }

    /** The request headers as the SDK reads them: ce-* lower-cased, Content-Type under its canonical name. */
    private static Map<String, String> headersOf(HttpHeaders headers) {
        Map<String, String> map = new HashMap<>();
        headers.getRequestHeaders().forEach((name, values) -> {
            if (values.isEmpty()) {
                return;
            }
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("content-type")) {
                map.put("Content-Type", values.get(0));
            } else if (lower.startsWith("ce-")) {
                map.put(lower, values.get(0));
            }
        });
        return map;
    }

    /** Jackson's messages go on with a location line; the first line says what is wrong. */
    private static String firstLine(String message) {
        return message == null ? "unreadable" : message.lines().findFirst().orElse(message);
    }
}
