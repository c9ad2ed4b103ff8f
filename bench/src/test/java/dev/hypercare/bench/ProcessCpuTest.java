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

    @Test
    void givenBenchRunsPidListWhenParsedThenNamesKeepTheirOrderAndBlankGivesNone() {
        assertThat(ProcessCpu.parsePids("kafka=12, ingest=34,triage=0"))
                .containsExactly(java.util.Map.entry("kafka", 12L), java.util.Map.entry("ingest", 34L), java.util.Map.entry("triage", 0L));
        assertThat(ProcessCpu.parsePids("")).isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ProcessCpu.parsePids("kafka"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name=pid");
    }

    @Test
    void givenTwoSnapshotsWhenSubtractedThenEachProcessGetsItsTicksAndAnUnreadableOneMinusOne() {
        long self = ProcessHandle.current().pid();
        ProcessCpu.Snapshot before = ProcessCpu.Snapshot.of(java.util.Map.of("self", self, "gone", 0L));
        long spin = System.nanoTime() + 200_000_000L;
        double sink = 0;
        while (System.nanoTime() < spin) {
            sink += Math.sqrt(sink + 1); // 200 ms on the CPU: at least one clock tick on any scheduler
        }
        java.util.Map<String, Long> spent = ProcessCpu.Snapshot.of(java.util.Map.of("self", self, "gone", 0L)).minus(before);
        assertThat(spent.get("self")).as("ticks after %s", sink).isPositive();
        assertThat(spent.get("gone")).isEqualTo(-1L);
    }
}
