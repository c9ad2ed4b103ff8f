package dev.hypercare.metrics.item;

import java.time.Instant;

/**
 * What one update did to an item: its state before ({@code null} on first appearance) and after,
 * and when the change was computed. KPIs are derived from the difference, so an update that
 * changes nothing (a redelivered record) moves no KPI.
 */
public record ItemChange(ItemState before, ItemState after, Instant computedAt) {
}
