package dev.hypercare.metrics.sla;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hypercare.model.Priority;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import org.jboss.logging.Logger;

/**
 * The SLA policy in force: the configured one, overridden field by field by the {@value #DOCUMENT}
 * document of the live rules topic ({@code hypercare.triage.rules}), which ops edit without a
 * redeploy. Shape of the document (every field optional):
 * <pre>{"targets": {"P1": {"firstResponse": "PT10M", "resolution": "PT2H"}, ...}, "warnAt": 0.75}</pre>
 * An unreadable document is logged and ignored: the configured policy stays in force.
 */
public final class LiveSlaPolicy {

    public static final String DOCUMENT = "sla-policy";
    private static final Logger LOG = Logger.getLogger(LiveSlaPolicy.class);

    private final SlaPolicy configured;
    private JsonNode lastDocument;
    private SlaPolicy lastPolicy;

    public LiveSlaPolicy(SlaPolicy configured) {
        this.configured = configured;
        this.lastPolicy = configured;
    }

    /** The policy for this document (null: none published); parsed once per distinct document. */
    public SlaPolicy current(JsonNode document) {
        if (Objects.equals(document, lastDocument)) {
            return lastPolicy;
        }
        lastDocument = document;
        lastPolicy = document == null ? configured : merge(configured, document);
        return lastPolicy;
    }

    static SlaPolicy merge(SlaPolicy base, JsonNode document) {
        try {
            Map<Priority, SlaTarget> targets = new EnumMap<>(Priority.class);
            targets.putAll(base.targets());
            JsonNode byPriority = document.path("targets");
            for (Priority priority : Priority.values()) {
                JsonNode target = byPriority.path(priority.name());
                if (target.isObject()) {
                    SlaTarget old = targets.get(priority);
                    targets.put(priority, new SlaTarget(
                            duration(target.path("firstResponse"), old == null ? null : old.firstResponse()),
                            duration(target.path("resolution"), old == null ? null : old.resolution())));
                }
            }
            double warnAt = document.path("warnAt").isNumber() ? document.path("warnAt").asDouble() : base.warnAt();
            return new SlaPolicy(targets, warnAt, base.calendar());
        } catch (RuntimeException e) {
            LOG.warnf("Ignoring the '%s' rules document, the configured SLA policy stays: %s", DOCUMENT, e.getMessage());
            return base;
        }
    }

    private static Duration duration(JsonNode node, Duration fallback) {
        return node.isTextual() ? Duration.parse(node.asText()) : fallback;
    }
}
