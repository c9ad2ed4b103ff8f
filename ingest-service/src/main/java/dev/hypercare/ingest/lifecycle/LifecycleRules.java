package dev.hypercare.ingest.lifecycle;

import dev.hypercare.model.LifecycleType;

/**
 * Which lifecycle event may follow which. The status of an item is its latest non-RATED event,
 * or "open" (null) when nothing happened yet.
 *
 * <p>Rules: ACKNOWLEDGED only on an open or reopened item (once per round); RESPONDED and RESOLVED
 * on anything not resolved (several responses are normal); REOPENED only a resolved item; RATED
 * only a resolved item (the reporter rates the outcome). Anything else is a 409 naming the status.
 */
public final class LifecycleRules {

    private LifecycleRules() {
    }

    /** Null when {@code next} may follow {@code status}, else why not. */
    public static String refusal(LifecycleType status, LifecycleType next) {
        boolean resolved = status == LifecycleType.RESOLVED;
        return switch (next) {
            case ACKNOWLEDGED -> status == null || status == LifecycleType.REOPENED ? null
                    : "cannot be ACKNOWLEDGED: it is already " + status;
            case RESPONDED, RESOLVED -> resolved ? "cannot be " + next + ": it is RESOLVED (reopen it first)" : null;
            case REOPENED, RATED -> resolved ? null
                    : "cannot be " + next + ": it is " + (status == null ? "open" : status) + ", not RESOLVED";
        };
    }
}
