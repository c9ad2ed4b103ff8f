package dev.hypercare.metrics.spikes;

import dev.hypercare.model.Category;
import dev.hypercare.model.Level;
import dev.hypercare.model.Priority;
import dev.hypercare.model.RawFeedback;
import dev.hypercare.model.TriageDecision;
import dev.hypercare.model.TriagedFeedback;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The P1 alert of a volume spike: a synthetic {@link TriagedFeedback} on {@code hypercare.feedback.priority.p1},
 * shaped like triage's escalation alerts so on-call consumers read it like any item, and marked so they can
 * tell it apart (docs/conventions.md, "P1 alerts"):
 * <ul>
 *   <li>key and {@code feedbackId}: {@code volume-spike:<release>|<component>|<window start>}, not a feedback id;</li>
 *   <li>{@code decision.explanation.decidedBy}: {@code volume-spike:<release>|<component>}; the first signal says
 *       the window, count, baseline and factor;</li>
 *   <li>{@code feedback.sourceApp}: {@value #SOURCE_APP}, {@code channel} null, {@code needsReview} true.</li>
 * </ul>
 */
public final class SpikeAlert {

    public static final String PREFIX = "volume-spike:";
    public static final String SOURCE_APP = "hypercare-metrics";

    private SpikeAlert() {
    }

    public static String key(String release, String component, ComponentSpikes.Spike spike) {
        return PREFIX + release + "|" + component + "|" + spike.windowStart();
    }

    public static TriagedFeedback of(String release, String component, ComponentSpikes.Spike spike, SpikeSettings settings,
                                     Instant raisedAt) {
        String id = key(release, component, spike);
        String explanation = String.format(Locale.ROOT,
                "volume spike: %d reports of component %s in the %s window from %s (at %s), baseline %.2f per window,"
                        + " factor %.1f -> more than %.2f needed, minimum %d",
                spike.count(), component, settings.window(), spike.windowStart(), spike.startedAt(), spike.baseline(),
                settings.factor(), spike.threshold(), settings.minCount());
        RawFeedback feedback = new RawFeedback(RawFeedback.SCHEMA_VERSION, id, spike.startedAt(), SOURCE_APP, release, null,
                "Volume spike: " + component, explanation, component, null, null, null, null);
        TriageDecision decision = new TriageDecision(Category.OTHER, Set.of(), Level.HIGH, Level.HIGH, Priority.P1, 1.0, true,
                new TriageDecision.Explanation(PREFIX + release + "|" + component,
                        String.format(Locale.ROOT, "metrics:volume-spikes window=%s factor=%.1f end-factor=%.1f min-count=%d",
                                settings.window(), settings.factor(), settings.endFactor(), settings.minCount()),
                        List.of(explanation, "synthetic alert of the metrics-service: no user wrote it"),
                        "HIGH x HIGH -> P1"),
                null, null, null);
        return TriagedFeedback.of(feedback, decision, raisedAt);
    }
}
