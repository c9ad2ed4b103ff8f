package dev.hypercare.metrics.item;

import java.time.Duration;
import java.time.Instant;

/**
 * How long the metrics-service keeps one item's own state, and the per-item KPIs made from it
 * ({@code R|first-response-ms|item=<id>|period}, {@code R|time-to-acknowledge-ms|item=<id>|period}).
 *
 * <p>The rule: an item expires at the earlier of {@code receivedAt + retention} (older than the hypercare
 * period and its margin) and {@code resolvedAt + closedGrace} (resolved, and neither reopened nor rated
 * within the reopen / CSAT window; a reopen clears the resolution and with it this deadline). An item still
 * waiting for its triaged record expires at its first waiting event's receive time + {@code retention}.
 * Then its state is replaced by an "expired" marker, and each per-item KPI key it produced gets a tombstone;
 * the aggregates it counted in (volume, backlog, means, percentiles, SLA attainment, CSAT) keep it. The
 * marker lets a late update of the item be recognised and ignored (counted, never applied: applying it
 * would count the item in the aggregates a second time); it is deleted {@code markerRetention} later.
 * Expiry is driven by the wall clock, every {@code checkInterval}, at most {@code maxPerCheck} items per
 * task and check (the rest at the next check).
 *
 * @param retention       how long after its receipt an item is kept at most (the hypercare period + margin)
 * @param closedGrace     how long a resolved item is kept after its resolution (reopen grace, CSAT window)
 * @param markerRetention how long the expired marker is kept (late updates within it are ignored and counted);
 *                        zero keeps none, and a later update is then taken for a new item
 * @param checkInterval   how often the wall clock is checked for items to expire
 * @param maxPerCheck     the most items (and markers) one task expires per check: bounded work per punctuation
 */
public record ItemRetention(Duration retention, Duration closedGrace, Duration markerRetention, Duration checkInterval,
                            int maxPerCheck) {

    public ItemRetention {
        if (retention.isNegative() || retention.isZero() || closedGrace.isNegative() || markerRetention.isNegative()
                || checkInterval.isNegative() || checkInterval.isZero() || maxPerCheck < 1) {
            throw new IllegalArgumentException("Item retention: durations must be positive (marker retention may be 0),"
                    + " max-per-check at least 1");
        }
    }

    public static ItemRetention defaults() {
        return new ItemRetention(Duration.ofDays(60), Duration.ofDays(14), Duration.ofDays(90), Duration.ofMinutes(1), 1000);
    }

    /** When {@code item} expires (or, for a marker, is deleted); null when nothing is known to date it by. */
    public Instant expiresAt(ItemState item) {
        if (item.expired()) {
            return item.expiredAt().plus(markerRetention);
        }
        if (item.triaged()) {
            if (item.receivedAt() == null) {
                return null;
            }
            Instant old = item.receivedAt().plus(retention);
            if (item.resolvedAt() == null) {
                return old;
            }
            Instant closed = item.resolvedAt().plus(closedGrace);
            return closed.isBefore(old) ? closed : old;
        }
        return item.pending().stream()
                // Never a raw occurredAt: the year +999999999 overflows the expiry index (effectiveAt clamps it).
                .map(event -> event.receivedAt() != null ? event.receivedAt() : event.effectiveAt())
                .filter(java.util.Objects::nonNull)
                .min(Instant::compareTo)
                .map(first -> first.plus(retention))
                .orElse(null);
    }
}
