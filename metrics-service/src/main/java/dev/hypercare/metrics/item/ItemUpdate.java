package dev.hypercare.metrics.item;

import dev.hypercare.model.LifecycleEvent;
import dev.hypercare.model.TriagedFeedback;

/**
 * One input of the per-item aggregation: exactly one of the two fields is set. Both input topics
 * are keyed by feedback id, so merging them keeps an item's updates in one partition and one task.
 */
public record ItemUpdate(TriagedFeedback triaged, LifecycleEvent lifecycle) {

    public static ItemUpdate of(TriagedFeedback triaged) {
        return new ItemUpdate(triaged, null);
    }

    public static ItemUpdate of(LifecycleEvent lifecycle) {
        return new ItemUpdate(null, lifecycle);
    }
}
