package dev.hypercare.metrics.item;

import dev.hypercare.model.SlaEvent;
import java.time.Instant;
import java.util.List;

/**
 * What one update (or one SLA clock tick) did to an item: its state before ({@code null} on first
 * appearance) and after, when the change was computed, and the SLA events it raised. KPIs are
 * derived from the difference, so an update that changes nothing (a redelivered record) moves no KPI.
 */
public record ItemChange(ItemState before, ItemState after, Instant computedAt, List<SlaEvent> slaEvents) {

    public ItemChange {
        slaEvents = slaEvents == null ? List.of() : List.copyOf(slaEvents);
    }

    public ItemChange(ItemState before, ItemState after, Instant computedAt) {
        this(before, after, computedAt, List.of());
    }
}
