package dev.hypercare.ingest.feedback;

import dev.hypercare.ingest.security.RequiresScope;
import dev.hypercare.ingest.security.Scope;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/**
 * {@code POST /feedback}: the same endpoint as {@code POST /api/v1/feedback}, at the path a first
 * script reaches when its base URL is the service's root ({@code POST {base}/feedback} with
 * {@code base=https://hypercare.example.com}). Either base works unchanged.
 */
@Path("/feedback")
public class RootFeedbackResource {

    private final FeedbackResource feedback;

    public RootFeedbackResource(FeedbackResource feedback) {
        this.feedback = feedback;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RequiresScope(Scope.SUBMIT)
    @SecurityRequirement(name = "apiKey")
    @Operation(summary = "Submit one piece of feedback (alias of POST /api/v1/feedback for scripts whose base URL is the root)")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(oneOf = {FeedbackSubmission.class, MinimalFeedback.class})))
    public Uni<Response> submit(@HeaderParam(FeedbackResource.IDEMPOTENCY_KEY) String idempotencyKey, byte[] body)
            throws IOException {
        return feedback.submit(idempotencyKey, body);
    }
}
