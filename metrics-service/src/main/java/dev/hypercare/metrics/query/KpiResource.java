package dev.hypercare.metrics.query;

import dev.hypercare.http.Problem;
import dev.hypercare.metrics.kpi.Windows;
import dev.hypercare.model.Kpi;
import java.util.List;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestStreamElementType;

/**
 * {@code GET /api/v1/kpis?release=R}: the latest KPI values of release R, sorted by key (per-item KPIs with {@code items=true});
 * {@code GET /api/v1/kpis/{key}}: one KPI (with its percentiles); {@code GET /api/v1/kpis/stream?release=R}:
 * every later change of R's KPIs as server-sent events.
 */
@Path(KpiResource.PATH)
@Tag(name = "KPIs")
public class KpiResource {

    static final String PATH = "/api/v1/kpis";

    private final InteractiveQueries queries;
    private final KpiFeed feed;

    public KpiResource(InteractiveQueries queries, KpiFeed feed) {
        this.queries = queries;
        this.feed = feed;
    }

    @GET
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(summary = "The latest KPIs of a release, sorted by key ([] for an unknown release)")
    public Response kpis(@QueryParam("release") @Parameter(description = "the release, e.g. 2.4.0", required = true) String release,
                         @QueryParam("window") @Parameter(description = "only this window: 'period', 'day:2025-03-01' or 'hour:2025-03-01T09:00:00Z'; anything else is a 400") String window,
                         @QueryParam("kpi") @Parameter(description = "only this KPI name, e.g. 'volume'") String kpi,
                         @QueryParam("items") @Parameter(description = "'true': with the per-item KPIs (dimension item=<id>), left out by default") String items,
                         @QueryParam("scope") @Parameter(description = "'local': this instance's part only (used between instances)") String scope) {
        if (release == null || release.isBlank()) {
            return Responses.problem(Problem.invalidField(PATH, "release", "Query parameter 'release' is required"));
        }
        String onlyWindow = null;
        if (window != null) {
            onlyWindow = Windows.canonical(window.strip()).orElse(null);
            if (onlyWindow == null) {
                return Responses.problem(Problem.invalidField(PATH, "window",
                        "window must be 'period', 'day:YYYY-MM-DD' or 'hour:YYYY-MM-DDTHH:00:00Z' (UTC), not '" + window + "'"));
            }
        }
        String wanted = onlyWindow;
        KpiQueryResult<List<Kpi>> result = queries.kpisOfRelease(release.strip(), Responses.localOnly(scope), "true".equals(items));
        if (result instanceof KpiQueryResult.Found<List<Kpi>> found && (window != null || kpi != null)) {
            result = new KpiQueryResult.Found<>(found.value().stream()
                    .filter(k -> wanted == null || wanted.equals(k.window()))
                    .filter(k -> kpi == null || kpi.equals(k.kpi()))
                    .toList());
        }
        return Responses.of(result, PATH, "");
    }

    @GET
    @Path("{key}")
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(summary = "One KPI by key (release|kpi|dimension|window, URL-encoded), with its percentile KPIs")
    public Response kpi(@PathParam("key") String key, @QueryParam("scope") String scope) {
        return Responses.of(queries.kpi(key, Responses.localOnly(scope)), PATH + "/" + key, "No KPI " + key);
    }

    @GET
    @Path("stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(summary = "Server-sent events: each committed change of the release's KPIs (a tombstone has no kpi)")
    public Multi<KpiFeed.KpiChange> stream(@QueryParam("release") @Parameter(description = "the release, e.g. 2.4.0", required = true) String release,
                                           @QueryParam("items") @Parameter(description = "'true': with the per-item KPIs (dimension item=<id>), left out by default") String items) {
        if (release == null || release.isBlank()) {
            // As GET /api/v1/kpis: without a release the stream would stay open and never send anything.
            throw new WebApplicationException(Responses.problem(
                    Problem.invalidField(PATH + "/stream", "release", "Query parameter 'release' is required")));
        }
        return feed.changes(release.strip(), "true".equals(items));
    }
}
