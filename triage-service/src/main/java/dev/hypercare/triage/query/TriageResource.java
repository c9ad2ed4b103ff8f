package dev.hypercare.triage.query;

import dev.hypercare.http.Problem;
import dev.hypercare.http.QueryParams;
import dev.hypercare.model.IssueGroup;
import dev.hypercare.model.TriagedFeedback;
import dev.hypercare.triage.rules.LivePolicy;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * The triage query API: one item's triage with its explanation, the top issue groups of a release, and the
 * rules version in force. Any instance answers; {@code scope=local} (used between instances) answers from
 * this instance's stores only.
 */
@Path("/api/v1")
public class TriageResource {

    /** Seconds a client should wait before asking again while the store is (re)starting. */
    private static final String RETRY_AFTER_SECONDS = "1";
    private static final int MAX_LIMIT = 100;

    private final InteractiveQueries queries;
    private final LivePolicy policy;

    TriageResource(InteractiveQueries queries, LivePolicy policy) {
        this.queries = queries;
        this.policy = policy;
    }

    @GET
    @Path("/triage/{feedbackId}")
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    public Response triage(@PathParam("feedbackId") String feedbackId, @QueryParam("scope") String scope) {
        String instance = "/api/v1/triage/" + feedbackId;
        TriageLookup<TriagedFeedback> lookup = queries.triageOf(feedbackId, "local".equals(scope));
        return answer(lookup, instance, "No triaged feedback with id " + feedbackId);
    }

    /** {@code GET /api/v1/issues?release=R[&sourceApp=A][&limit=10]}: most severe, then biggest groups first. */
    @GET
    @Path("/issues")
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    public Response issues(@QueryParam("release") String release, @QueryParam("sourceApp") String sourceApp,
                           @QueryParam("limit") @DefaultValue("10") String limitParam, @QueryParam("scope") String scope) {
        String instance = "/api/v1/issues";
        if (release == null || release.isBlank()) {
            return invalid(instance, "release", "Query parameter 'release' is required");
        }
        int limit = QueryParams.wholeNumber(limitParam, -1); // not a number: refused by the range check below
        if (limit < 1 || limit > MAX_LIMIT) {
            return invalid(instance, "limit", "limit must be a whole number within 1.." + MAX_LIMIT);
        }
        TriageLookup<List<IssueGroup>> lookup = queries.topIssues(sourceApp == null || sourceApp.isBlank() ? null : sourceApp,
                release, limit, "local".equals(scope));
        if (lookup instanceof TriageLookup.NotFound<List<IssueGroup>>) {
            return Response.ok(List.of(), MediaType.APPLICATION_JSON).build();
        }
        return answer(lookup, instance, "");
    }

    /** The rules version in force on this instance and the last rejected document, with its reason. */
    @GET
    @Path("/triage-rules")
    @Produces(MediaType.APPLICATION_JSON)
    public LivePolicy.Status rules() {
        return policy.status();
    }

    private static Response answer(TriageLookup<?> lookup, String instance, String notFound) {
        if (lookup instanceof TriageLookup.Found<?> found) {
            return Response.ok(found.value(), MediaType.APPLICATION_JSON).build();
        }
        if (lookup instanceof TriageLookup.Unavailable<?> unavailable && !unavailable.retry()) {
            return problem(Response.Status.SERVICE_UNAVAILABLE, "Triage store not queryable: " + unavailable.reason(), instance);
        }
        if (lookup instanceof TriageLookup.Unavailable<?> unavailable) {
            return Response.fromResponse(problem(Response.Status.SERVICE_UNAVAILABLE,
                    "Triage store not ready: " + unavailable.reason(), instance))
                    .header("Retry-After", RETRY_AFTER_SECONDS).build();
        }
        return problem(Response.Status.NOT_FOUND, notFound, instance);
    }

    /** A 400 naming the query parameter at fault, as the other services answer. */
    private static Response invalid(String instance, String field, String message) {
        return Response.status(Response.Status.BAD_REQUEST).type(Problem.MEDIA_TYPE)
                .entity(Problem.invalidField(instance, field, message)).build();
    }

    private static Response problem(Response.Status status, String detail, String instance) {
        return Response.status(status)
                .type(Problem.MEDIA_TYPE)
                .entity(Problem.of(status.getStatusCode(), status.getReasonPhrase(), detail, instance))
                .build();
    }
}
