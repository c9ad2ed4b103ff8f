package dev.hypercare.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ToolOutputTest {

    @Test
    void producerPerformanceSummaryIsTheLastLine() {
        String output = """
                598057 records sent, 119587.3 records/sec (56.81 MB/sec), 180.1 ms avg latency, 612.0 ms max latency.
                1000000 records sent, 120264.5 records/sec (57.13 MB/sec), 176.85 ms avg latency, 612.00 ms max latency, 163 ms 50th, 352 ms 95th, 431 ms 99th, 590 ms 99.9th.
                """;
        var perf = ToolOutput.producer(output);
        assertThat(perf.records()).isEqualTo(1_000_000);
        assertThat(perf.recordsPerSecond()).isEqualTo(120264.5);
        assertThat(perf.megabytesPerSecond()).isEqualTo(57.13);
        assertThat(perf.p50Ms()).isEqualTo(163);
        assertThat(perf.p99Ms()).isEqualTo(431);
        assertThat(perf.maxMs()).isEqualTo(612);
    }

    @Test
    void consumerPerformanceColumnsAreFoundByName() {
        String output = """
                start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec
                2026-11-27 09:25:56:101, 2026-11-27 09:25:57:011, 9.2166, 10.1282, 20000, 21978.0220, 312, 598, 15.4124, 33444.8161
                """;
        var perf = ToolOutput.consumer(output);
        assertThat(perf.records()).isEqualTo(20_000);
        assertThat(perf.recordsPerSecond()).isEqualTo(21978.022);
        assertThat(perf.fetchRecordsPerSecond()).isEqualTo(33444.8161);
    }

    @Test
    void wrkLineGivesAcceptedRateAndMilliseconds() {
        String output = """
                Running 8s test @ http://127.0.0.1:19080/api/v1/feedback
                Requests/sec:     85.56
                HYPERCARE-WRK requests=1000 non2xx=100 socket_errors=2 duration_us=10000000 p50_us=1500 p99_us=19000 max_us=250000
                """;
        var wrk = ToolOutput.wrk(output);
        assertThat(wrk.acceptedPerSecond()).isEqualTo(90.0);
        assertThat(wrk.p50Ms()).isEqualTo(1.5);
        assertThat(wrk.p99Ms()).isEqualTo(19.0);
        assertThat(wrk.maxMs()).isEqualTo(250.0);
        assertThat(wrk.socketErrors()).isEqualTo(2);
    }

    @Test
    void givenADecimalCommaLocaleWhenParsedThenTheToolOutputIsRefusedNotMisread() {
        // ProducerPerformance and ConsumerPerformance format with the JVM's locale (here de_DE's "9,2166").
        String consumer = """
                start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec
                2026-11-27 09:25:56:101, 2026-11-27 09:25:57:011, 9,2166, 10,1282, 20000, 21978,0220, 312, 598, 15,4124, 33444,8161
                """;
        assertThatThrownBy(() -> ToolOutput.consumer(consumer)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("15 values under 10 columns");
        String producer = "1000000 records sent, 120264,5 records/sec (57,13 MB/sec), 176,85 ms avg latency, 612,00 ms max latency, "
                + "163 ms 50th, 352 ms 95th, 431 ms 99th, 590 ms 99,9th.";
        assertThatThrownBy(() -> ToolOutput.producer(producer)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void missingSummaryIsAnErrorNotAZero() {
        assertThatThrownBy(() -> ToolOutput.wrk("Running 8s test")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ToolOutput.producer("no summary")).isInstanceOf(IllegalArgumentException.class);
    }
}
