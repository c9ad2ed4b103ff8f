package dev.hypercare.metrics.item;

import dev.hypercare.model.SlaEvent;
import java.time.Instant;
import java.util.List;

/**
 * What one update (or one SLA clock tick) did to an item: its state before ({@code null} on first
 * appearance) and after, when the change was computed, and the SLA events it raised. KPIs are
 * derived from the difference, so an update that changes nothing (a redelivered record) moves no KPI.
 *
 * <p>An {@link #expired()} change says the item's own state was dropped ({@link ItemRetention}):
 * {@code before} and {@code after} are both its last state, so every view that only compares them
 * (aggregates, spikes, uptime) sees no change, and only its per-item KPI keys are withdrawn.
 */
public record ItemChange(ItemState before, ItemState after, Instant computedAt, List<SlaEvent> slaEvents, boolean expired) {

    public ItemChange {
        slaEvents = slaEvents == null ? List.of() : List.copyOf(slaEvents);
    }

    public ItemChange(ItemState before, ItemState after, Instant computedAt, List<SlaEvent> slaEvents) {
        this(before, after, computedAt, slaEvents, false);
    }

    public ItemChange(ItemState before, ItemState after, Instant computedAt) {
        this(before, after, computedAt, List.of());
    }

    /** The item {@code last} expired at {@code at}. */
    public static ItemChange expiry(ItemState last, Instant at) {
        return new ItemChange(last, last, at, List.of(), true);
    }
}
