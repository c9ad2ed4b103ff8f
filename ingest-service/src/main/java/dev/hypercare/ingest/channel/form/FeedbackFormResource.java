package dev.hypercare.ingest.channel.form;

import dev.hypercare.ingest.feedback.FeedbackSubmission;
import dev.hypercare.ingest.http.Utf8Checked;
import dev.hypercare.ingest.intake.IntakeStep;
import dev.hypercare.ingest.problem.ProblemException;
import dev.hypercare.ingest.security.RateLimiter;
import dev.hypercare.model.FeedbackChannel;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * {@code GET /feedback-form}: the feedback page for people; {@code POST /feedback-form}: its
 * {@code application/x-www-form-urlencoded} submission.
 *
 * <p>Rules: the page is public (people have no API key), so each client address is rate-limited
 * ({@code hypercare.ingest.form.rate-per-second}, 429 with Retry-After). Each rendered page carries
 * a one-time token that is the idempotency key: a double click or a browser resubmit gives the same
 * feedback id and publishes once. Invalid input re-renders the form (400) with the errors tied to
 * their fields and the values kept. The source app is {@code hypercare.ingest.form.source-app}.
 */
@Path("/feedback-form")
@Utf8Checked
public class FeedbackFormResource {

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    private final IntakeStep intake;
    private final RateLimiter rateLimiter;
    private final String sourceApp;
    private final String defaultRelease;
    private final double ratePerSecond;

    public FeedbackFormResource(IntakeStep intake, RateLimiter rateLimiter,
                                @ConfigProperty(name = "hypercare.ingest.form.source-app", defaultValue = "web-form") String sourceApp,
                                @ConfigProperty(name = "hypercare.ingest.default-release", defaultValue = "current") String defaultRelease,
                                @ConfigProperty(name = "hypercare.ingest.form.rate-per-second", defaultValue = "5") double ratePerSecond) {
        this.intake = intake;
        this.rateLimiter = rateLimiter;
        this.sourceApp = sourceApp;
        this.defaultRelease = defaultRelease;
        this.ratePerSecond = ratePerSecond;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The HTML feedback form")
    public String page(@QueryParam("release") String release) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("release", release == null || release.isBlank() ? defaultRelease : release);
        return FeedbackFormPage.form("/feedback-form", UUID.randomUUID().toString(), values, Map.of());
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Submit the HTML feedback form (urlencoded)")
    public Uni<Response> submit(byte[] body, @Context HttpServerRequest request) {
        String client = request.remoteAddress() == null ? "unknown" : request.remoteAddress().host();
        RateLimiter.Decision decision = rateLimiter.tryAcquire("form:" + client, ratePerSecond);
        if (!decision.allowed()) {
            throw new ProblemException(429, ProblemException.RATE_LIMITED, "Too many requests",
                    "Too many submissions from this address; retry after the Retry-After delay.", null, decision.retryAfter());
        }
        // Decoded here rather than by @FormParam: a value that is not UTF-8 must be refused, not guessed at.
        Map<String, String> form = UrlEncodedForm.parse(body);
        String token = form.get("token");
        String release = form.get("release");
        String title = form.get("title");
        String text = form.get("text");
        String component = form.get("component");
        String email = form.get("email");
        Map<String, String> values = new LinkedHashMap<>();
        values.put("release", blankToNull(release));
        values.put("title", blankToNull(title));
        values.put("text", blankToNull(text));
        values.put("component", blankToNull(component));
        values.put("email", blankToNull(email));
        values.values().removeIf(v -> v == null);
        Map<String, String> errors = new LinkedHashMap<>();
        if (!values.containsKey("release")) {
            errors.put("release", "Enter the release you are using.");
        } else if (values.get("release").length() > FeedbackSubmission.MAX_NAME) {
            errors.put("release", "Use at most " + FeedbackSubmission.MAX_NAME + " characters.");
        } else if (values.get("release").indexOf('|') >= 0) {
            errors.put("release", "Leave out the character |.");
        }
        if (!values.containsKey("text")) {
            errors.put("text", "Describe what happened.");
        } else if (values.get("text").length() > FeedbackSubmission.MAX_TEXT) {
            errors.put("text", "Use at most " + FeedbackSubmission.MAX_TEXT + " characters.");
        }
        if (values.containsKey("title") && values.get("title").length() > FeedbackSubmission.MAX_TITLE) {
            errors.put("title", "Use at most " + FeedbackSubmission.MAX_TITLE + " characters.");
        }
        if (values.containsKey("component") && values.get("component").length() > FeedbackSubmission.MAX_NAME) {
            errors.put("component", "Use at most " + FeedbackSubmission.MAX_NAME + " characters.");
        } else if (values.containsKey("component") && values.get("component").indexOf('|') >= 0) {
            // '|' separates the parts of Kafka keys (app|release, release|kpi|...), so the submission refuses it
            errors.put("component", "Leave out the character |.");
        }
        if (values.containsKey("email") && (values.get("email").length() > FeedbackSubmission.MAX_NAME
                || !EMAIL.matcher(values.get("email")).matches())) {
            errors.put("email", "Enter an e-mail address like name@example.com, or leave it empty.");
        }
        String safeToken = token == null || token.isBlank() || token.length() > 100 ? UUID.randomUUID().toString() : token;
        if (!errors.isEmpty()) {
            return Uni.createFrom().item(Response.status(400).type(MediaType.TEXT_HTML_TYPE)
                    .entity(FeedbackFormPage.form("/feedback-form", safeToken, values, errors)).build());
        }
        FeedbackSubmission submission = new FeedbackSubmission(sourceApp, values.get("release"), FeedbackChannel.FORM,
                values.get("title"), values.get("text"), values.get("component"), values.get("email"), null, null, null);
        // The page checked every field above (its errors are HTML); the step's own check then never fires.
        return intake.accept(submission, "form:" + sourceApp, token == null || token.isBlank() ? null : safeToken,
                field -> field.equals("reporter") ? "email" : field,
                accepted -> Response.ok(FeedbackFormPage.thanks(accepted.feedbackId()), MediaType.TEXT_HTML_TYPE));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
