package dev.hypercare.ingest.metrics;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Times every API request and counts refusals by channel and reason, in one place, so that no
 * resource can forget to. The reason is derived from the status (validation, unauthorized, ...).
 */
public class IngestMetricsFilter {

    private static final String STARTED = "hypercare.started-nanos";

    private final IngestMetrics metrics;

    public IngestMetricsFilter(IngestMetrics metrics) {
        this.metrics = metrics;
    }

    @ServerRequestFilter(preMatching = true)
    public void start(ContainerRequestContext request) {
        request.setProperty(STARTED, System.nanoTime());
    }

    @ServerResponseFilter
    public void finish(ContainerRequestContext request, ContainerResponseContext response) {
        String path = request.getUriInfo().getPath();
        String channel = channelOf(path);
        if (channel == null) {
            return;
        }
        Object started = request.getProperty(STARTED);
        int status = response.getStatus();
        if (started instanceof Long nanos) {
            metrics.latency(channel, status, System.nanoTime() - nanos);
        }
        if (status >= 400) {
            metrics.rejected(channel, reasonOf(status));
        }
    }

    static String channelOf(String path) {
        if (path.startsWith("/api/v1/feedback/batch")) {
            return "batch";
        }
        if (path.startsWith("/api/v1/feedback/") && path.endsWith("/events")) {
            return "lifecycle";
        }
        if (path.startsWith("/api/v1/feedback")) {
            return "api";
        }
        if (path.startsWith("/api/v1/cloudevents")) {
            return "cloudevents";
        }
        if (path.startsWith("/api/v1/channels/slack")) {
            return "slack";
        }
        if (path.startsWith("/api/v1/channels/email")) {
            return "email";
        }
        if (path.startsWith("/feedback-form")) {
            return "form";
        }
        if (path.equals("/feedback") || path.equals("/feedback/")) {
            return "api"; // the minimal shape's root path, the same intake as POST /api/v1/feedback
        }
        return null;
    }

    static String reasonOf(int status) {
        return switch (status) {
            case 400 -> "invalid";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not-found";
            case 409 -> "conflict";
            case 413 -> "too-large";
            case 415 -> "unsupported-media-type";
            case 429 -> "rate-limited";
            case 503 -> "unavailable";
            default -> "http-" + status;
        };
    }
}
