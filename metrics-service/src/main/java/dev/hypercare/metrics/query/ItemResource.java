package dev.hypercare.metrics.query;

import dev.hypercare.http.Problem;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code GET /api/v1/items/{feedbackId}}: what the metrics-service knows of one item (times, SLA clocks). */
@Path(ItemResource.PATH)
@Tag(name = "Items")
public class ItemResource {

    static final String PATH = "/api/v1/items";

    private final InteractiveQueries queries;

    public ItemResource(InteractiveQueries queries) {
        this.queries = queries;
    }

    @GET
    @Path("{feedbackId}")
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(summary = "One item's state: release, priority, lifecycle times, SLA deadlines and events raised")
    public Response item(@PathParam("feedbackId") String feedbackId, @QueryParam("scope") String scope) {
        return Responses.of(queries.item(feedbackId, Responses.localOnly(scope)), PATH + "/" + feedbackId,
                "No item " + feedbackId);
    }
}
