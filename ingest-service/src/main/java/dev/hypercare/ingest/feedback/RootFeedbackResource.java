package dev.hypercare.ingest.feedback;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
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
    public Uni<Response> submit(@HeaderParam(FeedbackResource.IDEMPOTENCY_KEY) String idempotencyKey, JsonNode body)
            throws JsonProcessingException {
        return feedback.submit(idempotencyKey, body);
    }
}
