package dev.hypercare.metrics.streams;

import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * The time a processor judges "has this deadline passed?" against: the wall clock once it has caught up with its
 * input, the latest timestamp it has read while it is still reading a backlog.
 *
 * <p>Why: an SLA threshold or a spike window may only be judged once every record that could still meet it has been
 * read. Live, records are processed within seconds of their timestamps, so the wall clock is right, and it keeps
 * deadlines firing for items nobody touches and windows nobody arrives in. After a stop, a broker outage or a replay,
 * though, the processor reads records stamped minutes or hours ago; judged against the wall clock, a P1 answered after
 * five minutes would breach because its RESPONDED event is still further down the backlog, and every window the
 * backlog covers would close empty. While the input lags, the latest timestamp read is the instant up to which the
 * processor knows what happened.
 *
 * <p>Caught up = the latest record read is stamped within {@link #CAUGHT_UP_MS} of the wall clock, or nothing was read
 * for that long (an idle processor has nothing left to read). A processor just (re)started counts as reading, so its
 * first checks wait for the backlog's first records instead of judging the restored state by the wall clock.
 *
 * <p>The processor's own latest timestamp rather than the task's stream time: a task's stream time also moves with
 * records the processor never sees (in a TopologyTestDriver, one task runs every sub-topology, including the KPI
 * records that punctuations stamp with the wall clock).
 */
public final class CatchUpClock {

    /**
     * Input this close to the wall clock, or no input for this long, counts as caught up. Live, the ingest-to-metrics
     * lag is well under a second and the checks run every second; ten seconds leaves room for a slow commit or a
     * rebalance in a backlog without delaying an idle processor's deadlines by more than that.
     */
    public static final long CAUGHT_UP_MS = 10_000L;

    private long lastInputWallMs = Long.MIN_VALUE;
    private long latestTimestampMs = Long.MIN_VALUE;

    /** At {@code init}: the processor has not read its backlog yet. */
    public void started(ProcessorContext<?, ?> context) {
        lastInputWallMs = context.currentSystemTimeMs();
    }

    /** For every record the processor reads, with the record's timestamp. */
    public void read(ProcessorContext<?, ?> context, long timestampMs) {
        lastInputWallMs = context.currentSystemTimeMs();
        latestTimestampMs = Math.max(latestTimestampMs, timestampMs);
    }

    /** The instant to judge deadlines against now, in epoch milliseconds (0 = judge nothing yet). */
    public long now(ProcessorContext<?, ?> context) {
        long wall = context.currentSystemTimeMs();
        boolean idle = lastInputWallMs == Long.MIN_VALUE || wall - lastInputWallMs >= CAUGHT_UP_MS;
        if (idle) {
            return wall;
        }
        if (latestTimestampMs == Long.MIN_VALUE) {
            return 0L; // (re)started, nothing read yet
        }
        return wall - latestTimestampMs <= CAUGHT_UP_MS ? wall : Math.max(latestTimestampMs, 0L);
    }
}
