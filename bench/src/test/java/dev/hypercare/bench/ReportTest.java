package dev.hypercare.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class ReportTest {

    private static Properties results(String... pairs) {
        Properties properties = new Properties();
        for (int i = 0; i < pairs.length; i += 2) {
            properties.setProperty(pairs[i], pairs[i + 1]);
        }
        return properties;
    }

    @Test
    void bestClosedLoopLevelIsTheHighestAcceptedRate() {
        Report report = new Report(results(
                "ingest.closed.c16.rps", "4000", "ingest.closed.c16.p99.ms", "9",
                "ingest.closed.c128.rps", "21000", "ingest.closed.c128.p99.ms", "18",
                "ingest.closed.c256.rps", "20000", "ingest.closed.c256.p99.ms", "40"));
        assertThat(report.bestClosedLoop()).isEqualTo(new Report.Best(128, 21000, 18));
    }

    @Test
    void summaryPutsEachFigureBesideItsReference() {
        String rendered = new Report(results(
                "raw.producer.rps", "120000",
                "ingest.closed.c128.rps", "24000", "ingest.closed.c128.p99.ms", "18",
                "triage.rps", "14000", "passthrough.rps", "20000",
                "e2e.p1.p99.ms", "42", "e2e.kpi.p99.ms", "380",
                "svc.ingest.rss.mb", "210", "svc.triage.rss.mb", "290", "svc.metrics.rss.mb", "250",
                "svc.ingest.ready.s", "1.9", "svc.triage.ready.s", "2.4", "svc.metrics.ready.s", "2.2")).render();
        String summary = rendered.lines().filter(l -> l.startsWith("SUMMARY ")).findFirst().orElseThrow();
        assertThat(summary).contains("ingest-single=24,000 ev/s p99=18.0 ms @128 conns")
                .contains("raw-producer=120,000 rec/s", "ingest/raw=20 %", "triage/passthrough=70 %",
                        "e2e-p1 p99=42.0 ms", "kpi p99=380 ms", "rss max=290 MB", "ready max=2.4 s");
    }

    @Test
    void kpiFreshnessRowsAndSummaryOnlyWhenThePhaseRan() {
        String rendered = new Report(results(
                "kpi.direct.rate", "1000.00", "kpi.direct.events", "30000", "kpi.direct.missing", "0",
                "kpi.direct.p50.ms", "310", "kpi.direct.p99.ms", "720", "kpi.direct.max.ms", "900", "kpi.direct.count", "30000",
                "kpi.direct.cpu.us", "150")).render();
        assertThat(rendered).contains("4 KPI freshness at 1000/s, produced -> KPI", "p99 720 ms", "missing=0 unanswered=n/a of 30000",
                "metrics cpu 150 us/event");
        assertThat(rendered).doesNotContain("1000/s, POST -> KPI");
        assertThat(rendered.lines().filter(l -> l.startsWith("SUMMARY ")).findFirst().orElseThrow())
                .contains("kpi-freshness p99 direct=720 ms missing=0 unanswered=n/a http=n/a ms missing=n/a unanswered=n/a (target 1000)");
        assertThat(new Report(new Properties()).render()).doesNotContain("kpi-freshness", "KPI freshness");
    }

    @Test
    void givenSecondHalfFiguresWhenRenderedThenTheWarmRatioStandsBesideTheWholeRunOne() {
        String rendered = new Report(results(
                "triage.rps", "1000", "passthrough.rps", "10000", "triage.cpu.us", "500", "passthrough.cpu.us", "50",
                "triage.rps.second-half", "2000", "passthrough.rps.second-half", "10000",
                "triage.cpu.us.second-half", "250", "passthrough.cpu.us.second-half", "50")).render();
        assertThat(rendered).contains("second half only (warm JIT)", "20 % of pass-through; by cpu/rec 20 %");
        assertThat(new Report(results("triage.rps", "1000", "passthrough.rps", "10000")).render())
                .doesNotContain("second half only");
    }

    @Test
    void givenItemsMissingOrUnansweredWhenRenderedThenEachP99SaysHowManyAndTheSummaryIsMarked() {
        String rendered = new Report(results("e2e.rate", "1000.00", "e2e.accepted", "101", "e2e.http.intended", "102",
                "e2e.missing", "2", "e2e.unanswered", "1", "e2e.kpi.missing", "0", "e2e.kpi.unanswered", "0",
                "e2e.priority.p99.ms", "20000", "e2e.p1.p99.ms", "10", "e2e.kpi.p99.ms", "300",
                "kpi.http.rate", "1000.00", "kpi.http.events", "30000", "kpi.http.missing", "0", "kpi.http.unanswered", "4",
                "kpi.http.refused", "0", "kpi.http.p99.ms", "900")).render();
        assertThat(rendered.lines().filter(l -> l.contains("receive -> P1 topic")).findFirst().orElseThrow())
                .contains("missing=2 unanswered=1", "priority unknown");
        assertThat(rendered.lines().filter(l -> l.contains("receive -> any priority topic")).findFirst().orElseThrow())
                .contains("missing=2 unanswered=1 of 101 accepted (in p99 at a lower bound)");
        assertThat(rendered.lines().filter(l -> l.contains("RESPONDED POST -> KPI")).findFirst().orElseThrow())
                .contains("missing=0 unanswered=0");
        assertThat(rendered.lines().filter(l -> l.contains("POST -> KPI") && l.startsWith("4 KPI")).findFirst().orElseThrow())
                .contains("missing=0 unanswered=4 of 30000");
        assertThat(rendered.lines().filter(l -> l.startsWith("SUMMARY ")).findFirst().orElseThrow())
                .startsWith("SUMMARY (ITEMS MISSING OR UNANSWERED) ")
                .contains("e2e-p1 p99=10.0 ms (target 50) any-priority p99=20,000 ms missing=2 unanswered=1",
                        "kpi p99=300 ms missing=0 unanswered=0", "http=900 ms missing=0 unanswered=4");
        String clean = new Report(results("e2e.missing", "0", "e2e.unanswered", "0", "kpi.direct.missing", "0")).render();
        assertThat(clean).doesNotContain("ITEMS MISSING");
    }

    @Test
    void aRunThatStoppedEarlySaysSo() {
        String rendered = new Report(results("run.failed", "ingest-service exited", "raw.producer.rps", "100000")).render();
        assertThat(rendered).contains("INCOMPLETE: the run stopped early (ingest-service exited)", "SUMMARY (INCOMPLETE) ");
    }

    @Test
    void absentFiguresReadNotAvailable() {
        String rendered = new Report(new Properties()).render();
        assertThat(rendered).contains("ingest-single=n/a", "triage/passthrough=n/a");
    }

    @Test
    void givenPhaseLoadsWhenRenderedThenEachPhaseShowsItsLoadAndABusyStartIsMarked() {
        String rendered = new Report(results("run.cores", "2",
                "load.raw.start", "0.40", "load.raw.end", "1.90",
                "load.ingest.start", "6.50", "load.ingest.end", "8.25")).render();
        assertThat(rendered.lines().filter(l -> l.contains("load during raw")).findFirst().orElseThrow())
                .contains("1-min 0.40 -> 1.90").doesNotContain("BUSY");
        assertThat(rendered.lines().filter(l -> l.contains("load during ingest")).findFirst().orElseThrow())
                .contains("1-min 6.50 -> 8.25", "BUSY: load above 2 cores at the start");
        assertThat(rendered.lines().filter(l -> l.startsWith("SUMMARY ")).findFirst().orElseThrow())
                .contains("load max=8.25 on 2 cores");
        assertThat(new Report(new Properties()).render()).doesNotContain("load during", "load max");
    }

    @Test
    void givenIngestFiguresWhenProtectionsWereNotCheckedThenTheReportSaysSo() {
        assertThat(new Report(results("ingest.closed.c64.rps", "9000")).render())
                .contains("protections: NOT CHECKED in this run");
        assertThat(new Report(results("ingest.closed.c64.rps", "9000", "protections", "all on: API keys")).render())
                .contains("protections (checked against the running ingest-service before its loads): all on: API keys")
                .doesNotContain("NOT CHECKED");
        assertThat(new Report(results("ingest.closed.c64.rps", "9000", "run.protections", "off")).render())
                .contains("protections: OFF (BENCH_PROTECTIONS=off").doesNotContain("NOT CHECKED");
    }

    @Test
    void givenNoIngestLoadsWhenRenderedThenBatchIsNotCalledUnavailable() {
        assertThat(new Report(results("e2e.accepted", "100")).render()).doesNotContain("not available");
        assertThat(new Report(results("ingest.closed.c64.rps", "9000")).render()).contains("ingest batch", "not available");
    }

    @Test
    void givenE2eCpuFiguresWhenRenderedThenEachProcessCostPerEventAndTheCoresTogetherAreShown() {
        String rendered = new Report(results("e2e.accepted", "6000", "e2e.rate", "100.00",
                "e2e.cpu.kafka.us", "3500", "e2e.cpu.kafka.cores", "0.35", "e2e.cpu.ingest.us", "900", "e2e.cpu.ingest.cores", "0.09",
                "e2e.cpu.triage.us", "n/a", "e2e.cpu.client.us", "400", "e2e.cpu.client.cores", "0.04")).render();
        assertThat(rendered).contains("e2e CPU per event (us), by process", "kafka 3,500, ingest 900, client 400",
                "together 0.48 cores");
        assertThat(new Report(results("e2e.accepted", "100")).render()).doesNotContain("CPU per event");
    }
}
