package dev.hypercare.triage.streams;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hypercare.kafka.Json;
import dev.hypercare.kafka.JsonSerde;
import dev.hypercare.kafka.Topic;
import dev.hypercare.kafka.Topics;
import dev.hypercare.model.FeedbackChannel;
import dev.hypercare.model.RawFeedback;
import dev.hypercare.triage.TestPolicies;
import dev.hypercare.triage.TriageMetrics;
import dev.hypercare.triage.classifier.ClassifierModels;
import dev.hypercare.triage.classifier.FeedbackClassifier;
import dev.hypercare.triage.enrich.Enricher;
import dev.hypercare.triage.enrich.LanguageDetector;
import dev.hypercare.triage.enrich.SentimentModel;
import dev.hypercare.triage.rules.Categoriser;
import dev.hypercare.triage.rules.LivePolicy;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * CPU per record of the real triage topology, in one thread, without a broker: a measuring tool, not a test of
 * speed (nothing here fails on a slow machine). Its stores are in memory ({@code TopologyTestDriver} commits, so
 * flushes RocksDB into a new file, after every record), so this measures the processing, serialisation and store
 * logic; the Kafka clients' and RocksDB's share is what {@code bench/run} adds on a real broker. The process CPU
 * includes Lingua's work on the common fork-join pool, and GC and JIT. It also prints a digest of every output record (triaged, the
 * four priority topics, issues, dead letters), so a change meant to make triage cheaper can show that it
 * changed no decision: same corpus, same digest. Off unless asked for:
 *
 * <pre>
 * ./mvnw -q -pl triage-service test -Dtest=TriageCpuPerRecordBench -Dhypercare.bench.records=20000 \
 *     [-Dhypercare.bench.outputs=target/bench-outputs.txt]   (every output record, one a line, to diff two runs)
 * </pre>
 *
 * The corpus: the real app-store reviews of {@code ../shared/data/classification} (when there) mixed 3:1 with
 * hypercare-style reports, as the {@code bench} module's corpus does, over 3 apps x 2 releases, 50 ms apart in
 * event time, 1 record in 50 sent twice (de-duplication) and 1 in 500 unparseable (dead letter). The first
 * third warms the JIT up and is not measured.
 */
@EnabledIfSystemProperty(named = "hypercare.bench.records", matches = "\\d+")
class TriageCpuPerRecordBench {

    private static final JsonSerde<RawFeedback> RAW = new JsonSerde<>(RawFeedback.class);
    private static final Instant T0 = Instant.parse("2025-03-03T09:00:00Z");
    /** The service's candidate languages (application.properties), not the tests' shorter list. */
    private static final List<String> LANGUAGES = List.of("en", "fr", "de", "es", "it", "nl", "pt");
    private static final List<String> REPORTS = List.of(
            "Checkout is down, every payment fails with a 500 error since the 2.4.0 deployment this morning.",
            "The login page is down for all our users in Europe, they get a blank screen after entering the password.",
            "After the update I can see another customer's invoices in my account, this looks like a security problem.",
            "All my saved drafts disappeared after the upgrade, we lost a week of data entry for the whole team.",
            "Search has become very slow since the release, a simple query takes more than 20 seconds to return results.",
            "The new dashboard is not usable with a screen reader, the buttons have no labels and focus jumps around.",
            "It would be great to export the monthly report as CSV as well as PDF, our finance team needs it.",
            "How do I change the billing address on an existing subscription? I cannot find the setting anymore.",
            "Great job on the new release, the app feels much faster and the dark mode looks really nice.",
            "Sync fails intermittently with 'connection reset' on mobile data, works again after a restart of the app.",
            "Le paiement ne fonctionne plus depuis la mise à jour, tous nos clients ont une erreur 503 au moment de valider.",
            "Impossible de se connecter depuis ce matin, le site est en panne pour toute l'équipe support.",
            "Après la mise à jour, des données ont disparu de mon historique, c'est une perte de données grave.",
            "L'application est devenue très lente, chaque page met plus de dix secondes à s'afficher.",
            "Merci pour la nouvelle version, l'interface est plus claire et beaucoup plus agréable à utiliser.",
            "Serait-il possible d'ajouter un export Excel des tableaux de bord ? Ce serait très utile pour nos rapports.",
            "Notifications arrive twice on Android 14 since 2.4.1, and tapping one opens the wrong conversation.",
            "Password reset emails are not delivered to Outlook addresses, our customers are locked out.",
            "The API returns 502 errors for about one request in ten since the migration, our integration is failing.",
            "Comment puis-je ajouter un deuxième administrateur sur notre compte entreprise ?");
    private static final List<String> APPS = List.of("shop-web", "shop-ios", "backoffice");
    private static final List<String> COMPONENTS = List.of("payments", "login", "search", "sync", "dashboard", "");

