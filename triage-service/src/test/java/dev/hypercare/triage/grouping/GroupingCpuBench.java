package dev.hypercare.triage.grouping;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hypercare.kafka.Json;
import dev.hypercare.model.Category;
import dev.hypercare.model.Priority;
import dev.hypercare.triage.rules.TriagePolicy;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Thread CPU per report of {@link IssueGrouping#add} (test scope, not run by surefire): the shipped report vector
 * (default: {@link CharNgramTermVector}, 4-5-grams) against word prefixes ({@link TermVector}) and 3-5-grams, in alternating rounds in
 * one JVM, on the same reports. Thread CPU time, not wall clock: the machine is shared.
 *
 * <p>Load: the 7,998 Mini-BAR reviews of {@code ../shared/data/classification}, each app's split over two releases
 * (as the stream keys groups by app|release), one second apart, the service's settings (similarity 0.2, horizon 14
 * days, 100 candidate groups). Each round places all of them in fresh groupings; the first rounds warm the JIT.
 *
 * <pre>
 * ./mvnw -q -pl triage-service test-compile
 * java -cp triage-service/target/test-classes:triage-service/target/classes:$(cat triage-service/target/cp.txt) \
 *     dev.hypercare.triage.grouping.GroupingCpuBench [rounds] [../shared/data/classification] [candidate groups, 100]
 * </pre>
 */
public final class GroupingCpuBench {

    public static void main(String[] args) throws IOException {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 11;
        Path dir = Path.of(args.length > 1 ? args[1] : "../shared/data/classification");
        int maxGroups = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        List<String[]> reports = new ArrayList<>();
        for (String file : List.of("minibar-en.jsonl", "minibar-fr.jsonl")) {
            for (String line : Files.readAllLines(dir.resolve(file))) {
                if (!line.isBlank()) {
                    JsonNode row = Json.mapper().readTree(line);
                    String title = row.path("title").asText("");
                    String text = title.isEmpty() ? row.path("text").asText() : title + ". " + row.path("text").asText();
                    reports.add(new String[] {row.path("app").asText(), text});
                }
            }
        }
        // Interleave the languages, as a stream of one app would hold them.
        List<String[]> mixed = new ArrayList<>();
        int half = reports.size() / 2;
        for (int i = 0; i < half; i++) {
            mixed.add(reports.get(i));
            mixed.add(reports.get(half + i));
        }
        mixed.addAll(reports.subList(2 * half, reports.size()));

        TriagePolicy.Thresholds thresholds = new TriagePolicy.Thresholds(0.6, 0.2, 10, Duration.ofMinutes(15));
        Map<String, Function<String, Map<String, Double>>> variants = new java.util.LinkedHashMap<>();
        variants.put("word prefixes", TermVector::of);
        variants.put("char 3-5-grams", text -> CharNgramTermVector.of(text, 3, 5));
        variants.put("char 4-5-grams (default)", CharNgramTermVector::of);
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        Map<String, List<Double>> perReport = new HashMap<>();
        Map<String, Integer> groupCounts = new HashMap<>();
        int warmUp = 3;
        for (int round = 0; round < warmUp + rounds; round++) {
            for (var variant : variants.entrySet()) {
                Map<String, IssueGrouping> byRelease = new HashMap<>();
                Instant t = Instant.parse("2025-01-01T00:00:00Z");
                long start = cpu.getCurrentThreadCpuTime();
                for (int i = 0; i < mixed.size(); i++) {
                    String release = mixed.get(i)[0] + "|" + (i % 2);
                    IssueGrouping grouping = byRelease.computeIfAbsent(release,
                            r -> new IssueGrouping("app", r, List.of(), variant.getValue()));
                    grouping.add("r" + i, mixed.get(i)[1], Category.BUG, Priority.P3, t.plusSeconds(i), thresholds,
                            Duration.ofDays(14), maxGroups);
                }
                long used = cpu.getCurrentThreadCpuTime() - start;
                if (round >= warmUp) {
                    perReport.computeIfAbsent(variant.getKey(), k -> new ArrayList<>()).add(used / 1000.0 / mixed.size());
                }
                groupCounts.put(variant.getKey(), byRelease.values().stream().mapToInt(IssueGrouping::size).sum());
            }
        }
        System.out.printf(Locale.ROOT, "%d reports, %d candidate groups, %d measured rounds after %d warm-up rounds%n", mixed.size(),
                maxGroups, rounds, warmUp);
        perReport.forEach((name, values) -> {
            double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            System.out.printf(Locale.ROOT, "%-28s median %.1f us/report (min %.1f, max %.1f), %d groups%n", name, v[v.length / 2],
                    v[0], v[v.length - 1], groupCounts.get(name));
        });
        System.out.println(Arrays.toString(perReport.keySet().toArray()));
    }
}
