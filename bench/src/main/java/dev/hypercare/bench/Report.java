package dev.hypercare.bench;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The table and the one summary line of a run, from the {@code key=value} results file that
 * {@code bench/run} collects. Each figure sits beside its reference from the same run and the
 * target of issue 3, so a noisy machine moves both sides of every ratio.
 */
final class Report {

    static final double TARGET_INGEST_RPS = 25_000;
    static final double TARGET_INGEST_P99_MS = 20;
    static final double TARGET_BATCH_SHARE = 0.60;
    static final double TARGET_TRIAGE_SHARE = 0.70;
    static final double TARGET_E2E_P1_P99_MS = 50;
    static final double TARGET_RSS_MB = 300;
    static final double TARGET_READY_S = 3;
    static final String[] SERVICES = {"ingest", "triage", "metrics"};

    private final Properties results;
    private final StringBuilder out = new StringBuilder();

    Report(Properties results) {
        this.results = results;
    }

    static void print(Options options) throws IOException {
        Properties results = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of(options.get("results")), StandardCharsets.UTF_8)) {
            results.load(reader);
        }
        System.out.print(new Report(results).render());
    }

    String render() {
        line("Hypercare benchmark (%s): %s, %s cores, %s, %s records", get("run.mode", "?"), get("run.date", "?"),
                get("run.cores", "?"), get("run.cpu", "?"), get("run.records", "?"));
        line("corpus: %s-byte raw records on average, %s real reviews mixed in", get("corpus.record.bytes", "?"), get("corpus.reviews", "0"));
        if (results.getProperty("run.failed") != null) {
            line("INCOMPLETE: the run stopped early (%s); figures after that point are missing", get("run.failed", ""));
        }
        if (results.getProperty("protections") != null) {
            line("protections (checked against the running ingest-service before its loads): %s", get("protections", ""));
        } else if ("off".equals(results.getProperty("run.protections"))) {
            line("protections: OFF (BENCH_PROTECTIONS=off: no API keys, no rate limit; the service as the local run starts it)");
        } else if (!levels("ingest\\.closed\\.c(\\d+)\\.rps").isEmpty() || results.getProperty("e2e.accepted") != null) {
            line("protections: NOT CHECKED in this run (ingest figures may have been measured without API keys)");
        }
        if (!Double.isNaN(maxLoad())) {
            line("load: the 1-min load average at the start -> end of each phase; 'BUSY' when it exceeded the %s cores at the start"
                + " (other work on the machine, or the previous phase's tail); the end includes this run's own processes",
                    get("run.cores", "?"));
        }
        line("");
        line("%-44s %-40s %s", "measurement", "figure", "reference / target");
        double raw = num("raw.producer.rps");
        line("%-44s %-40s %s", "1 raw producer (ProducerPerformance)", rate(raw) + "  " + fmt(num("raw.producer.mbps")) + " MB/s",
                "acks=all idempotent linger 10 batch 128K");
        line("%-44s %-40s %s", "  raw consumer (ConsumerPerformance)", rate(num("raw.consumer.rps")), "");
        load("raw");

        Best best = bestClosedLoop();
        for (int level : levels("ingest\\.closed\\.c(\\d+)\\.rps")) {
            String p = "ingest.closed.c" + level;
            line("%-44s %-40s %s", "2 ingest single, closed loop, " + level + " conns (wrk)",
                    rate(num(p + ".rps")) + "  p50 " + ms(num(p + ".p50.ms")) + " p99 " + ms(num(p + ".p99.ms")),
                    pct(num(p + ".rps") / raw) + " of raw, service cpu " + fmt(num(p + ".cpu.us")) + " us/event" + errors(p));
        }
        for (int r : levels("ingest\\.open\\.r(\\d+)\\.rps")) {
            String p = "ingest.open.r" + r;
            line("%-44s %-40s %s", "  ingest single, open loop at " + r + "/s",
                    rate(num(p + ".rps")) + "  p50 " + ms(num(p + ".p50.ms")) + " p99 " + ms(num(p + ".p99.ms")) + " max " + ms(num(p + ".max.ms")),
                    "failed " + get(p + ".failed", "?"));
        }
        for (int r : levels("ingest\\.open-ids\\.r(\\d+)\\.rps")) {
            String p = "ingest.open-ids.r" + r;
            line("%-44s %-40s %s", "  ingest single, open loop at " + r + "/s, client ids",
                    rate(num(p + ".rps")) + "  p50 " + ms(num(p + ".p50.ms")) + " p99 " + ms(num(p + ".p99.ms")) + " max " + ms(num(p + ".max.ms")),
                    "failed " + get(p + ".failed", "?"));
        }
        TreeSet<Integer> batchLevels = levels("ingest\\.batch\\.c(\\d+)\\.rps");
        for (int level : batchLevels) {
            String p = "ingest.batch.c" + level;
            line("%-44s %-40s %s", "  ingest batch of " + get("ingest.batch.size", "?") + ", " + level + " conns (wrk)",
                    rate(num(p + ".rps")) + "  p50 " + ms(num(p + ".p50.ms")) + " p99 " + ms(num(p + ".p99.ms")),
                    pct(num(p + ".rps") / raw) + " of raw (target >= 60 %), service cpu " + fmt(num(p + ".cpu.us")) + " us/event" + errors(p));
        }
        // Only when the ingest loads ran: a run of other phases measured no batch, it did not find the endpoint missing.
        if (batchLevels.isEmpty() && !levels("ingest\\.closed\\.c(\\d+)\\.rps").isEmpty()) {
            line("%-44s %-40s %s", "  ingest batch", "not available", "no batch endpoint (target >= 60 % of raw)");
        }
        load("ingest");

        double triage = num("triage.rps");
        double passthrough = num("passthrough.rps");
        line("%-44s %-40s %s", "3 triage-service topology", rate(triage) + "  cpu " + fmt(num("triage.cpu.us")) + " us/rec",
                pct(triage / passthrough) + " of pass-through (target >= 70 %); by cpu/rec "
                        + pct(num("passthrough.cpu.us") / num("triage.cpu.us")));
        line("%-44s %-40s %s", "  JSON pass-through topology (EOS v2)", rate(passthrough) + "  cpu " + fmt(num("passthrough.cpu.us")) + " us/rec",
                get("triage.input.records", "?") + " records in");
        if (results.getProperty("triage.cpu.us.second-half") != null && results.getProperty("passthrough.cpu.us.second-half") != null) {
            // The second half of the records, after most JIT compilation: the per-record cost of a warm service.
            line("%-44s %-40s %s", "  second half only (warm JIT)", rate(num("triage.rps.second-half")) + " vs "
                            + rate(num("passthrough.rps.second-half")) + "  cpu " + fmt(num("triage.cpu.us.second-half")) + " vs "
                            + fmt(num("passthrough.cpu.us.second-half")) + " us/rec",
                    pct(num("triage.rps.second-half") / num("passthrough.rps.second-half")) + " of pass-through; by cpu/rec "
                            + pct(num("passthrough.cpu.us.second-half") / num("triage.cpu.us.second-half")));
        }
        load("triage");

        String rateLabel = get("e2e.rate", "?").replaceAll("\\.00$", "");
        // Beside every p99, the items it holds only at a lower bound (never arrived, or never answered). P1 cannot
        // hold them: the priority of an item nobody saw is unknown; the any-priority row does.
        line("%-44s %-40s %s", "4 e2e HTTP receive -> P1 topic at " + rateLabel + "/s", latency("e2e.p1"),
                "target p99 <= 50 ms; " + lost("e2e") + (num("e2e.missing") > 0 || num("e2e.unanswered") > 0
                        ? " (priority unknown: not in this p99, in the next)" : ""));
        line("%-44s %-40s %s", "  e2e HTTP receive -> any priority topic", latency("e2e.priority"),
                lost("e2e") + " of " + get("e2e.accepted", "?") + " accepted (in p99 at a lower bound)");
        line("%-44s %-40s %s", "  e2e RESPONDED POST -> KPI topic", latency("e2e.kpi"), lost("e2e.kpi") + " (in p99 at a lower bound)");
        line("%-44s %-40s %s", "  e2e HTTP POST latency at that rate", latency("e2e.http"),
                "accepted " + get("e2e.accepted", "?") + " of " + get("e2e.http.intended", "?") + ", unanswered="
                        + get("e2e.http.timed-out", "n/a") + " after 15 s (in p99 at 15 s)");
        if (results.getProperty("e2e.warmup.settled") != null) {
            line("%-44s %-40s %s", "  e2e warm-up before the measured load", get("e2e.warmup.accepted", "?") + " items, drained in "
                            + fmt(num("e2e.warmup.settle.s")) + " s",
                    Boolean.parseBoolean(results.getProperty("e2e.warmup.settled"))
                            ? "measured on warm, idle services"
                            : "NOT drained: the rate is above what the pipeline sustains on this machine");
        }
        if (results.getProperty("e2e.cpu.client.us") != null) {
            // Where the cores went at this rate: CPU per accepted event and share of a core, per process.
            StringBuilder cpu = new StringBuilder();
            double total = 0;
            for (String name : new String[] {"kafka", "ingest", "triage", "metrics", "client"}) {
                double us = num("e2e.cpu." + name + ".us");
                if (!Double.isNaN(us)) {
                    cpu.append(cpu.isEmpty() ? "" : ", ").append(name).append(' ').append(fmt(us));
                    total += num("e2e.cpu." + name + ".cores");
                }
            }
            line("%-44s %-40s %s", "  e2e CPU per event (us), by process", cpu, String.format(Locale.ROOT, "together %.2f cores", total));
        }
        load("e2e");
        for (String via : new String[] {"direct", "http"}) {
            String p = "kpi." + via;
            if (results.getProperty(p + ".events") == null) {
                continue;
            }
            line("%-44s %-40s %s", "4 KPI freshness at " + get(p + ".rate", "?").replaceAll("\\.00$", "") + "/s, "
                            + (via.equals("direct") ? "produced -> KPI" : "POST -> KPI"), latency(p),
                    "target p99 <= 1 s; " + lost(p) + " of " + get(p + ".events", "?") + " (in p99 at a lower bound)"
                            + (via.equals("http") ? ", refused " + get(p + ".refused", "?") : "")
                            + ", metrics cpu " + fmt(num(p + ".cpu.us")) + " us/event");
        }
        if (results.getProperty("kpi.prepare.rps") != null) {
            line("%-44s %-40s %s", "  metrics-service on triaged items", rate(num("kpi.prepare.rps")) + "  cpu "
                    + fmt(num("kpi.prepare.cpu.us")) + " us/item", get("kpi.prepare.records", "?") + " items pre-produced");
        }
        load("kpi");
        load("footprint");
        for (String service : SERVICES) {
            double backlog = num("svc." + service + ".ready.with-backlog.s");
            line("%-44s %-40s %s", "5 " + service + "-service", "rss max " + fmt(num("svc." + service + ".rss.mb")) + " MB  ready "
                    + fmt(num("svc." + service + ".ready.s")) + " s",
                    "target <= 300 MB, <= 3 s" + (Double.isNaN(backlog) ? "" : "; ready " + fmt(backlog) + " s after the pre-produced records"));
        }
        line("");
        line("%s", summary(best, raw, triage, passthrough));
        return out.toString();
    }

    /** The one line to paste into an issue or a commit. */
    String summary(Best best, double raw, double triage, double passthrough) {
        // Over the services this run started; NaN when it started none.
        double rssMax = Double.NaN;
        double readyMax = Double.NaN;
        for (String service : SERVICES) {
            rssMax = maxIgnoringNaN(rssMax, num("svc." + service + ".rss.mb"));
            readyMax = maxIgnoringNaN(readyMax, num("svc." + service + ".ready.s"));
        }
        return String.format(Locale.ROOT,
                "SUMMARY " + (results.getProperty("run.failed") != null ? "(INCOMPLETE) " : "")
                        + (anyLost() ? "(ITEMS MISSING OR UNANSWERED) " : "") + "ingest-single=%s ev/s p99=%s ms @%s conns (target 25k/20ms) | raw-producer=%s rec/s | ingest/raw=%s"
                        + " | batch=%s ev/s batch/raw=%s (target 60%%) | triage=%s rec/s passthrough=%s rec/s triage/passthrough=%s (target 70%%, by cpu/rec %s)"
                        + " | e2e-p1 p99=%s ms (target 50) any-priority p99=%s ms %s | kpi p99=%s ms %s | rss max=%s MB | ready max=%s s (targets 300 MB, 3 s)",
                fmt(best.rps()), fmt(best.p99()), best.level(), fmt(raw), pct(best.rps() / raw),
                fmt(bestBatch()), pct(bestBatch() / raw),
                fmt(triage), fmt(passthrough), pct(triage / passthrough), pct(num("passthrough.cpu.us") / num("triage.cpu.us")),
                fmt(num("e2e.p1.p99.ms")), fmt(num("e2e.priority.p99.ms")), lost("e2e"), fmt(num("e2e.kpi.p99.ms")), lost("e2e.kpi"),
                fmt(rssMax), fmt(readyMax))
                + (results.getProperty("kpi.direct.p99.ms") == null && results.getProperty("kpi.http.p99.ms") == null ? ""
                        : String.format(Locale.ROOT, " | kpi-freshness p99 direct=%s ms %s http=%s ms %s (target 1000)",
                                fmt(num("kpi.direct.p99.ms")), lost("kpi.direct"), fmt(num("kpi.http.p99.ms")), lost("kpi.http")))
                + (Double.isNaN(maxLoad()) ? "" : String.format(Locale.ROOT, " | load max=%.2f on %s cores", maxLoad(),
                        get("run.cores", "?")));
    }

    /** "missing=N unanswered=M" of a latency figure ({@code <prefix>.missing|unanswered}); n/a when not measured. */
    private String lost(String prefix) {
        return "missing=" + get(prefix + ".missing", "n/a") + " unanswered=" + get(prefix + ".unanswered", "n/a");
    }

    /** Whether any latency figure of the run holds items that never arrived or were never answered. */
    boolean anyLost() {
        for (String key : results.stringPropertyNames()) {
            if ((key.startsWith("e2e.") || key.startsWith("kpi.")) && (key.endsWith(".missing") || key.endsWith(".unanswered"))
                    && num(key) > 0) {
                return true;
            }
        }
        return false;
    }

    /** A row with the 1-min load average at the start and the end of a phase, when the run recorded them. */
    private void load(String phase) {
        double start = num("load." + phase + ".start");
        double end = num("load." + phase + ".end");
        if (Double.isNaN(start) && Double.isNaN(end)) {
            return;
        }
        double cores = num("run.cores");
        boolean busy = !Double.isNaN(cores) && start > cores;
        line("%-44s %-40s %s", "  load during " + phase, String.format(Locale.ROOT, "1-min %.2f -> %.2f", start, end),
                busy ? "BUSY: load above " + get("run.cores", "?") + " cores at the start, figures of this phase are not quiet-machine figures" : "");
    }

    /** The highest 1-min load average recorded at any phase boundary, NaN when none was. */
    double maxLoad() {
        double max = Double.NaN;
        for (String key : results.stringPropertyNames()) {
            if (key.startsWith("load.") && (key.endsWith(".start") || key.endsWith(".end"))) {
                max = maxIgnoringNaN(max, num(key));
            }
        }
        return max;
    }

    static double maxIgnoringNaN(double a, double b) {
        return Double.isNaN(a) ? b : Double.isNaN(b) ? a : Math.max(a, b);
    }

    /** The closed-loop level with the most accepted events/s. */
    record Best(int level, double rps, double p99) {
    }

    Best bestClosedLoop() {
        Best best = new Best(0, Double.NaN, Double.NaN);
        for (int level : levels("ingest\\.closed\\.c(\\d+)\\.rps")) {
            double rps = num("ingest.closed.c" + level + ".rps");
            if (Double.isNaN(best.rps()) || rps > best.rps()) {
                best = new Best(level, rps, num("ingest.closed.c" + level + ".p99.ms"));
            }
        }
        return best;
    }

    /** The most events/s over the batch levels, NaN without a batch endpoint. */
    double bestBatch() {
        return levels("ingest\\.batch\\.c(\\d+)\\.rps").stream()
                .mapToDouble(level -> num("ingest.batch.c" + level + ".rps")).max().orElse(Double.NaN);
    }

    private TreeSet<Integer> levels(String regex) {
        Pattern pattern = Pattern.compile(regex);
        TreeSet<Integer> levels = new TreeSet<>();
        for (String key : results.stringPropertyNames()) {
            Matcher matcher = pattern.matcher(key);
            if (matcher.matches()) {
                levels.add(Integer.parseInt(matcher.group(1)));
            }
        }
        return levels;
    }

    private String errors(String prefix) {
        long non2xx = (long) num(prefix + ".non2xx");
        long socket = (long) num(prefix + ".socket-errors");
        return non2xx > 0 || socket > 0 ? String.format(Locale.ROOT, ", %d non-2xx, %d socket errors", non2xx, socket) : "";
    }

    private String latency(String prefix) {
        return "p50 " + ms(num(prefix + ".p50.ms")) + " p99 " + ms(num(prefix + ".p99.ms")) + " max " + ms(num(prefix + ".max.ms"))
                + " (n=" + get(prefix + ".count", "0") + ")";
    }

    private String get(String key, String fallback) {
        return results.getProperty(key, fallback);
    }

    double num(String key) {
        String value = results.getProperty(key);
        if (value == null) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    static String fmt(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return "n/a";
        }
        return value >= 100 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.1f", value);
    }

    static String rate(double perSecond) {
        return fmt(perSecond) + " /s";
    }

    static String ms(double value) {
        return fmt(value) + " ms";
    }

    static String pct(double share) {
        return Double.isNaN(share) || Double.isInfinite(share) ? "n/a" : String.format(Locale.ROOT, "%.0f %%", share * 100);
    }

    private void line(String format, Object... args) {
        out.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
