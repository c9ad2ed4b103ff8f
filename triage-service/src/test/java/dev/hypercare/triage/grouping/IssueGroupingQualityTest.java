package dev.hypercare.triage.grouping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hypercare.kafka.Json;
import dev.hypercare.model.Category;
import dev.hypercare.model.Priority;
import dev.hypercare.triage.rules.TriagePolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Measures the recurring-issue grouping on the labelled clusters of {@code ../shared/data/clustering} (never
 * copied into the repository): every report of one app is fed, in file order, to the same
 * {@link IssueGrouping} the stream processor uses, and the groups are compared with the researchers' clusters
 * (adjusted Rand index, pairwise precision and recall of "same issue" pairs), with the service's default report
 * terms (character 4-5-grams; {@code -Dgrouping.terms=word-prefixes} for the alternative).
 *
 * <p>Run alone, with the figures printed: {@code ./mvnw -q -pl triage-service test -Dtest=IssueGroupingQualityTest}.
 * Other thresholds: {@code -Dgrouping.similarity=0.25}. Skipped when the data is not beside the checkout.
 */
class IssueGroupingQualityTest {

    /** shared/ lies beside the checkout; tests run in the module's folder. */
    private static final Path DATA = Path.of("../../shared/data/clustering");

    record Scores(int n, int clusters, int groups, double ari, double precision, double recall) {
    }

    @Test
    void shouldReportGroupingQualityPerAppOnTheLabelledClusters() throws IOException {
        Path dir = dataDir();
        assumeTrue(dir != null, "no ../shared/data/clustering beside the checkout");
        double similarity = Double.parseDouble(System.getProperty("grouping.similarity",
                Double.toString(defaults().groupSimilarity())));
        TriagePolicy.Thresholds thresholds = new TriagePolicy.Thresholds(0.6, similarity, 10, Duration.ofMinutes(15));

        Map<String, Scores> results = new TreeMap<>();
        try (var files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".jsonl")).sorted().toList()) {
                Map<String, List<JsonNode>> byApp = new LinkedHashMap<>();
                for (String line : Files.readAllLines(file)) {
                    if (!line.isBlank()) {
                        JsonNode row = Json.mapper().readTree(line);
                        byApp.computeIfAbsent(row.path("app").asText(), a -> new ArrayList<>()).add(row);
                    }
                }
                byApp.forEach((app, rows) -> results.put(file.getFileName() + " / " + app, score(rows, thresholds)));
            }
        }

        System.out.printf(Locale.ROOT, "Issue grouping (%s) at similarity %.2f%n%-52s %5s %8s %6s %6s %9s %6s%n", terms(), similarity,
                "file / app", "n", "clusters", "groups", "ARI", "pair-prec", "recall");
        results.forEach((name, s) -> System.out.printf(Locale.ROOT, "%-52s %5d %8d %6d %6.3f %9.3f %6.3f%n",
                name, s.n(), s.clusters(), s.groups(), s.ari(), s.precision(), s.recall()));
        double meanAri = results.values().stream().mapToDouble(Scores::ari).average().orElse(0);
        System.out.printf(Locale.ROOT, "mean ARI %.3f%n", meanAri);
        // A regression guard below the measured level, not the 0.6 target (see docs/triage-quality.md): at the shipped
        // 0.2 the default character 4-5-grams measure 0.192 (word prefixes 0.118, which this would fail); other
        // thresholds and word prefixes only print their figures, with a looser guard.
        boolean shipped = similarity == defaults().groupSimilarity() && terms() == ReportTerms.CHAR_NGRAMS;
        assertThat(meanAri).isGreaterThan(shipped ? 0.17 : 0.05);
    }

    /** {@code -Dgrouping.terms=word-prefixes} measures the alternative; the service's default otherwise. */
    static ReportTerms terms() {
        return ReportTerms.valueOf(System.getProperty("grouping.terms", "char-ngrams").toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    static TriagePolicy.Thresholds defaults() {
        return new TriagePolicy.Thresholds(0.6, 0.2, 10, Duration.ofMinutes(15));
    }

    private static Path dataDir() {
        for (Path candidate : List.of(DATA, Path.of("../shared/data/clustering"))) {
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    static Scores score(List<JsonNode> rows, TriagePolicy.Thresholds thresholds) {
        IssueGrouping grouping = new IssueGrouping("app", "r", List.of(), terms());
        Instant t = Instant.parse("2025-01-01T00:00:00Z");
        String[] truth = new String[rows.size()];
        String[] predicted = new String[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            truth[i] = rows.get(i).path("cluster").asText();
            predicted[i] = grouping.add("r" + i, rows.get(i).path("text").asText(), Category.BUG, Priority.P3,
                    t.plusSeconds(60L * i), thresholds, Duration.ofDays(3650), 100_000).group().issueId();
        }
        double[] pairs = pairPrecisionRecall(truth, predicted);
        return new Scores(truth.length, (int) java.util.Arrays.stream(truth).distinct().count(),
                (int) java.util.Arrays.stream(predicted).distinct().count(), adjustedRandIndex(truth, predicted),
                pairs[0], pairs[1]);
    }

    /** Precision and recall of the "same issue" pairs: {precision, recall}. */
    static double[] pairPrecisionRecall(String[] truth, String[] predicted) {
        long tp = 0;
        long fp = 0;
        long fn = 0;
        for (int i = 0; i < truth.length; i++) {
            for (int j = i + 1; j < truth.length; j++) {
                boolean same = truth[i].equals(truth[j]);
                boolean together = predicted[i].equals(predicted[j]);
                if (same && together) {
                    tp++;
                } else if (together) {
                    fp++;
                } else if (same) {
                    fn++;
                }
            }
        }
        return new double[] {tp / (double) Math.max(1, tp + fp), tp / (double) Math.max(1, tp + fn)};
    }

    /** Hubert and Arabie's adjusted Rand index from the contingency table. */
    static double adjustedRandIndex(String[] a, String[] b) {
        Map<String, Long> cells = new HashMap<>();
        Map<String, Long> rows = new HashMap<>();
        Map<String, Long> cols = new HashMap<>();
        for (int i = 0; i < a.length; i++) {
            cells.merge(a[i] + "\u0000" + b[i], 1L, Long::sum);
            rows.merge(a[i], 1L, Long::sum);
            cols.merge(b[i], 1L, Long::sum);
        }
        double index = cells.values().stream().mapToDouble(IssueGroupingQualityTest::pairs).sum();
        double sumRows = rows.values().stream().mapToDouble(IssueGroupingQualityTest::pairs).sum();
        double sumCols = cols.values().stream().mapToDouble(IssueGroupingQualityTest::pairs).sum();
        double expected = sumRows * sumCols / pairs(a.length);
        double max = (sumRows + sumCols) / 2;
        return max == expected ? 1.0 : (index - expected) / (max - expected);
    }

    private static double pairs(long n) {
        return n * (n - 1) / 2.0;
    }
}
