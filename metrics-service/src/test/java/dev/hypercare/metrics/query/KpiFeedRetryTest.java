package dev.hypercare.metrics.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The pause between requests for the partitions of a KPI topic that does not exist yet (KpiFeed). */
class KpiFeedRetryTest {

    @Test
    void shouldPauseLongerAfterEachEmptyAnswerUpToFiveSeconds() {
        // given / when: the pauses before the first ten new requests
        long[] pauses = IntStream.range(0, 10).mapToLong(KpiFeed::retryPause).toArray();

        // then: doubling from 100 ms, never above 5 s, never 0 (no busy loop against the broker)
        assertThat(pauses).containsExactly(100, 200, 400, 800, 1600, 3200, 5000, 5000, 5000, 5000);
        assertThat(KpiFeed.retryPause(Integer.MAX_VALUE)).isEqualTo(5000);
    }
}
