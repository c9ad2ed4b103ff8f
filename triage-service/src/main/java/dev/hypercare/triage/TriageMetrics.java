package dev.hypercare.triage;

import dev.hypercare.model.Category;
import dev.hypercare.model.Priority;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The triage-service's own Prometheus counters (on {@code /q/metrics}, beside Kafka Streams' client metrics):
 * dead letters by reason, business duplicates dropped, decisions by category/priority/decider, rules
 * documents accepted or rejected, items on which a rule's pattern gave up, issue groups created and escalated. Counters are looked up once per tag
 * combination and cached: the hot path pays a map lookup, not a registry lookup.
 */
public final class TriageMetrics {

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    public TriageMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** For tests and tools: counts into a private registry. */
    public static TriageMetrics inMemory() {
        return new TriageMetrics(new SimpleMeterRegistry());
    }

    public MeterRegistry registry() {
        return registry;
    }

    public void deadLetter(String reason) {
        int colon = reason.indexOf(':');
        String kind = colon < 0 ? reason : reason.substring(0, colon);
        counter("hypercare.triage.dead.letters", "reason", kind).increment();
    }

    public void duplicate() {
        counter("hypercare.triage.duplicates").increment();
    }

    public void decided(Category category, Priority priority, String decidedBy) {
        String key = "decisions|" + category + '|' + priority + '|' + decidedBy;
        Counter counter = counters.get(key);
        if (counter == null) {
            counter = counters.computeIfAbsent(key, k -> Counter.builder("hypercare.triage.decisions")
                    .description("Triaged items by category, priority and what decided the category")
                    .tags("category", category.name(), "priority", priority.name(), "decided_by", decidedBy)
                    .register(registry));
        }
        counter.increment();
    }

    public void rulesDocument(boolean accepted) {
        counter("hypercare.triage.rules.documents", "outcome", accepted ? "accepted" : "rejected").increment();
    }

    /** An item on which a rule's pattern gave up (RuleEngine.GAVE_UP_SIGNAL): a rule needs rewriting. */
    public void patternGaveUp() {
        counter("hypercare.triage.rules.gave.up.items").increment();
    }

    public void issueGroupCreated() {
        counter("hypercare.triage.issue.groups.created").increment();
    }

    public void escalated(Priority to) {
        counter("hypercare.triage.escalations", "priority", to.name()).increment();
    }

    private Counter counter(String name, String... tags) {
        String key = name + String.join("|", tags);
        Counter counter = counters.get(key);
        return counter != null ? counter : counters.computeIfAbsent(key, k -> Counter.builder(name).tags(tags).register(registry));
    }
}