    @Test
    void shouldReportCpuPerRecordAndADigestOfEveryOutput() throws Exception {
        int records = Integer.getInteger("hypercare.bench.records");
        List<String> reviews = reviews();
        List<byte[][]> input = corpus(records, reviews);

        Enricher enricher = new Enricher(new LanguageDetector(LANGUAGES), SentimentModel.fromClasspath(SentimentModel.DEFAULT_RESOURCE));
        FeedbackClassifier classifier = ClassifierModels.loadDefault();
        LivePolicy policy = TestPolicies.live();
        var topology = new TriageTopology(policy, enricher, new Categoriser(classifier),
                new TriageTopology.Settings(Duration.ofDays(7), Duration.ofDays(14), 100), TriageMetrics.inMemory()).build(true);
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "triage-cpu-bench");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        config.put(StreamsConfig.STATE_DIR_CONFIG, "target/topology-bench-state/" + UUID.randomUUID());

        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long processStart = 0;
        int warmup = records / 3;
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        String outputsFile = System.getProperty("hypercare.bench.outputs");
        long outputs = 0;
        long cpuNs;
        long processNs;
        try (TopologyTestDriver driver = new TopologyTestDriver(topology, config);
             PrintWriter lines = outputsFile == null ? null : new PrintWriter(Files.newBufferedWriter(Path.of(outputsFile)))) {
            TestInputTopic<byte[], byte[]> raw = driver.createInputTopic(Topics.FEEDBACK_RAW.name(),
                    Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer());
            List<TestOutputTopic<byte[], byte[]>> out = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (Topic<?, ?> t : List.<Topic<?, ?>>of(Topics.FEEDBACK_TRIAGED, Topics.PRIORITY_P1, Topics.PRIORITY_P2,
                    Topics.PRIORITY_P3, Topics.PRIORITY_P4, Topics.ISSUES, Topics.DEADLETTER)) {
                out.add(driver.createOutputTopic(t.name(), Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer()));
                names.add(t.name());
            }
            long start = 0;
            for (int i = 0; i < input.size(); i++) {
                if (i == warmup) {
                    start = threads.getCurrentThreadCpuTime();
                    processStart = os.getProcessCpuTime();
                }
                byte[][] r = input.get(i);
                raw.pipeInput(r[0], r[1], Long.parseLong(new String(r[2], StandardCharsets.US_ASCII)));
                // Drained as we go (the driver keeps outputs in memory); the digest is part of the measured CPU,
                // a few microseconds per output record at most, the same before and after a change.
                if ((i & 255) == 255 || i == input.size() - 1) {
                    outputs += drain(out, names, digest, lines);
                }
            }
            cpuNs = threads.getCurrentThreadCpuTime() - start;
            processNs = os.getProcessCpuTime() - processStart;
        }
        int measured = input.size() - warmup;
        String hex = HexFormat.of().formatHex(digest.digest());
        System.out.printf(Locale.ROOT, "%nTRIAGE-BENCH records=%d measured=%d cpu=%.1f us/record (thread), %.1f us/record (process) outputs=%d digest=%s "
                        + "classifier=%s%n", input.size(), measured, cpuNs / 1000.0 / measured, processNs / 1000.0 / measured, outputs, hex, classifier.version());
        stages(input.subList(0, Math.min(input.size(), 6000)), enricher, new Categoriser(classifier), policy, classifier);
        assertThat(outputs).isPositive();
    }

    private static long drain(List<TestOutputTopic<byte[], byte[]>> out, List<String> names, MessageDigest digest,
                              PrintWriter lines) {
        long n = 0;
        for (int t = 0; t < out.size(); t++) {
            for (TestRecord<byte[], byte[]> rec : out.get(t).readRecordsToList()) {
                byte[] topic = names.get(t).getBytes(StandardCharsets.UTF_8);
                digest.update(topic);
                if (rec.key() != null) {
                    digest.update(rec.key());
                }
                if (rec.value() != null) {
                    digest.update(rec.value());
                }
                if (lines != null) {
                    lines.println(names.get(t) + "\t" + (rec.key() == null ? "" : new String(rec.key(), StandardCharsets.UTF_8))
                            + "\t" + (rec.value() == null ? "" : new String(rec.value(), StandardCharsets.UTF_8)));
                }
                n++;
            }
        }
        return n;
    }

    /** CPU per record of each step alone, on the same items: where the topology's time goes, roughly. */
    private static void stages(List<byte[][]> input, Enricher enricher, Categoriser categoriser, LivePolicy policy,
                               FeedbackClassifier classifier) {
        List<RawFeedback> items = new ArrayList<>();
        for (byte[][] r : input) {
            try {
                items.add(RAW.fromBytes(r[1]));
            } catch (RuntimeException e) {
                // the unparseable ones
            }
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int round = 0; round < 2; round++) {
            long t0 = threads.getCurrentThreadCpuTime();
            for (byte[][] r : input) {
                try {
                    RAW.fromBytes(r[1]);
                } catch (RuntimeException e) {
                    // the unparseable ones
                }
            }
            long t1 = threads.getCurrentThreadCpuTime();
            for (RawFeedback f : items) {
                enricher.enrich(f);
            }
            long t2 = threads.getCurrentThreadCpuTime();
            for (RawFeedback f : items) {
                policy.current().rules().categorise(f);
            }
            long t3 = threads.getCurrentThreadCpuTime();
            for (RawFeedback f : items) {
                classifier.classify(f.title(), f.text());
            }
            long t4 = threads.getCurrentThreadCpuTime();
            for (RawFeedback f : items) {
                categoriser.categorise(policy.current(), f);
            }
            long t5 = threads.getCurrentThreadCpuTime();
            double n = items.size() * 1000.0;
            if (round == 1) {
                System.out.printf(Locale.ROOT, "TRIAGE-BENCH stages (us/record over %d items): parse %.1f, enrich %.1f, rules %.1f, "
                                + "classifier (every item) %.1f, categorise (rules + classifier when needed) %.1f%n",
                        items.size(), (t1 - t0) / n, (t2 - t1) / n, (t3 - t2) / n, (t4 - t3) / n, (t5 - t4) / n);
            }
        }
    }

    /** key, value, timestamp (as text) of every input record, deterministic. */
    private static List<byte[][]> corpus(int records, List<String> reviews) {
        SplittableRandom random = new SplittableRandom(42);
        List<byte[][]> out = new ArrayList<>(records);
        byte[][] previous = null;
        for (int i = 0; i < records; i++) {
            long time = T0.toEpochMilli() + i * 50L;
            if (previous != null && i % 50 == 49) {
                out.add(new byte[][] {previous[0], previous[1], Long.toString(time).getBytes(StandardCharsets.US_ASCII)});
                continue;
            }
            String id = "fb-" + i;
            if (i % 500 == 499) {
                out.add(new byte[][] {id.getBytes(StandardCharsets.UTF_8), "{not json".getBytes(StandardCharsets.UTF_8),
                        Long.toString(time).getBytes(StandardCharsets.US_ASCII)});
                continue;
            }
            boolean report = reviews.isEmpty() || random.nextInt(4) == 0;
            String text = report ? REPORTS.get(random.nextInt(REPORTS.size())) : reviews.get(random.nextInt(reviews.size()));
            String title = random.nextInt(5) == 0 ? "Re: " + text.substring(0, Math.min(30, text.length())) : null;
            String app = APPS.get(random.nextInt(APPS.size()));
            String release = "2025." + (3 + random.nextInt(2)) + ".0";
            FeedbackChannel channel = FeedbackChannel.values()[random.nextInt(FeedbackChannel.values().length)];
            String component = COMPONENTS.get(random.nextInt(COMPONENTS.size()));
            Integer affected = random.nextInt(3) == 0 ? random.nextInt(300) : null;
            RawFeedback f = new RawFeedback(RawFeedback.SCHEMA_VERSION, id, Instant.ofEpochMilli(time), app, release, channel,
                    title, text, component.isEmpty() ? null : component, "user-" + random.nextInt(1000), affected, null, null);
            previous = new byte[][] {id.getBytes(StandardCharsets.UTF_8), RAW.toBytes(f), null};
            out.add(new byte[][] {previous[0], previous[1], Long.toString(time).getBytes(StandardCharsets.US_ASCII)});
        }
        return out;
    }

    private static List<String> reviews() throws IOException {
        for (Path dir : List.of(Path.of("../../shared/data/classification"), Path.of("../shared/data/classification"))) {
            if (Files.isDirectory(dir)) {
                List<String> texts = new ArrayList<>();
                try (var files = Files.list(dir)) {
                    for (Path file : files.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList()) {
                        for (String line : Files.readAllLines(file)) {
                            if (!line.isBlank()) {
                                JsonNode row = Json.mapper().readTree(line);
                                String text = row.path("text").asText("");
                                if (text.length() >= 80 && text.length() <= 700) {
                                    texts.add(text);
                                }
                            }
                        }
                    }
                }
                return texts;
            }
        }
        return List.of();
    }
}
