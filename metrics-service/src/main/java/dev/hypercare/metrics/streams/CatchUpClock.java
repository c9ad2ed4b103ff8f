package dev.hypercare.metrics.streams;

import java.time.Duration;
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
 * for that long (an idle processor has nothing left to read). Two refinements:
 * <ul>
 *   <li>A (re)started processor that has read nothing yet judges nothing until it reads a record or
 *       {@code firstRecordWait} has passed since its first check (the task's wall clock is not set before its first
 *       record or punctuation, so the wait starts there): its backlog may not have reached it yet, for instance while
 *       the tasks feeding its repartition topic still restore their state.</li>
 *   <li>A record stamped more than {@link #CAUGHT_UP_MS} before the latest one read does not count as reading: a
 *       replay into the live topics interleaves old records with live ones, and must not hold a quiet partition's
 *       checks back at its last live record for as long as the replay runs.</li>
 * </ul>
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

    private final long firstRecordWaitMs;
    private long lastInputWallMs = Long.MIN_VALUE;
    private long latestTimestampMs = Long.MIN_VALUE;

    /** @param firstRecordWait how long a (re)started processor waits for its first record before it judges by the wall clock */
    public CatchUpClock(Duration firstRecordWait) {
        this.firstRecordWaitMs = firstRecordWait.toMillis();
    }

    /** For every record the processor reads, with the record's timestamp. */
    public void read(ProcessorContext<?, ?> context, long timestampMs) {
        if (latestTimestampMs == Long.MIN_VALUE || timestampMs >= latestTimestampMs - CAUGHT_UP_MS) {
            lastInputWallMs = context.currentSystemTimeMs();
        }
        latestTimestampMs = Math.max(latestTimestampMs, timestampMs);
    }

    /** The instant to judge deadlines against now, in epoch milliseconds (0 = judge nothing yet). */
    public long now(ProcessorContext<?, ?> context) {
        long wall = context.currentSystemTimeMs();
        if (latestTimestampMs == Long.MIN_VALUE) {
            if (lastInputWallMs == Long.MIN_VALUE) {
                lastInputWallMs = wall; // the first check since the (re)start: the wait for a first record begins
            }
            return wall - lastInputWallMs >= firstRecordWaitMs ? wall : 0L;
        }
        if (wall - lastInputWallMs >= CAUGHT_UP_MS || wall - latestTimestampMs <= CAUGHT_UP_MS) {
            return wall;
        }
        return Math.max(latestTimestampMs, 0L);
    }
}
