package dev.hypercare.ingest.idempotency;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready until the {@link FeedbackView} has read what existed at start: before that, replays could
 * be published again and lifecycle events for existing items refused. (A bean of its own because
 * {@code @Readiness} is a qualifier, which would hide the view from plain injection.)
 */
@ApplicationScoped
@Readiness
public class FeedbackViewHealth implements HealthCheck {

    private final FeedbackView view;

    public FeedbackViewHealth(FeedbackView view) {
        this.view = view;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("hypercare-feedback-view").status(view.caughtUp())
                .withData("items", view.size())
                .withData("complete", view.complete());
        if (!view.caughtUp()) {
            response.withData("lastError", view.lastError());
        }
        return response.build();
    }
}
