package dev.hypercare.metrics.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.junit.jupiter.api.Test;

/** What "now" a metrics processor judges deadlines against, as the wall clock moves and records arrive. */
class CatchUpClockTest {

    private static final long WALL = 1_750_000_000_000L;
    private static final long HOUR = Duration.ofHours(1).toMillis();

    private final MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
    private final CatchUpClock clock = new CatchUpClock(Duration.ofSeconds(30));

    @Test
    void shouldJudgeNothingAfterARestartUntilItsFirstRecordOrTheWaitForOne() {
        // given a restarted processor whose first check comes before any record
        at(WALL);
        assertThat(clock.now(context)).isZero();
        at(WALL + 29_000);
        assertThat(clock.now(context)).isZero();

        // when the wait for a first record has passed without one (a quiet system)
        at(WALL + 30_000);

        // then the wall clock
        assertThat(clock.now(context)).isEqualTo(WALL + 30_000);
    }

    @Test
    void shouldJudgeByTheLatestRecordWhileReadingABacklogThenByTheWallClockOnceIdle() {
        // given records an hour old, read one after the other
        at(WALL);
        clock.read(context, WALL - HOUR);
        at(WALL + 1_000);
        clock.read(context, WALL - HOUR + 60_000);

        // then their time, not the wall clock's
        assertThat(clock.now(context)).isEqualTo(WALL - HOUR + 60_000);

        // and once nothing more was read for the catch-up interval, the wall clock
        at(WALL + 1_000 + CatchUpClock.CAUGHT_UP_MS);
        assertThat(clock.now(context)).isEqualTo(WALL + 1_000 + CatchUpClock.CAUGHT_UP_MS);
    }

    @Test
    void shouldJudgeByTheWallClockWhileTheRecordsReadAreLive() {
        // when a record stamped a second ago is read
        at(WALL);
        clock.read(context, WALL - 1_000);

        // then the wall clock, at once
        assertThat(clock.now(context)).isEqualTo(WALL);
    }

    @Test
    void shouldNotLetAReplaysOldRecordsHoldAQuietProcessorBackAtItsLastLiveRecord() {
        // given a live record, then nothing live for 20 s
        at(WALL);
        clock.read(context, WALL - 500);

        // when a replay into the live topics keeps feeding records stamped hours ago
        at(WALL + 20_000);
        clock.read(context, WALL - 2 * HOUR);

        // then the wall clock: the old records are not a backlog this processor is catching up on
        assertThat(clock.now(context)).isEqualTo(WALL + 20_000);
    }

    private void at(long wallMs) {
        context.setCurrentSystemTimeMs(wallMs);
    }
}
