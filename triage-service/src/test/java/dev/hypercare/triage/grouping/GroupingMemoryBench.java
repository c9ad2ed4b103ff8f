package dev.hypercare.triage.grouping;

import dev.hypercare.model.Category;
import dev.hypercare.model.Priority;
import dev.hypercare.triage.rules.TriagePolicy;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Live heap held by the issue groups after the service's load, the thread CPU per report spent placing it, and a
 * digest of every decision (test scope, not run by surefire): how a change to {@link IssueGrouping}'s memory shows
 * its effect and that it changed no grouping.
 *
 * <p>Load: the bench module's corpus ({@code dev.hypercare.bench.FeedbackCorpus}, seed 1, the reports {@code bench/run}
 * produces: 6 apps x 3 releases, reviews and hypercare-style reports), every item grouped as a BUG one second apart,
 * the service's settings (similarity 0.2, horizon 14 days, 100 candidate groups, 4-5-grams). The corpus class is read
 * from {@code bench/target/bench.jar} by reflection, so this module does not depend on the bench module.
 *
 * <p>Heap: used heap after repeated {@code System.gc()} with the groupings held, minus the same with them dropped (run
 * with {@code -XX:+UseSerialGC} so a full collection is one call). Digest: SHA-256 over each report's issue id,
 * created and escalated flags, count, priority and representative text; and the same with each centroid (terms and
 * weights' bits, by term: the centroid's order is not a decision).
 *
 * <pre>
 * ./mvnw -q -pl triage-service test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -XX:+UseSerialGC -Xmx1g -cp "triage-service/target/test-classes:triage-service/target/classes:bench/target/bench.jar:$(cat triage-service/target/cp.txt)" \
 *     dev.hypercare.triage.grouping.GroupingMemoryBench 100000 ../shared/data/classification
 * </pre>
 */
public final class GroupingMemoryBench {

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Path dir = Path.of(args.length > 1 ? args[1] : "../shared/data/classification");
        Class<?> corpusClass = Class.forName("dev.hypercare.bench.FeedbackCorpus");
        Object corpus = corpusClass.getMethod("load", Path.class, long.class).invoke(null, dir, 1L);
        Method item = corpusClass.getMethod("item", long.class);
        Class<?> itemClass = Class.forName("dev.hypercare.bench.FeedbackCorpus$Item");
        Method app = itemClass.getMethod("sourceApp");
        Method release = itemClass.getMethod("release");
        Method title = itemClass.getMethod("title");
        Method text = itemClass.getMethod("text");
        String[] keys = new String[records];
        String[] texts = new String[records];
        for (int i = 0; i < records; i++) {
            Object it = item.invoke(corpus, (long) i);
            keys[i] = app.invoke(it) + "|" + release.invoke(it);
            String t = (String) title.invoke(it);
            texts[i] = t == null ? (String) text.invoke(it) : t + ". " + text.invoke(it);
        }
        long baseline = liveHeap();

        TriagePolicy.Thresholds thresholds = new TriagePolicy.Thresholds(0.6, 0.2, 10, Duration.ofMinutes(15));
        Map<String, IssueGrouping> byRelease = new HashMap<>();
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        MessageDigest decisions = MessageDigest.getInstance("SHA-256");
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        Instant t0 = Instant.parse("2026-11-02T08:00:00Z");
        long start = cpu.getCurrentThreadCpuTime();
        long secondHalf = 0;
        for (int i = 0; i < records; i++) {
            if (i == records / 2) {
                secondHalf = cpu.getCurrentThreadCpuTime();
            }
            String key = keys[i];
            IssueGrouping grouping = byRelease.computeIfAbsent(key, k -> {
                int cut = k.indexOf('|');
                return new IssueGrouping(k.substring(0, cut), k.substring(cut + 1), List.of(), ReportTerms.CHAR_NGRAMS);
            });
            IssueGrouping.Result r = grouping.add("f" + i, texts[i], Category.BUG, Priority.P3, t0.plusSeconds(i), thresholds,
                    Duration.ofDays(14), 100);
            IssueState g = r.group();
            StringBuilder line = new StringBuilder().append(g.issueId()).append(r.created()).append(r.escalated())
                    .append(g.count()).append(g.priority()).append(g.representativeText());
            decisions.update(line.toString().getBytes(StandardCharsets.UTF_8));
            // The centroid by term: its order (heaviest first, or a copy's hash order before) is not a decision.
            new TreeMap<>(g.centroid()).forEach((term, weight) -> line.append(term).append(Double.doubleToLongBits(weight)));
            digest.update(line.toString().getBytes(StandardCharsets.UTF_8));
        }
        long end = cpu.getCurrentThreadCpuTime();
        long held = liveHeap();
        int groups = byRelease.values().stream().mapToInt(IssueGrouping::size).sum();
        System.out.printf(Locale.ROOT, "%d reports, %d releases, %d groups%n", records, byRelease.size(), groups);
        System.out.printf(Locale.ROOT, "thread CPU per report: %.1f us (all), %.1f us (second half)%n",
                (end - start) / 1000.0 / records, (end - secondHalf) / 1000.0 / (records - records / 2));
        System.out.printf(Locale.ROOT, "live heap held by the groupings: %.1f MB (%d bytes per group)%n",
                (held - baseline) / 1e6, groups == 0 ? 0 : (held - baseline) / groups);
        System.out.println("decisions digest " + HexFormat.of().formatHex(decisions.digest()).substring(0, 16)
                + ", with centroids " + HexFormat.of().formatHex(digest.digest()).substring(0, 16));
        if (Boolean.getBoolean("histogram.pause")) {
            System.out.println("pid " + ProcessHandle.current().pid() + ": jcmd <pid> GC.class_histogram now; Enter to end");
            System.in.read();
        }
        // Keep the groupings reachable until here.
        System.out.println(new TreeMap<>(byRelease).size() + " groupings kept");
    }

    private static long liveHeap() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            Runtime rt = Runtime.getRuntime();
            used = Math.min(used, rt.totalMemory() - rt.freeMemory());
        }
        return used;
    }
}
