package dev.hypercare.metrics.item;

/**
 * What the per-item step tells the service besides its records, for Prometheus
 * ({@code hypercare_items_expired_total}, {@code hypercare_items_late_updates_total{input}}). Under
 * exactly-once a retried task may tell it twice; the topics never hold anything twice.
 */
public interface ItemEvents {

    ItemEvents NONE = new ItemEvents() {
    };

    /** An item's own state was dropped and its per-item KPIs withdrawn ({@link ItemRetention}). */
    default void expired(ItemState last) {
    }

    /**
     * An update arrived for an item that has expired, and was ignored.
     *
     * @param input {@code triaged} or {@code lifecycle}
     */
    default void ignoredLate(String feedbackId, String input) {
    }

    /**
     * An input record could not be used and went to the dead-letter topic ({@link ItemInputParser}).
     *
     * @param input  {@code triaged} or {@code lifecycle}
     * @param reason the reason's kind, e.g. {@code unparseable}
     */
    default void deadLettered(String input, String reason) {
    }
}
