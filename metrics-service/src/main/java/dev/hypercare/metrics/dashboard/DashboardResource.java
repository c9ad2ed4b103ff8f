package dev.hypercare.metrics.dashboard;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The dashboard lives in {@code META-INF/resources/dashboard/} (static page, Apache ECharts from its
 * webjar, live over {@code /api/v1/kpis/stream}); the service's root and {@code /dashboard} send a browser there.
 */
@Path("/")
public class DashboardResource {

    @GET
    @Operation(hidden = true)
    public Response root() {
        return Response.seeOther(URI.create("/dashboard/")).build();
    }

    /** {@code /dashboard} as typed: the static handler serves only the directory's own path, with its slash. */
    @GET
    @Path("dashboard")
    @Operation(hidden = true)
    public Response dashboard() {
        return Response.seeOther(URI.create("/dashboard/")).build();
    }
}
