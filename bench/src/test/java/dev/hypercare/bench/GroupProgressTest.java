package dev.hypercare.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GroupProgressTest {

    @Test
    void steadyRateLeavesOutStartUpAndFirstCommit() {
        // Started at 0, first commit seen at 5 s with 1,000 done, all 101,000 done at 15 s.
        var rate = GroupProgress.Rate.of(0, 5_000, 1_000, 15_000, 101_000);
        assertThat(rate.steadyPerSecond()).isEqualTo(10_000.0);
        assertThat(rate.inclusivePerSecond()).isCloseTo(6_733.3, org.assertj.core.data.Offset.offset(0.1));
    }

    @Test
    void noSampleBetweenFirstCommitAndEndHasNoSteadyRate() {
        assertThat(GroupProgress.Rate.of(0, 2_000, 500, 2_000, 500).steadyPerSecond()).isNaN();
    }
}
