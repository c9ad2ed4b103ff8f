package dev.hypercare.metrics.query;

import dev.hypercare.http.Problem;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * One mapping of query results to HTTP: 200 found, 404 not found, 503 + Retry-After while a store moves, 503 without
 * Retry-After once Kafka Streams stopped by an error (a client's retries would not mend it).
 */
final class Responses {

    /** While a store is (re)assigned after a start or a rebalance; a few seconds at most. */
    private static final String RETRY_AFTER_SECONDS = "2";
    static final String LOCAL = "local";

    private Responses() {
    }

    static Response of(KpiQueryResult<?> result, String path, String notFound) {
        if (result instanceof KpiQueryResult.Found<?> found) {
            return Response.ok(found.value(), MediaType.APPLICATION_JSON).build();
        }
        if (result instanceof KpiQueryResult.NotFound<?>) {
            return problem(Problem.of(404, "Not Found", notFound, path));
        }
        var unavailable = (KpiQueryResult.Unavailable<?>) result;
        if (!unavailable.retry()) {
            return problem(Problem.of(503, "Service Unavailable", "Not queryable: " + unavailable.reason(), path));
        }
        return Response.fromResponse(problem(Problem.of(503, "Service Unavailable",
                        "Not queryable yet: " + unavailable.reason(), path)))
                .header("Retry-After", RETRY_AFTER_SECONDS).build();
    }

    static Response problem(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    static boolean localOnly(String scope) {
        return LOCAL.equals(scope);
    }
}
