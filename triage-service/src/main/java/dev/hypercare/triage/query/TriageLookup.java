package dev.hypercare.triage.query;

import dev.hypercare.model.TriagedFeedback;

/**
 * Answer of a triage lookup. With several instances a third case, "owned by another instance"
 * (host and port to redirect to), joins these, as in the Quarkus Kafka Streams quickstart.
 */
public sealed interface TriageLookup {

    record Found(TriagedFeedback triaged) implements TriageLookup {
    }

    record NotFound(String feedbackId) implements TriageLookup {
    }

    /** The store cannot be read right now (starting, rebalancing); the caller may retry shortly. */
    record Unavailable(String reason) implements TriageLookup {
    }
}
