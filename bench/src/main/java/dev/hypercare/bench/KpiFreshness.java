package dev.hypercare.bench;

import dev.hypercare.kafka.Topics;
import dev.hypercare.model.Category;
import dev.hypercare.model.Kpi;
import dev.hypercare.model.LifecycleEvent;
import dev.hypercare.model.LifecycleType;
import dev.hypercare.model.Level;
import dev.hypercare.model.Priority;
import dev.hypercare.model.RawFeedback;
import dev.hypercare.model.TriageDecision;
import dev.hypercare.model.TriagedFeedback;
import io.vertx.core.buffer.Buffer;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * KPI freshness of the metrics-service alone: a lifecycle event -> its KPI on {@code hypercare.kpis}.
 *
 * <ul>
 *   <li>{@code kpi-prepare}: items as the triage-service leaves them (a triaged record each, and with
 *       {@code --raw true} the raw record too, so the ingest-service knows them and accepts their
 *       lifecycle events), ids {@code UUID(kpi-<seed>-<index>)}.</li>
 *   <li>{@code kpi}: one RESPONDED event per prepared item, open loop at {@code --rate}, either produced
 *       straight to {@code hypercare.feedback.lifecycle} ({@code --via direct}: isolates the
 *       metrics-service) or POSTed to the ingest-service ({@code --via http}: what a support tool sees).
 *       A read_committed consumer on {@code hypercare.kpis} notes when each item's
 *       {@code first-response-ms|item=<id>} KPI arrives. Latency = arrival minus the event's
 *       <em>intended</em> send time (start + i / rate), so a stall of the sender or the service counts
 *       against every event that should have left during it (no coordinated omission). Events of the
 *       warm-up are sent but not measured; a KPI missing {@link #DRAIN} after the last send is counted missing, and
 *       in the percentiles at its wait until then (a lower bound), as is a POST never answered (see {@link #tally}).
 *       CPU of the metrics-service process ({@code --pid}) per measured event comes with it.</li>
 * </ul>
 */
final class KpiFreshness {

    private static final Duration DRAIN = Duration.ofSeconds(20);

    private KpiFreshness() {
    }

    static String feedbackId(long seed, long index) {
        return UUID.nameUUIDFromBytes(("kpi-" + seed + "-" + index).getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
    }

    /** {@code kpi-prepare}: {@code --records} triaged items (and raw records with {@code --raw true}). */
    static void prepare(Options options) throws Exception {
        long seed = options.getLong("seed");
        long first = options.getLong("first-index");
        long records = options.getLong("records");
        boolean raw = Boolean.parseBoolean(options.get("raw"));
        FeedbackCorpus corpus = FeedbackCorpus.load(DataCommands.dataDir(options), seed);
        TriageDecision decision = new TriageDecision(Category.BUG, Set.of(), Level.MEDIUM, Level.MEDIUM, Priority.P3, 1.0,
                false, new TriageDecision.Explanation("rule:bench", "bench", List.of(), "MEDIUM x MEDIUM -> P3"));
        AtomicReference<Exception> failure = new AtomicReference<>();
        long started = System.nanoTime();
        try (var producer = producer(options.get("bootstrap-servers"), 10)) {
            for (long i = first; i < first + records && failure.get() == null; i++) {
                Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
                RawFeedback item = corpus.raw(i, now);
                item = new RawFeedback(item.schemaVersion(), feedbackId(seed, i), now, item.sourceApp(), item.release(),
                        item.channel(), item.title(), item.text(), item.component(), item.reporter(), item.affectedUsers(),
                        item.clientId(), item.clientTimestamp());
                if (raw) {
                    send(producer, Topics.FEEDBACK_RAW.name(), item.feedbackId(), now,
                            Topics.FEEDBACK_RAW.valueSerde().serializer().serialize(Topics.FEEDBACK_RAW.name(), item), failure);
                }
                TriagedFeedback triaged = TriagedFeedback.of(item, decision, now);
                send(producer, Topics.FEEDBACK_TRIAGED.name(), item.feedbackId(), now,
                        Topics.FEEDBACK_TRIAGED.valueSerde().serializer().serialize(Topics.FEEDBACK_TRIAGED.name(), triaged), failure);
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        Results.log("kpi-prepare: %d triaged items%s in %.1f s", records, raw ? " (and raw records)" : "",
                (System.nanoTime() - started) / 1e9);
    }

    /** {@code kpi}: the open-loop run and its figures under {@code --label}. */
    static void run(Options options) throws Exception {
        String bootstrap = options.get("bootstrap-servers");
        long seed = options.getLong("seed");
        long first = options.getLong("first-index");
        double rate = options.getDouble("rate");
        String via = options.get("via");
        String label = options.get("label");
        long pid = options.getLong("pid");
        long clockTicks = options.getLong("clk-tck");
        long periodNanos = Math.round(1e9 / rate);
        long total = (long) Math.floor((options.getSeconds("warmup").toNanos() + options.getSeconds("duration").toNanos())
                / (double) periodNanos);
        long firstMeasured = (long) Math.ceil(options.getSeconds("warmup").toNanos() / (double) periodNanos);
        if (total > options.getLong("records")) {
            throw new IllegalArgumentException("kpi: " + total + " events need as many prepared items, only "
                    + options.getLong("records") + " were prepared");
        }

        Map<String, Long> intended = new ConcurrentHashMap<>();
        Map<String, Long> arrived = new ConcurrentHashMap<>();
        AtomicLong rejected = new AtomicLong();
        AtomicLong answeredMeasured = new AtomicLong();
        AtomicReference<OpenLoopClient.Outcome> httpOutcome = new AtomicReference<>();
        AtomicBoolean running = new AtomicBoolean(true);
        try (KafkaConsumer<String, String> kpis = CommittedReader.open(bootstrap)) {
            CommittedReader.assignAtEnd(kpis, List.of(Topics.KPIS.name()));
            Thread reader = new Thread(() -> {
                while (running.get()) {
                    for (ConsumerRecord<String, String> record : kpis.poll(Duration.ofMillis(20))) {
                        long now = OpenLoopClient.epochMicros();
                        String[] key = record.key() == null ? new String[0] : record.key().split("\\" + Kpi.SEPARATOR);
                        if (record.value() != null && key.length == 4 && key[1].equals("first-response-ms")
                                && key[2].startsWith("item=")) {
                            arrived.putIfAbsent(key[2].substring("item=".length()), now);
                        }
                    }
                }
            }, "kpi-reader");
            reader.start();

            long cpuBefore = -1;
            long measuredFrom = first + firstMeasured;
            if ("direct".equals(via)) {
                cpuBefore = direct(bootstrap, seed, first, total, firstMeasured, periodNanos, intended, pid);
            } else if ("http".equals(via)) {
                cpuBefore = http(options.get("ingest-url"), seed, first, total, firstMeasured, rate, options, intended, rejected,
                        answeredMeasured, httpOutcome, pid);
            } else {
                throw new IllegalArgumentException("kpi: --via is direct or http, not " + via);
            }
            long loadReturnedMicros = OpenLoopClient.epochMicros();
            long drainUntil = System.currentTimeMillis() + DRAIN.toMillis();
            while (System.currentTimeMillis() < drainUntil && !arrived.keySet().containsAll(intended.keySet())) {
                TimeUnit.MILLISECONDS.sleep(50);
            }
            long drainEndMicros = OpenLoopClient.epochMicros();
            long cpuAfter = ProcessCpu.ticks(pid);
            running.set(false);
            reader.join();

            List<String> ids = new ArrayList<>();
            for (long i = measuredFrom; i < first + total; i++) {
                ids.add(feedbackId(seed, i));
            }
            // POSTs (http) still unanswered at the end of the drain. When there are any, the load returned at its
            // deadline, GRACE after the last intended send: each had waited at least GRACE then, and the drain since.
            OpenLoopClient.Outcome outcome = httpOutcome.get();
            long unanswered = outcome == null ? 0 : Math.max(0, outcome.intended() - outcome.failed() - answeredMeasured.get());
            Tally tally = tally(ids, intended, arrived, drainEndMicros, unanswered,
                    OpenLoopClient.GRACE.toNanos() / 1000 + drainEndMicros - loadReturnedMicros);
            long measured = tally.events();
            double cpuPerEvent = cpuBefore < 0 || cpuAfter < 0 ? Double.NaN
                    : ProcessCpu.microsPer(cpuAfter - cpuBefore, clockTicks, measured);
            Latency figures = Latency.of(tally.latency());
            Results.log("%s: %d events at %.0f/s (%s), %d KPIs missing, %d unanswered, %d refused; p50 %.1f p99 %.1f max %.1f ms; "
                            + "metrics-service cpu %.0f us/event",
                    label, measured, rate, via, tally.missing(), tally.unanswered(), tally.refused(), figures.p50Ms(),
                    figures.p99Ms(), figures.maxMs(), cpuPerEvent);
            Results.put(label + ".rate", rate);
            Results.put(label + ".events", measured);
            Results.put(label + ".missing", tally.missing());
            Results.put(label + ".unanswered", tally.unanswered());
            Results.put(label + ".refused", tally.refused());
            Results.put(label + ".cpu.us", cpuPerEvent);
            figures.put(label);
        }
    }

    /** The figures of the measured events; {@code events}: those accepted (all of them when produced directly). */
    record Tally(Histogram latency, long events, long missing, long unanswered, long refused) {
    }

    /**
     * Latency from each event's intended send to its KPI. A KPI missing at the end of the drain counts at the
     * time from its intended send to then, and each of the {@code unanswered} POSTs (among the ids not
     * accepted) at {@code unansweredAtLeastMicros}: lower bounds, so p99 is not that of the survivors. The
     * other ids not accepted were refused (an error answer): counted, not measured.
     */
    static Tally tally(List<String> ids, Map<String, Long> intended, Map<String, Long> arrived, long drainEndMicros,
                       long unanswered, long unansweredAtLeastMicros) {
        Histogram latency = Latency.newHistogram();
        long events = 0;
        long missing = 0;
        long notAccepted = 0;
        for (String id : ids) {
            Long sent = intended.get(id);
            if (sent == null) {
                notAccepted++;
                continue;
            }
            events++;
            Long at = arrived.get(id);
            if (at == null) {
                missing++;
                Latency.recordAtLeast(latency, drainEndMicros - sent, 1);
            } else {
                Latency.record(latency, at - sent);
            }
        }
        long lost = Math.min(unanswered, notAccepted);
        Latency.recordAtLeast(latency, unansweredAtLeastMicros, lost);
        return new Tally(latency, events, missing, lost, notAccepted - lost);
    }

    /** Produces the events itself at the rate; returns the service's CPU ticks when the measured part began. */
    private static long direct(String bootstrap, long seed, long first, long total, long firstMeasured, long periodNanos,
                               Map<String, Long> intended, long pid) throws Exception {
        AtomicReference<Exception> failure = new AtomicReference<>();
        long cpuBefore = -1;
        // linger 5 ms like the ingest-service's producer: the same batching a lifecycle event sees in production.
        try (var producer = producer(bootstrap, 5)) {
            long startNanos = System.nanoTime();
            long startEpochMicros = OpenLoopClient.epochMicros();
            for (long i = 0; i < total && failure.get() == null; i++) {
                long intendedNanos = startNanos + i * periodNanos;
                OpenLoopClient.parkUntil(intendedNanos);
                if (i == firstMeasured) {
                    cpuBefore = ProcessCpu.ticks(pid);
                }
                String id = feedbackId(seed, first + i);
                Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
                LifecycleEvent event = new LifecycleEvent(LifecycleEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), id,
                        LifecycleType.RESPONDED, "bench", now, now, null, null);
                intended.put(id, startEpochMicros + (intendedNanos - startNanos) / 1000);
                send(producer, Topics.FEEDBACK_LIFECYCLE.name(), id, now,
                        Topics.FEEDBACK_LIFECYCLE.valueSerde().serializer().serialize(Topics.FEEDBACK_LIFECYCLE.name(), event),
                        failure);
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        return cpuBefore;
    }

    /** POSTs the events to the ingest-service at the rate; returns the service's CPU ticks when the measured part began. */
    private static long http(String ingestUrl, long seed, long first, long total, long firstMeasured, double rate,
                             Options options, Map<String, Long> intended, AtomicLong rejected, AtomicLong answeredMeasured,
                             AtomicReference<OpenLoopClient.Outcome> outcome, long pid) throws Exception {
        URI ingest = URI.create(ingestUrl);
        Buffer body = Buffer.buffer("{\"type\":\"RESPONDED\",\"actor\":\"bench\"}");
        AtomicLong cpuBefore = new AtomicLong(-1);
        try (OpenLoopClient client = new OpenLoopClient(ingest, options.getInt("connections"))) {
            outcome.set(client.run(rate, options.getSeconds("warmup"), options.getSeconds("duration"),
                    index -> "/api/v1/feedback/" + feedbackId(seed, first + index) + "/events",
                    index -> {
                        if (index == firstMeasured) {
                            cpuBefore.set(ProcessCpu.ticks(pid));
                        }
                        return body;
                    },
                    (index, status, response, intendedMicros) -> {
                        if (index >= firstMeasured) {
                            answeredMeasured.incrementAndGet();
                        }
                        String id = feedbackId(seed, first + index);
                        if (status == 202) {
                            intended.put(id, intendedMicros);
                        } else {
                            rejected.incrementAndGet();
                        }
                    }));
        }
        return cpuBefore.get();
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrap, int lingerMs) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        config.put(ProducerConfig.LINGER_MS_CONFIG, Integer.toString(lingerMs));
        return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    private static void send(KafkaProducer<String, byte[]> producer, String topic, String key, Instant timestamp, byte[] value,
                             AtomicReference<Exception> failure) {
        producer.send(new ProducerRecord<>(topic, null, timestamp.toEpochMilli(), key, value), (metadata, error) -> {
            if (error != null) {
                failure.compareAndSet(null, error);
            }
        });
    }
}
