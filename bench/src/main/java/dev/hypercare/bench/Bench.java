package dev.hypercare.bench;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Entry point of the bench jar: {@code java -jar bench/target/bench.jar COMMAND --option value ...}.
 * {@code bench/run} drives these commands; each prints its figures as {@code key=value} lines on stdout
 * (see {@link Results}) and its progress on stderr.
 */
public final class Bench {

    private static final String USAGE = """
            usage: java -jar bench.jar COMMAND [--option value ...]
              payload-file     raw-topic JSON records, one a line, for ProducerPerformance --payload-file
              wrk-bodies       POST bodies, one a line, for bench/wrk/feedback.lua
              preproduce       N keyed RawFeedback records into a topic (triage input)
              passthrough      the JSON pass-through Kafka Streams reference (runs until SIGTERM)
              await-group      throughput of a consumer group until its lag on a topic is 0
              start-at-end     commit a new group's offsets at the end of its input topics
              open-loop        fixed-rate POSTs of feedback, latency from intended send time
              protections      check every ingest protection is on (keys, app binding, rate limit, idempotency,
                               scrubbing, encryption) against the running ingest-service
              e2e              end-to-end latency: HTTP receive -> priority topics, RESPONDED -> KPI
              kpi-prepare      N triaged items (and their raw records) for the KPI-freshness run
              kpi              KPI freshness: lifecycle event (produced or POSTed) -> its KPI, open loop
              producer-perf    figures from ProducerPerformance output (--file F)
              consumer-perf    figures from ConsumerPerformance output (--file F)
              wrk              figures from wrk + feedback.lua output (--file F --label L)
              jfr-top          hottest methods and layers of a JFR recording
              report           the table and the summary line of a results file
            """;

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.print(USAGE);
            System.exit(2);
        }
        String command = args[0];
        switch (command) {
            case "payload-file" -> DataCommands.payloadFile(options(command, args, Map.of(
                    "out", "", "count", "10000", "data-dir", "", "seed", "42")));
            case "wrk-bodies" -> DataCommands.wrkBodies(options(command, args, Map.of(
                    "out", "", "count", "5000", "batch", "1", "data-dir", "", "seed", "43")));
            case "preproduce" -> DataCommands.preproduce(options(command, args, Map.of(
                    "bootstrap-servers", "", "topic", "hypercare.feedback.raw", "records", "1000000",
                    "first-index", "0", "data-dir", "", "seed", "44")));
            case "passthrough" -> PassThroughApp.run(options(command, args, Map.of(
                    "bootstrap-servers", "", "application-id", "bench-passthrough", "input", "hypercare.feedback.raw",
                    "output", "bench.passthrough.out", "processing-guarantee", "exactly_once_v2",
                    "commit-interval-ms", "100", "state-dir", "")));
            case "await-group" -> GroupProgress.await(options(command, args, Map.of(
                    "bootstrap-servers", "", "group", "", "topic", "hypercare.feedback.raw", "label", "",
                    "started-at-ms", String.valueOf(System.currentTimeMillis()), "timeout", "1800",
                    "pid", "0", "clk-tck", "100")));
            case "start-at-end" -> GroupProgress.startAtEnd(options(command, args, Map.of(
                    "bootstrap-servers", "", "group", "", "topics", "")));
            case "open-loop" -> openLoop(options(command, args, Map.of(
                    "url", "", "rate", "1000", "warmup", "5", "duration", "30", "connections", "64",
                    "label", "", "data-dir", "", "seed", "45", "client-ids", "false")));
            case "protections" -> ProtectionsProbe.run(options(command, args, Map.of(
                    "ingest-url", "", "bootstrap-servers", "", "api-key", "", "limited-key", "", "limited-app", "webshop",
                    "privacy-key-id", "")));
            case "e2e" -> PipelineLatency.run(options(command, args, Map.ofEntries(
                    Map.entry("ingest-url", ""), Map.entry("bootstrap-servers", ""), Map.entry("rate", "1000"),
                    Map.entry("warmup", "5"), Map.entry("warmup-rate", "0"), Map.entry("settle", "60"),
                    Map.entry("duration", "30"), Map.entry("connections", "128"), Map.entry("respond-share", "0.1"),
                    Map.entry("data-dir", ""), Map.entry("seed", "46"), Map.entry("pids", ""), Map.entry("clk-tck", "100"))));
            case "kpi-prepare" -> KpiFreshness.prepare(options(command, args, Map.of(
                    "bootstrap-servers", "", "records", "40000", "first-index", "0", "raw", "false",
                    "data-dir", "", "seed", "47")));
            case "kpi" -> KpiFreshness.run(options(command, args, Map.ofEntries(
                    Map.entry("bootstrap-servers", ""), Map.entry("via", "direct"), Map.entry("ingest-url", ""),
                    Map.entry("rate", "1000"), Map.entry("warmup", "10"), Map.entry("duration", "30"),
                    Map.entry("records", "40000"), Map.entry("first-index", "0"), Map.entry("connections", "32"),
                    Map.entry("label", "kpi.direct"), Map.entry("pid", "0"), Map.entry("clk-tck", "100"),
                    Map.entry("seed", "47"))));
            case "producer-perf" -> {
                var perf = ToolOutput.producer(read(options(command, args, Map.of("file", "")).get("file")));
                Results.put("raw.producer.records", perf.records());
                Results.put("raw.producer.rps", perf.recordsPerSecond());
                Results.put("raw.producer.mbps", perf.megabytesPerSecond());
                Results.put("raw.producer.p50.ms", perf.p50Ms());
                Results.put("raw.producer.p99.ms", perf.p99Ms());
            }
            case "consumer-perf" -> {
                var perf = ToolOutput.consumer(read(options(command, args, Map.of("file", "")).get("file")));
                Results.put("raw.consumer.records", perf.records());
                Results.put("raw.consumer.rps", perf.recordsPerSecond());
                Results.put("raw.consumer.fetch.rps", perf.fetchRecordsPerSecond());
                Results.put("raw.consumer.mbps", perf.megabytesPerSecond());
            }
            case "wrk" -> {
                Options options = options(command, args, Map.of("file", "", "label", "",
                        "service-cpu-ticks", "-1", "clk-tck", "100", "events-per-request", "1"));
                var wrk = ToolOutput.wrk(read(options.get("file")));
                String label = options.get("label");
                int perRequest = options.getInt("events-per-request");
                // A batch answers 200 only when no item FAILED; its invalid items would be REJECTED, and the
                // corpus has none, so accepted events = successful requests x items per request.
                Results.put(label + ".rps", wrk.acceptedPerSecond() * perRequest);
                Results.put(label + ".requests", wrk.requests());
                Results.put(label + ".non2xx", wrk.non2xx());
                Results.put(label + ".socket-errors", wrk.socketErrors());
                Results.put(label + ".p50.ms", wrk.p50Ms());
                Results.put(label + ".p99.ms", wrk.p99Ms());
                Results.put(label + ".max.ms", wrk.maxMs());
                Results.put(label + ".cpu.us", ProcessCpu.microsPer(options.getLong("service-cpu-ticks"),
                        options.getLong("clk-tck"), (wrk.requests() - wrk.non2xx()) * perRequest));
            }
            case "jfr-top" -> JfrTop.print(options(command, args, Map.of("file", "", "top", "25")));
            case "report" -> Report.print(options(command, args, Map.of("results", "")));
            default -> {
                System.err.print(USAGE);
                System.exit(2);
            }
        }
    }

    private static void openLoop(Options options) throws Exception {
        FeedbackCorpus corpus = FeedbackCorpus.load(DataCommands.dataDir(options), options.getLong("seed"));
        // Bodies made up front: generating JSON while sending would load the one core the server lacks.
        io.vertx.core.buffer.Buffer[] bodies = new io.vertx.core.buffer.Buffer[4096];
        for (int i = 0; i < bodies.length; i++) {
            bodies[i] = io.vertx.core.buffer.Buffer.buffer(corpus.submissionJson(i, false));
        }
        try (OpenLoopClient client = new OpenLoopClient(URI.create(options.get("url")), options.getInt("connections"))) {
            // With client ids every body is made on the fly: each request is a new item with its own
            // idempotency key, as upstream apps that retry safely send them.
            boolean clientIds = Boolean.parseBoolean(options.get("client-ids"));
            long runId = System.currentTimeMillis();
            var outcome = client.run(options.getDouble("rate"), options.getSeconds("warmup"), options.getSeconds("duration"),
                    index -> clientIds
                            ? io.vertx.core.buffer.Buffer.buffer(corpus.submissionJson(index, false)
                                    .replaceFirst("^\\{", "{\"clientId\":\"bench-" + runId + "-" + index + "\","))
                            : bodies[(int) (index % bodies.length)], null);
            String label = options.get("label");
            Results.log("%s: %d intended, %d accepted (%.0f/s), %d rejected, %d failed, %d timed out; p50 %.1f p99 %.1f max %.1f ms",
                    label, outcome.intended(), outcome.accepted(), outcome.achievedRate(), outcome.rejected(), outcome.failed(),
                    outcome.timedOut(), outcome.latency().p50Ms(), outcome.latency().p99Ms(), outcome.latency().maxMs());
            outcome.problems().forEach(problem -> Results.log("%s: %s", label, problem));
            Results.put(label + ".rps", outcome.achievedRate());
            Results.put(label + ".intended", outcome.intended());
            Results.put(label + ".failed", outcome.rejected() + outcome.failed() + outcome.timedOut());
            outcome.refusedByStatus().forEach((status, count) -> Results.put(label + ".status." + status, count));
            outcome.latency().put(label);
            failOnAuthRefusals(label, outcome);
        }
    }

    /**
     * A run whose requests were refused for the key (401, 403) or its rate (429) measured refusals, not
     * ingest: it must fail loudly (non-zero exit, so bench/run stops) rather than be reported as a figure.
     */
    static void failOnAuthRefusals(String label, OpenLoopClient.Outcome outcome) {
        if (outcome.authRefused() > 0) {
            throw new IllegalStateException(label + ": " + outcome.authRefused() + " of " + outcome.intended()
                    + " requests refused with 401/403/429 (by status: " + outcome.refusedByStatus()
                    + "): the bench's API key is not accepted or is rate limited; check BENCH_API_KEY and the keys file");
        }
    }

    private static Options options(String command, String[] args, Map<String, String> defaults) {
        return Options.parse(command, args, 1, defaults);
    }

    private static String read(String file) throws java.io.IOException {
        return Files.readString(Path.of(file), StandardCharsets.UTF_8);
    }
}
