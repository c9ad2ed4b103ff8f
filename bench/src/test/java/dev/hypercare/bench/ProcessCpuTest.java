package dev.hypercare.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcessCpuTest {

    @Test
    void ticksAreUtimePlusStimeEvenWhenTheNameHasSpacesAndParentheses() {
        String stat = "4242 (java (main) x) S 1 4242 4242 0 -1 4194560 100 0 0 0 1234 567 0 0 20 0 40 0 100 0 0";
        assertThat(ProcessCpu.ticksOf(stat)).isEqualTo(1234 + 567);
    }

    @Test
    void ownProcessHasUsedSomeCpu() {
        assertThat(ProcessCpu.ticks(ProcessHandle.current().pid())).isGreaterThanOrEqualTo(0);
    }

    @Test
    void microsPerUnit() {
        assertThat(ProcessCpu.microsPer(250, 100, 10_000)).isEqualTo(250.0);
        assertThat(ProcessCpu.microsPer(-1, 100, 10)).isNaN();
    }
}
