package dev.hypercare.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hypercare.kafka.Json;
import dev.hypercare.kafka.Topics;
import dev.hypercare.model.Kpi;
import dev.hypercare.model.Priority;
import dev.hypercare.model.TriagedFeedback;
import io.vertx.core.buffer.Buffer;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * End-to-end latency of the running pipeline at a fixed rate, as an on-call team sees it.
 *
 * <ul>
 *   <li><b>ingest to priority topic</b>: feedback is POSTed open-loop at {@code --rate}; a
 *       read_committed consumer on the four priority topics notes when each item arrives. Latency =
 *       arrival minus the item's {@code receivedAt} (the ingest-service's clock when the request came
 *       in; milliseconds, so up to 1 ms is added). Same machine, same clock.</li>
 *   <li><b>lifecycle to KPI</b>: for a sample of arrived items ({@code --respond-share}) a RESPONDED
 *       event is POSTed at once; a read_committed consumer on {@code hypercare.kpis} notes when the
 *       item's {@code first-response-ms|item=<id>} KPI arrives. Latency = arrival minus the POST.</li>
 * </ul>
 * What has not arrived at the end of the drain counts too, at a lower bound (see {@link #priorityFigures}):
 * percentiles over the arrived items alone would be those of the survivors.
 * Consumers are assigned (no group, no rebalance) and positioned at the end before the load starts.
 */
final class PipelineLatency {

    private static final Duration DRAIN = Duration.ofSeconds(20);

    private PipelineLatency() {
    }

    /** One item seen on a priority topic. */
    record Arrival(Priority priority, long latencyMicros) {
    }

    static void run(Options options) throws Exception {
        URI ingest = URI.create(options.get("ingest-url"));
        String bootstrap = options.get("bootstrap-servers");
        double rate = options.getDouble("rate");
        double respondShare = options.getDouble("respond-share");
        // Client ids of this run only: the ingest-service answers a known client id as a retry (no new item), so a
        // second run against the same pipeline (./hypercare start) would measure nothing but replays.
        FeedbackCorpus corpus = FeedbackCorpus.load(DataCommands.dataDir(options), options.getLong("seed")).forThisRun();
        Map<String, Long> processes = ProcessCpu.parsePids(options.getOrEmpty("pids"));
        processes.put("client", ProcessHandle.current().pid());
        long clockTicks = options.getLong("clk-tck");

        Map<String, Long> measured = new ConcurrentHashMap<>(); // feedback id -> when its 202 came back (epoch µs)
        AtomicLong answered = new AtomicLong();
        Map<String, Arrival> arrivals = new ConcurrentHashMap<>();
        Map<String, Long> respondedAt = new ConcurrentHashMap<>();
        Set<String> respondAnswered = ConcurrentHashMap.newKeySet();
        Map<String, Long> kpiLatency = new ConcurrentHashMap<>();
        AtomicLong respondRejected = new AtomicLong();
        AtomicBoolean running = new AtomicBoolean(true);

        // Lifecycle events get their own client: queued behind the feedback load they would measure the
        // client's queue, not the pipeline.
        try (OpenLoopClient client = new OpenLoopClient(URI.create(ingest + "/api/v1/feedback"), options.getInt("connections"));
             OpenLoopClient lifecycleClient = new OpenLoopClient(ingest, 8);
             KafkaConsumer<String, String> priorities = CommittedReader.open(bootstrap);
             KafkaConsumer<String, String> kpis = CommittedReader.open(bootstrap)) {
            CommittedReader.assignAtEnd(priorities, List.of(Topics.PRIORITY_P1.name(), Topics.PRIORITY_P2.name(),
                    Topics.PRIORITY_P3.name(), Topics.PRIORITY_P4.name()));
            CommittedReader.assignAtEnd(kpis, List.of(Topics.KPIS.name()));

            Thread priorityReader = new Thread(() -> {
                while (running.get()) {
                    for (ConsumerRecord<String, String> record : priorities.poll(Duration.ofMillis(50))) {
                        long now = OpenLoopClient.epochMicros();
                        if (record.key() != null && record.key().startsWith("volume-spike:")) {
                            continue; // a metrics-service alert, not a submitted item (docs/conventions.md, "P1 alerts")
                        }
                        TriagedFeedback item = Topics.PRIORITY_P1.valueSerde().deserializer()
                                .deserialize(record.topic(), record.value().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                        long received = item.feedback().receivedAt().toEpochMilli() * 1000;
                        if (arrivals.putIfAbsent(item.feedbackId(), new Arrival(item.priority(), now - received)) == null
                                && sampled(item.feedbackId(), respondShare)) {
                            String path = "/api/v1/feedback/" + item.feedbackId() + "/events";
                            respondedAt.put(item.feedbackId(), OpenLoopClient.epochMicros());
                            lifecycleClient.post(path, Buffer.buffer("{\"type\":\"RESPONDED\",\"actor\":\"bench\"}"),
                                    (index, status, body, sentMicros) -> {
                                        respondAnswered.add(item.feedbackId());
                                        if (status != 202) {
                                            respondRejected.incrementAndGet();
                                            respondedAt.remove(item.feedbackId());
                                        }
                                    }, 0);
                        }
                    }
                }
            }, "priority-reader");
            Thread kpiReader = new Thread(() -> {
                while (running.get()) {
                    for (ConsumerRecord<String, String> record : kpis.poll(Duration.ofMillis(50))) {
                        long now = OpenLoopClient.epochMicros();
                        String[] key = record.key().split("\\" + Kpi.SEPARATOR);
                        if (key.length == 4 && key[1].equals("first-response-ms") && key[2].startsWith("item=")) {
                            Long posted = respondedAt.get(key[2].substring("item=".length()));
                            if (posted != null) {
                                kpiLatency.putIfAbsent(key[2].substring("item=".length()), now - posted);
                            }
                        }
                    }
                }
            }, "kpi-reader");
            priorityReader.start();
            kpiReader.start();

            // Warm-up first, on its own: the services were just started, and their JIT compilers take
            // most of a core for the first tens of seconds. Its items go all the way through (triage,
            // the priority topics, RESPONDED -> KPI), so every stage is warmed, and then the pipeline is
            // given time to catch up: the measured load starts on warm, idle services, as in production.
            // If it does not catch up, the rate is above what the machine sustains: reported, not hidden.
            Set<String> warmupIds = ConcurrentHashMap.newKeySet();
            // The warm-up runs at --warmup-rate when that is higher than the measured rate: at 100/s a 30 s
            // warm-up is 3,000 items, too few for the JIT compilers to finish with the hot paths, and the
            // measured tail was their compilations (p99 998 ms against 95 ms after 6,000 items).
            Duration warmup = options.getSeconds("warmup");
            double warmupRate = Math.max(rate, options.getDouble("warmup-rate"));
            long warmupCount = (long) Math.floor(warmup.toNanos() / 1e9 * warmupRate);
            if (warmupCount > 0) {
                client.run(warmupRate, Duration.ZERO, warmup, index -> Buffer.buffer(corpus.submissionJson(index)),
                        (index, status, body, intended) -> {
                            if (status == 202) {
                                warmupIds.add(parse(body).get("feedbackId").asText());
                            }
                        });
            }
            long settleStarted = System.nanoTime();
            long settleUntil = settleStarted + options.getSeconds("settle").toNanos();
            while (System.nanoTime() < settleUntil && !arrivals.keySet().containsAll(warmupIds)) {
                TimeUnit.MILLISECONDS.sleep(100);
            }
            boolean settled = arrivals.keySet().containsAll(warmupIds);
            Results.put("e2e.warmup.accepted", warmupIds.size());
            Results.put("e2e.warmup.settled", String.valueOf(settled));
            Results.put("e2e.warmup.settle.s", (System.nanoTime() - settleStarted) / 1e9);
            if (!settled) {
                Results.log("e2e: the pipeline had not caught up with the %d warm-up items after %s: %.0f/s is above what it sustains here",
                        warmupIds.size(), options.getSeconds("settle"), rate);
            }

            ProcessCpu.Snapshot cpuBefore = ProcessCpu.Snapshot.of(processes);
            long measuredStarted = System.nanoTime();
            OpenLoopClient.Outcome outcome = client.run(rate, Duration.ZERO, options.getSeconds("duration"),
                    index -> Buffer.buffer(corpus.submissionJson(warmupCount + index)),
                    (index, status, body, intended) -> {
                        answered.incrementAndGet();
                        if (status == 202) {
                            measured.put(parse(body).get("feedbackId").asText(), OpenLoopClient.epochMicros());
                        }
                    });
            long loadReturnedMicros = OpenLoopClient.epochMicros();
            // CPU over the measured load only (not its drain): what each process spends per event at this rate.
            ProcessCpu.Snapshot cpuAfter = ProcessCpu.Snapshot.of(processes);
            double measuredSeconds = (System.nanoTime() - measuredStarted) / 1e9;
            long drainUntil = System.currentTimeMillis() + DRAIN.toMillis();
            while (System.currentTimeMillis() < drainUntil
                    && (!arrivals.keySet().containsAll(measured.keySet()) || !kpiLatency.keySet().containsAll(respondedAt.keySet()))) {
                TimeUnit.MILLISECONDS.sleep(100);
            }
            long drainEndMicros = OpenLoopClient.epochMicros();
            running.set(false);
            priorityReader.join();
            kpiReader.join();

            // POSTs still unanswered at the end of the drain (an answer after the client's grace still counts as one).
            // When there are any, the load returned at its deadline, GRACE after the last send: each had waited
            // at least GRACE then, and the drain since.
            long unanswered = Math.max(0, outcome.intended() - outcome.failed() - answered.get());
            PriorityFigures figures = priorityFigures(measured, arrivals, drainEndMicros, unanswered,
                    OpenLoopClient.GRACE.toNanos() / 1000 + drainEndMicros - loadReturnedMicros);
            Histogram kpi = Latency.newHistogram();
            long kpiMissing = 0;
            long kpiUnanswered = 0;
            long responded = 0;
            for (String id : measured.keySet()) {
                Long posted = respondedAt.get(id);
                if (posted == null || !arrivals.containsKey(id)) {
                    continue;
                }
                responded++;
                Long latency = kpiLatency.get(id);
                if (latency != null) {
                    Latency.record(kpi, latency);
                    continue;
                }
                // Not there at the end of the drain: at least as old as its RESPONDED POST by then.
                Latency.recordAtLeast(kpi, drainEndMicros - posted, 1);
                if (respondAnswered.contains(id)) {
                    kpiMissing++;
                } else {
                    kpiUnanswered++;
                }
            }
            Results.log("e2e: %d accepted at %.0f/s, %d missing on priority topics, %d POSTs unanswered, %d RESPONDED, "
                            + "%d KPIs missing, %d RESPONDED unanswered",
                    measured.size(), rate, figures.missing(), unanswered, responded, kpiMissing, kpiUnanswered);
            outcome.problems().forEach(problem -> Results.log("e2e: %s", problem));
            Results.put("e2e.rate", rate);
            Results.put("e2e.accepted", measured.size());
            Results.put("e2e.http.intended", outcome.intended());
            Results.put("e2e.http.timed-out", outcome.timedOut());
            Results.put("e2e.http.failed", outcome.rejected() + outcome.failed() + outcome.timedOut());
            Results.put("e2e.missing", figures.missing());
            Results.put("e2e.unanswered", unanswered);
            Results.put("e2e.kpi.missing", kpiMissing);
            Results.put("e2e.kpi.unanswered", kpiUnanswered);
            Results.put("e2e.respond.rejected", respondRejected.get());
            outcome.refusedByStatus().forEach((status, count) -> Results.put("e2e.http.status." + status, count));
            cpuAfter.minus(cpuBefore).forEach((name, ticks) -> {
                Results.put("e2e.cpu." + name + ".us", ProcessCpu.microsPer(ticks, clockTicks, measured.size()));
                Results.put("e2e.cpu." + name + ".cores", ticks < 0 ? Double.NaN : ticks / (double) clockTicks / measuredSeconds);
            });
            outcome.latency().put("e2e.http");
            Latency.of(figures.all()).put("e2e.priority");
            Latency.of(figures.p1()).put("e2e.p1");
            Latency.of(kpi).put("e2e.kpi");
            Bench.failOnAuthRefusals("e2e", outcome);
        }
    }

    /** Receive -> priority topic over the measured load; {@code missing}: accepted, not arrived by the drain's end. */
    record PriorityFigures(Histogram all, Histogram p1, long missing) {
    }

    /**
     * Every accepted item counts in the any-priority figures: arrived, at its latency; missing at the end of
     * the drain, at the time since its 202 (it was received before that, so a lower bound); and each POST never
     * answered at {@code unansweredAtLeastMicros}. P1 is over the arrived P1 items only, as the priority of an
     * item nobody saw is unknown; the report puts the missing and unanswered counts beside it.
     */
    static PriorityFigures priorityFigures(Map<String, Long> acceptedAtMicros, Map<String, Arrival> arrivals,
                                           long drainEndMicros, long unanswered, long unansweredAtLeastMicros) {
        Histogram all = Latency.newHistogram();
        Histogram p1 = Latency.newHistogram();
        long missing = 0;
        for (Map.Entry<String, Long> accepted : acceptedAtMicros.entrySet()) {
            Arrival arrival = arrivals.get(accepted.getKey());
            if (arrival == null) {
                missing++;
                Latency.recordAtLeast(all, drainEndMicros - accepted.getValue(), 1);
                continue;
            }
            Latency.record(all, arrival.latencyMicros());
            if (arrival.priority() == Priority.P1) {
                Latency.record(p1, arrival.latencyMicros());
            }
        }
        Latency.recordAtLeast(all, unansweredAtLeastMicros, unanswered);
        return new PriorityFigures(all, p1, missing);
    }

    /** A fixed share of items, chosen by id so the choice does not depend on arrival order. */
    static boolean sampled(String feedbackId, double share) {
        return Math.floorMod(feedbackId.hashCode(), 10_000) < share * 10_000;
    }

    private static JsonNode parse(Buffer body) {
        try {
            return Json.mapper().readTree(body.getBytes());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("ingest answered 202 without a JSON body", e);
        }
    }
}
