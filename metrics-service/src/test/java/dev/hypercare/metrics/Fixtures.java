package dev.hypercare.metrics;

import dev.hypercare.model.Category;
import dev.hypercare.model.FeedbackChannel;
import dev.hypercare.model.Flag;
import dev.hypercare.model.Level;
import dev.hypercare.model.LifecycleEvent;
import dev.hypercare.model.LifecycleType;
import dev.hypercare.model.Priority;
import dev.hypercare.model.RawFeedback;
import dev.hypercare.model.TriageDecision;
import dev.hypercare.model.TriagedFeedback;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Events as the ingest- and triage-services write them. */
public final class Fixtures {

    private Fixtures() {
    }

    public static TriagedFeedback triaged(String feedbackId, String release, Category category, Priority priority,
                                          FeedbackChannel channel, Instant receivedAt) {
        RawFeedback raw = new RawFeedback(RawFeedback.SCHEMA_VERSION, feedbackId, receivedAt, "shop-app", release,
                channel, null, "Checkout fails with error 500", "checkout", null, null, null, null);
        TriageDecision decision = new TriageDecision(category, Set.of(), Level.MEDIUM, Level.MEDIUM, priority, 1.0, false,
                new TriageDecision.Explanation("rule:test", "1", List.of(), "MEDIUM x MEDIUM -> " + priority));
        return TriagedFeedback.of(raw, decision, receivedAt.plusMillis(50));
    }

    /** An item about a component; flagged OUTAGE (a P1 by the matrix) or an ordinary P3 bug. */
    public static TriagedFeedback triaged(String feedbackId, String release, String component, boolean outage, Instant receivedAt) {
        RawFeedback raw = new RawFeedback(RawFeedback.SCHEMA_VERSION, feedbackId, receivedAt, "shop-app", release,
                FeedbackChannel.API, null, outage ? "Login is down for everyone" : "Login is slow", component, null, null, null, null);
        TriageDecision decision = new TriageDecision(Category.BUG, outage ? Set.of(Flag.OUTAGE) : Set.of(),
                outage ? Level.HIGH : Level.MEDIUM, outage ? Level.HIGH : Level.MEDIUM, outage ? Priority.P1 : Priority.P3,
                1.0, false, new TriageDecision.Explanation("rule:test", "1", List.of(), "test"));
        return TriagedFeedback.of(raw, decision, receivedAt.plusMillis(50));
    }

    public static TriagedFeedback triaged(String feedbackId, String release, Instant receivedAt) {
        return triaged(feedbackId, release, Category.BUG, Priority.P2, FeedbackChannel.API, receivedAt);
    }

    public static LifecycleEvent event(String feedbackId, LifecycleType type, Instant occurredAt) {
        return event(UUID.randomUUID().toString(), feedbackId, type, occurredAt);
    }

    public static LifecycleEvent event(String eventId, String feedbackId, LifecycleType type, Instant occurredAt) {
        return new LifecycleEvent(LifecycleEvent.SCHEMA_VERSION, eventId, feedbackId, type, "agent-7", occurredAt,
                occurredAt, type == LifecycleType.RATED ? 5 : null, null);
    }

    /** The reporter's CSAT rating. */
    public static LifecycleEvent rated(String feedbackId, int rating, Instant occurredAt) {
        return new LifecycleEvent(LifecycleEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), feedbackId,
                LifecycleType.RATED, "reporter", occurredAt, occurredAt, rating, null);
    }
}
