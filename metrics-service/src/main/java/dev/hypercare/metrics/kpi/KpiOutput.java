package dev.hypercare.metrics.kpi;

import dev.hypercare.model.Kpi;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * What {@link KpiDeltaCombiner} passes on, keyed by KPI key: either a delta for the key's running total
 * (across the {@code kpi-deltas-by-key} repartition to {@code kpi-store}), or a per-item KPI record published
 * as it is on {@code hypercare.kpis} ({@code kpi} null: a tombstone). One output type, split in the topology,
 * because the two are decided together from one item change.
 */
public record KpiOutput(KpiDelta delta, Kpi kpi) {

    /**
     * Header of an item delta ({@code item=<id>}) whose record its item's task has already published: the totals
     * keep it in {@code kpi-store} and publish nothing for it. An item delta without it comes from an earlier build
     * (rolling upgrade, or already in {@code kpi-deltas-by-key} at the switch), whose item task published nothing:
     * the totals publish it as before. A header, not a field of the delta, so the earlier build's bytes and serde
     * stay as they are; it crosses the repartition topic and reaches the totals' output (the aggregate forwards
     * the input record's headers, and the record cache keeps those of the last write with the entry).
     */
    public static final String PUBLISHED_HEADER = "hypercare.kpi.published";
    private static final byte[] PUBLISHED_MARK = {1};

    /** A delta for the key's total. */
    public static KpiOutput toTotal(KpiDelta delta) {
        return new KpiOutput(delta, null);
    }

    /** Headers holding only the {@link #PUBLISHED_HEADER} mark (a new instance: headers are mutable). */
    public static Headers publishedMark() {
        return new RecordHeaders().add(PUBLISHED_HEADER, PUBLISHED_MARK);
    }

    /** Whether a record carries the {@link #PUBLISHED_HEADER} mark. */
    public static boolean isMarkedPublished(Headers headers) {
        return headers != null && headers.lastHeader(PUBLISHED_HEADER) != null;
    }

    /** A per-item KPI record as it goes on the topic; null for a tombstone. */
    public static KpiOutput publish(Kpi kpi) {
        return new KpiOutput(null, kpi);
    }

    /** A record to publish as it is (a tombstone too), not a delta for the totals. */
    public boolean published() {
        return delta == null;
    }
}
