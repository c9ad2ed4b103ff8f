package dev.hypercare.metrics.query;

import dev.hypercare.http.Problem;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** {@code GET /api/v1/kpis?release=R}: the latest KPI values of release R, sorted by key. */
@Path(KpiResource.PATH)
public class KpiResource {

    static final String PATH = "/api/v1/kpis";
    /** While the store is (re)assigned after a start or a rebalance; a few seconds at most. */
    private static final String RETRY_AFTER_SECONDS = "2";

    private final InteractiveQueries queries;

    public KpiResource(InteractiveQueries queries) {
        this.queries = queries;
    }

    @GET
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    public Response kpis(@QueryParam("release") String release) {
        if (release == null || release.isBlank()) {
            return problem(Problem.invalidField(PATH, "release", "Query parameter 'release' is required"));
        }
        KpiQueryResult result = queries.kpisOfRelease(release.strip());
        if (result instanceof KpiQueryResult.Found found) {
            return Response.ok(found.kpis(), MediaType.APPLICATION_JSON).build();
        }
        var unavailable = (KpiQueryResult.Unavailable) result;
        return Response.fromResponse(problem(Problem.of(503, "Service Unavailable", "KPIs are not queryable yet: " + unavailable.reason(), PATH)))
                .header("Retry-After", RETRY_AFTER_SECONDS).build();
    }

    private static Response problem(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}
