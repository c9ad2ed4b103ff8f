package dev.hypercare.metrics.query;

import dev.hypercare.http.Problem;
import dev.hypercare.http.QueryParams;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Releases, their exit readiness, uptime, volume spikes and top recurring issues. */
@Path(ReleaseResource.PATH)
@Tag(name = "Releases")
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
public class ReleaseResource {

    static final String PATH = "/api/v1/releases";
    private static final int MAX_ISSUES = 100;

    private final InteractiveQueries queries;

    public ReleaseResource(InteractiveQueries queries) {
        this.queries = queries;
    }

    @GET
    @Operation(summary = "Every release with KPIs, sorted")
    public Response releases(@QueryParam("scope") String scope) {
        return Responses.of(queries.releases(Responses.localOnly(scope)), PATH, "");
    }

    @GET
    @Path("{release}/readiness")
    @Operation(summary = "Whether the release is ready to leave hypercare, with the evidence per criterion")
    public Response readiness(@PathParam("release") String release, @QueryParam("scope") String scope) {
        return Responses.of(queries.readiness(release, Responses.localOnly(scope)), PATH + "/" + release + "/readiness",
                "No readiness evaluated yet for release " + release);
    }

    @GET
    @Path("{release}/uptime")
    @Operation(summary = "Uptime as users saw it: the share of the release's hypercare period without an open outage, with the outage intervals")
    public Response uptime(@PathParam("release") String release, @QueryParam("scope") String scope) {
        return Responses.of(queries.uptime(release, Responses.localOnly(scope)), PATH + "/" + release + "/uptime",
                "No item of release " + release + " yet");
    }

    @GET
    @Path("{release}/spikes")
    @Operation(summary = "Arrival rate, baseline and volume spikes per component of the release, active spikes first")
    public Response spikes(@PathParam("release") String release, @QueryParam("scope") String scope) {
        return Responses.of(queries.spikes(release, Responses.localOnly(scope)), PATH + "/" + release + "/spikes",
                "No item of release " + release + " yet");
    }

    @GET
    @Path("{release}/issues")
    @Operation(summary = "The release's recurring issue groups with the most reports, most first")
    public Response issues(@PathParam("release") String release, @QueryParam("limit") @DefaultValue("10") String limitParam,
                           @QueryParam("scope") String scope) {
        int limit = QueryParams.wholeNumber(limitParam, -1); // not a number: refused by the range check below
        if (limit < 1 || limit > MAX_ISSUES) {
            return Responses.problem(Problem.invalidField(PATH, "limit", "limit must be between 1 and " + MAX_ISSUES));
        }
        return Responses.of(queries.topIssues(release, limit, Responses.localOnly(scope)), PATH, "");
    }
}
