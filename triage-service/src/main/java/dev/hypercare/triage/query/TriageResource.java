package dev.hypercare.triage.query;

import dev.hypercare.http.Problem;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** {@code GET /api/v1/triage/{feedbackId}}: one item's triage with its explanation, or 404. */
@Path("/api/v1/triage")
public class TriageResource {

    /** Seconds a client should wait before asking again while the store is (re)starting. */
    private static final String RETRY_AFTER_SECONDS = "1";

    private final InteractiveQueries queries;

    TriageResource(InteractiveQueries queries) {
        this.queries = queries;
    }

    @GET
    @Path("/{feedbackId}")
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    public Response triage(@PathParam("feedbackId") String feedbackId) {
        String instance = "/api/v1/triage/" + feedbackId;
        TriageLookup lookup = queries.triageOf(feedbackId);
        if (lookup instanceof TriageLookup.Found found) {
            return Response.ok(found.triaged(), MediaType.APPLICATION_JSON).build();
        }
        if (lookup instanceof TriageLookup.Unavailable unavailable) {
            return Response.fromResponse(problem(Response.Status.SERVICE_UNAVAILABLE,
                    "Triage store not ready: " + unavailable.reason(), instance))
                    .header("Retry-After", RETRY_AFTER_SECONDS).build();
        }
        return problem(Response.Status.NOT_FOUND, "No triaged feedback with id " + feedbackId, instance);
    }

    private static Response problem(Response.Status status, String detail, String instance) {
        return Response.status(status)
                .type(Problem.MEDIA_TYPE)
                .entity(Problem.of(status.getStatusCode(), status.getReasonPhrase(), detail, instance))
                .build();
    }
}
