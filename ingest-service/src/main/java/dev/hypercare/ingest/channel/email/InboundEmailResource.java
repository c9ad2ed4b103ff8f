package dev.hypercare.ingest.channel.email;

import dev.hypercare.http.Problem;
import dev.hypercare.ingest.feedback.FeedbackAccepted;
import dev.hypercare.ingest.feedback.FeedbackResource;
import dev.hypercare.ingest.feedback.FeedbackSubmission;
import dev.hypercare.ingest.http.StrictUtf8;
import dev.hypercare.ingest.http.Utf8Checked;
import dev.hypercare.ingest.intake.IntakeStep;
import dev.hypercare.ingest.problem.ProblemException;
import dev.hypercare.ingest.security.CurrentCaller;
import dev.hypercare.ingest.security.RequiresScope;
import dev.hypercare.ingest.security.Scope;
import dev.hypercare.model.FeedbackChannel;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.jboss.resteasy.reactive.RestForm;

/**
 * {@code POST /api/v1/channels/email/inbound}: the webhook an inbound-parse service calls for each
 * e-mail to the feedback address (multipart/form-data, see {@link InboundEmail}).
 *
 * <p>Rules: the subject becomes the title and the plain text the feedback; the sender becomes the
 * (encrypted) reporter and is never logged. The key needs the submit scope; it can come as the
 * password of HTTP Basic in the webhook URL, since such services cannot set headers. The source app
 * is the key's app (or {@code hypercare.ingest.email.source-app} without authentication); the
 * release is the recipient's plus-address or {@code hypercare.ingest.default-release}.
 */
@Path("/api/v1/channels/email/inbound")
@Utf8Checked
public class InboundEmailResource {

    /** Errors name the e-mail's parts. */
    private static final IntakeStep.FieldNames FIELDS = field -> switch (field) {
        case "title" -> "subject";
        case "reporter" -> "from";
        case "release" -> "to";
        case "clientId" -> "headers";
        default -> field;
    };

    private final IntakeStep intake;
    private final CurrentCaller caller;
    private final String sourceApp;
    private final String defaultRelease;

    public InboundEmailResource(IntakeStep intake, CurrentCaller caller,
                                @ConfigProperty(name = "hypercare.ingest.email.source-app", defaultValue = "email") String sourceApp,
                                @ConfigProperty(name = "hypercare.ingest.default-release", defaultValue = "current") String defaultRelease) {
        this.intake = intake;
        this.caller = caller;
        this.sourceApp = sourceApp;
        this.defaultRelease = defaultRelease;
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    @RequiresScope(Scope.SUBMIT)
    @SecurityRequirement(name = "apiKey")
    @Operation(summary = "Inbound e-mail webhook (SendGrid Inbound Parse or Mailgun field names)")
    @APIResponse(responseCode = "202", description = "Accepted and stored in Kafka",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = FeedbackAccepted.class)))
    @APIResponse(responseCode = "400", description = "No sender, or neither subject nor body",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> receive(@RestForm String from, @RestForm String sender,
                                 @RestForm String to, @RestForm String recipient,
                                 @RestForm String subject,
                                 @RestForm String text, @RestForm("body-plain") String bodyPlain,
                                 @RestForm String html, @RestForm("body-html") String bodyHtml,
                                 @RestForm String headers, @RestForm("message-headers") String messageHeaders,
                                 @RestForm("Message-Id") String mailgunMessageId) {
        // The multipart decoder turned bytes that were not UTF-8 into U+FFFD; such a mail is refused, not stored mangled.
        String[][] parts = {{"from", from}, {"sender", sender}, {"to", to}, {"recipient", recipient}, {"subject", subject},
                {"text", text}, {"body-plain", bodyPlain}, {"html", html}, {"body-html", bodyHtml}, {"headers", headers},
                {"message-headers", messageHeaders}, {"Message-Id", mailgunMessageId}};
        for (String[] part : parts) {
            StrictUtf8.requireNoReplacement(part[1], part[0]);
        }
        InboundEmail email = new InboundEmail(first(from, sender), first(to, recipient), subject, first(text, bodyPlain),
                first(html, bodyHtml), first(headers, messageHeaders, mailgunMessageId == null ? null : "Message-ID: " + mailgunMessageId));
        List<Problem.FieldError> errors = new ArrayList<>();
        if (email.senderAddress() == null || email.senderAddress().isBlank()) {
            errors.add(new Problem.FieldError("from", "is required"));
        }
        String body = email.body();
        String title = subject == null || subject.isBlank() ? null : subject.strip();
        if (body == null && title == null) {
            errors.add(new Problem.FieldError("text", "subject or body is required"));
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(400, Problem.VALIDATION, "Invalid request", "Invalid field(s): "
                    + errors.stream().map(Problem.FieldError::field).toList(), errors, null);
        }
        String app = caller.get().app() != null ? caller.get().app() : sourceApp;
        FeedbackSubmission submission = new FeedbackSubmission(app, email.release().orElse(defaultRelease), FeedbackChannel.EMAIL,
                title == null ? null : truncate(title, FeedbackSubmission.MAX_TITLE),
                truncate(body == null ? title : body, FeedbackSubmission.MAX_TEXT),
                null, truncate(email.senderAddress(), FeedbackSubmission.MAX_NAME), null,
                email.messageId().map(id -> truncate(id, FeedbackSubmission.MAX_NAME)).orElse(null), null);
        return intake.accept(submission, "email:" + app, email.messageId().orElse(null), FIELDS,
                // The Location of the item's status, as every channel that answers the sender's system with a 202.
                accepted -> Response.accepted(new FeedbackAccepted(accepted.feedbackId(), accepted.receivedAt()))
                        .location(URI.create(FeedbackResource.PATH + "/" + accepted.feedbackId())));
    }

    private static String first(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
