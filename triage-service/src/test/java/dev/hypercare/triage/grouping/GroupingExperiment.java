package dev.hypercare.triage.grouping;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hypercare.kafka.Json;
import dev.hypercare.triage.rules.TextNormalizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.de.GermanAnalyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.es.SpanishAnalyzer;
import org.apache.lucene.analysis.fr.FrenchAnalyzer;

/**
 * Test-scope harness (not run by surefire, not shipped) behind the variant table of "Recurring-issue grouping" in
 * docs/triage-quality.md: online single-pass grouping of each app's labelled reports with other report vectors,
 * weightings and joining rules, every setting (the threshold included) chosen on one app's two files and scored on
 * the other app's, both directions. An online simulation like {@link IssueGrouping}: a report is compared only with
 * the groups formed before it, and the IDF only knows the reports seen so far.
 *
 * <pre>
 * ./mvnw -q -pl triage-service test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java [-Dat=0.2 | -Dmode=real [-DmaxGroups=100] | -Dmode=category] \
 *     -cp triage-service/target/test-classes:triage-service/target/classes:$(cat triage-service/target/cp.txt) \
 *     dev.hypercare.triage.grouping.GroupingExperiment [../shared/data/clustering] [variant name filter]
 * </pre>
 */
public final class GroupingExperiment {

    enum Features { WORDS, CHARS, WORDS_CHARS, WORDS_FULL }

    enum Join { CENTROID, SINGLE_LINK, MEAN_TOP3, CENTROID_UNIT }

    record Variant(String name, Features features, boolean idf, boolean sublinear, boolean stop, Join join, int centroidTerms,
                   int minN, int maxN, double charShare) {
        Variant(String name, Features features, boolean idf, boolean sublinear, boolean stop, Join join, int centroidTerms) {
            this(name, features, idf, sublinear, stop, join, centroidTerms, 3, 5, 0.5);
        }
    }

    record Row(String cluster, String text, boolean bug) {
    }

    record Scores(double ari, double precision, double recall, int groups) {
    }

    private static final Set<String> STOP = stopWords();
    /** Candidate groups per report in {@code -Dmode=real} ({@code -DmaxGroups=100} is the service's setting). */
    private static final int MAX_GROUPS = Integer.getInteger("maxGroups", 100_000);

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "../shared/data/clustering");
        Map<String, List<Row>> bug = read(dir.resolve("minibar-bug.jsonl"), true);
        Map<String, List<Row>> fr = read(dir.resolve("minibar-feature-request.jsonl"), false);
        List<String> apps = new ArrayList<>(bug.keySet());
        List<Variant> variants = variants(args);
        double[] grid = new double[24];
        for (int i = 0; i < grid.length; i++) {
            grid[i] = 0.05 + 0.025 * i;
        }
        if ("category".equals(System.getProperty("mode"))) {
            category(bug, fr, apps, grid);
            return;
        }
        if ("real".equals(System.getProperty("mode"))) {
            real(bug, fr, apps, grid);
            return;
        }
        String fixed = System.getProperty("at");
        if (fixed != null) {
            double t = Double.parseDouble(fixed);
            for (Variant v : variants) {
                for (String app : apps) {
                    Scores b = score(bug.get(app), v, t);
                    Scores f = score(fr.get(app), v, t);
                    System.out.printf(Locale.ROOT, "%-44s %-8s at %.3f: bug %.3f %.3f/%.3f g=%d  FR %.3f %.3f/%.3f g=%d%n", v.name(),
                            app.substring(0, 6), t, b.ari(), b.precision(), b.recall(), b.groups(), f.ari(), f.precision(),
                            f.recall(), f.groups());
                }
            }
            return;
        }
        System.out.printf(Locale.ROOT, "%-44s | %-8s %5s | %-28s | %-28s | %s%n", "variant", "chosen on", "t",
                "held-out bug ARI P/R", "held-out FR ARI P/R", "held-out mean (train mean)");
        for (Variant v : variants) {
            double heldSum = 0;
            for (String train : apps) {
                String test = apps.get(1 - apps.indexOf(train));
                double bestT = 0;
                double bestTrain = -1;
                for (double t : grid) {
                    double m = (score(bug.get(train), v, t).ari() + score(fr.get(train), v, t).ari()) / 2;
                    if (m > bestTrain + 1e-12) {
                        bestTrain = m;
                        bestT = t;
                    }
                }
                Scores b = score(bug.get(test), v, bestT);
                Scores f = score(fr.get(test), v, bestT);
                double held = (b.ari() + f.ari()) / 2;
                heldSum += held;
                System.out.printf(Locale.ROOT, "%-44s | %-8s %5.3f | %.3f %.3f/%.3f g=%3d | %.3f %.3f/%.3f g=%3d | %.3f (%.3f)%n",
                        v.name(), train.substring(0, 6), bestT, b.ari(), b.precision(), b.recall(), b.groups(),
                        f.ari(), f.precision(), f.recall(), f.groups(), held, bestTrain);
            }
            System.out.printf(Locale.ROOT, "%-44s | mean held-out ARI %.3f%n", v.name(), heldSum / 2);
        }
    }

    /**
     * The same protocol through the service's own {@link IssueGrouping} (its norm caching, its 40-term centroids), with
     * the shipped vector and the character n-gram ones ({@code -Dmode=real}).
     */
    static void real(Map<String, List<Row>> bug, Map<String, List<Row>> fr, List<String> apps, double[] grid) {
        Map<String, java.util.function.Function<String, Map<String, Double>>> vectors = new LinkedHashMap<>();
        vectors.put("IssueGrouping, word prefixes (shipped)", TermVector::of);
        vectors.put("IssueGrouping, char 3-5-grams", text -> CharNgramTermVector.of(text, 3, 5));
        vectors.put("IssueGrouping, char 4-5-grams", text -> CharNgramTermVector.of(text, 4, 5));
        vectors.forEach((name, vector) -> {
            double heldSum = 0;
            for (String train : apps) {
                String test = apps.get(1 - apps.indexOf(train));
                double bestT = 0;
                double bestTrain = -1;
                for (double t : grid) {
                    double m = (real(bug.get(train), vector, t).ari() + real(fr.get(train), vector, t).ari()) / 2;
                    if (m > bestTrain + 1e-12) {
                        bestTrain = m;
                        bestT = t;
                    }
                }
                Scores b = real(bug.get(test), vector, bestT);
                Scores f = real(fr.get(test), vector, bestT);
                heldSum += (b.ari() + f.ari()) / 2;
                Scores b2 = real(bug.get(test), vector, 0.2);
                Scores f2 = real(fr.get(test), vector, 0.2);
                System.out.printf(Locale.ROOT,
                        "%-40s | %-8s %5.3f | bug %.3f %.3f/%.3f g=%3d | FR %.3f %.3f/%.3f g=%3d | %.3f (%.3f) | at 0.2: bug %.3f FR %.3f%n",
                        name, train.substring(0, 6), bestT, b.ari(), b.precision(), b.recall(), b.groups(), f.ari(), f.precision(),
                        f.recall(), f.groups(), (b.ari() + f.ari()) / 2, bestTrain, b2.ari(), f2.ari());
            }
            System.out.printf(Locale.ROOT, "%-40s | mean held-out ARI %.3f%n", name, heldSum / 2);
        });
    }

    /**
     * Whether the category should partition the groups ({@code -Dmode=category}): each app's bug and feature-request
     * reports interleaved in one stream (clusters told apart by file), grouped by the service's {@link IssueGrouping}
     * once as one set of groups (as the service keys them: app and release) and once with one set per category.
     */
    static void category(Map<String, List<Row>> bug, Map<String, List<Row>> fr, List<String> apps, double[] grid) {
        Map<String, java.util.function.Function<String, Map<String, Double>>> vectors = new LinkedHashMap<>();
        vectors.put("word prefixes (shipped)", TermVector::of);
        vectors.put("char 4-5-grams", text -> CharNgramTermVector.of(text, 4, 5));
        Map<String, List<Row>> mixed = new LinkedHashMap<>();
        for (String app : apps) {
            List<Row> rows = new ArrayList<>();
            for (int i = 0; i < Math.max(bug.get(app).size(), fr.get(app).size()); i++) {
                if (i < bug.get(app).size()) {
                    Row r = bug.get(app).get(i);
                    rows.add(new Row("bug:" + r.cluster(), r.text(), true));
                }
                if (i < fr.get(app).size()) {
                    Row r = fr.get(app).get(i);
                    rows.add(new Row("fr:" + r.cluster(), r.text(), false));
                }
            }
            mixed.put(app, rows);
        }
        vectors.forEach((name, vector) -> {
            for (boolean partition : new boolean[] {false, true}) {
                double heldSum = 0;
                StringBuilder line = new StringBuilder();
                for (String train : apps) {
                    String test = apps.get(1 - apps.indexOf(train));
                    double bestT = 0;
                    double bestTrain = -1;
                    for (double t : grid) {
                        double m = mixed(mixed.get(train), vector, t, partition).ari();
                        if (m > bestTrain + 1e-12) {
                            bestTrain = m;
                            bestT = t;
                        }
                    }
                    Scores s = mixed(mixed.get(test), vector, bestT, partition);
                    heldSum += s.ari();
                    line.append(String.format(Locale.ROOT, " | t=%.3f on %s: held-out %.3f (%.3f/%.3f) g=%d", bestT,
                            train.substring(0, 6), s.ari(), s.precision(), s.recall(), s.groups()));
                }
                System.out.printf(Locale.ROOT, "%-26s %-22s%s | mean %.3f%n", name, partition ? "groups per category" : "one set of groups",
                        line, heldSum / 2);
            }
        });
    }

    static Scores mixed(List<Row> rows, java.util.function.Function<String, Map<String, Double>> vector, double threshold,
                        boolean partition) {
        IssueGrouping bugs = new IssueGrouping("app", "r", List.of(), vector);
        IssueGrouping wishes = partition ? new IssueGrouping("app", "r", List.of(), vector) : bugs;
        dev.hypercare.triage.rules.TriagePolicy.Thresholds thresholds =
                new dev.hypercare.triage.rules.TriagePolicy.Thresholds(0.6, threshold, 10, java.time.Duration.ofMinutes(15));
        java.time.Instant t = java.time.Instant.parse("2025-01-01T00:00:00Z");
        String[] truth = new String[rows.size()];
        String[] predicted = new String[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            truth[i] = row.cluster();
            predicted[i] = (row.bug() ? bugs : wishes).add("r" + i, row.text(),
                    row.bug() ? dev.hypercare.model.Category.BUG : dev.hypercare.model.Category.FEATURE_REQUEST,
                    dev.hypercare.model.Priority.P3, t.plusSeconds(60L * i), thresholds, java.time.Duration.ofDays(3650), MAX_GROUPS)
                    .group().issueId();
        }
        return scores(truth, predicted);
    }

    static Scores real(List<Row> rows, java.util.function.Function<String, Map<String, Double>> vector, double threshold) {
        IssueGrouping grouping = new IssueGrouping("app", "r", List.of(), vector);
        dev.hypercare.triage.rules.TriagePolicy.Thresholds thresholds =
                new dev.hypercare.triage.rules.TriagePolicy.Thresholds(0.6, threshold, 10, java.time.Duration.ofMinutes(15));
        java.time.Instant t = java.time.Instant.parse("2025-01-01T00:00:00Z");
        String[] truth = new String[rows.size()];
        String[] predicted = new String[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            truth[i] = rows.get(i).cluster();
            predicted[i] = grouping.add("r" + i, rows.get(i).text(), dev.hypercare.model.Category.BUG, dev.hypercare.model.Priority.P3,
                    t.plusSeconds(60L * i), thresholds, java.time.Duration.ofDays(3650), MAX_GROUPS).group().issueId();
        }
        return scores(truth, predicted);
    }

    static List<Variant> variants(String[] args) {
        List<Variant> all = new ArrayList<>();
        all.add(new Variant("words prefix5 (shipped), centroid 40", Features.WORDS, true, true, true, Join.CENTROID, 40));
        all.add(new Variant("words prefix5, centroid unbounded", Features.WORDS, true, true, true, Join.CENTROID, 0));
        all.add(new Variant("whole words, centroid 40", Features.WORDS_FULL, true, true, true, Join.CENTROID, 40));
        all.add(new Variant("words prefix5, no IDF", Features.WORDS, false, true, true, Join.CENTROID, 40));
        all.add(new Variant("words prefix5, single-link", Features.WORDS, true, true, true, Join.SINGLE_LINK, 0));
        all.add(new Variant("words prefix5, mean top-3", Features.WORDS, true, true, true, Join.MEAN_TOP3, 0));
        all.add(new Variant("words prefix5, unit-vector centroid", Features.WORDS, true, true, true, Join.CENTROID_UNIT, 40));
        all.add(new Variant("chars 3-5, centroid unbounded", Features.CHARS, true, true, true, Join.CENTROID, 0));
        all.add(new Variant("chars 3-5, centroid 200", Features.CHARS, true, true, true, Join.CENTROID, 200));
        all.add(new Variant("chars 3-5, centroid 40", Features.CHARS, true, true, true, Join.CENTROID, 40));
        all.add(new Variant("chars 3-5, no stop list", Features.CHARS, true, true, false, Join.CENTROID, 0));
        all.add(new Variant("chars 3-5, no IDF", Features.CHARS, false, true, true, Join.CENTROID, 0));
        all.add(new Variant("chars 3-5, raw TF", Features.CHARS, true, false, true, Join.CENTROID, 0));
        all.add(new Variant("chars 3-5, single-link", Features.CHARS, true, true, true, Join.SINGLE_LINK, 0));
        all.add(new Variant("chars 3-5, mean top-3", Features.CHARS, true, true, true, Join.MEAN_TOP3, 0));
        all.add(new Variant("chars 3-5, unit-vector centroid", Features.CHARS, true, true, true, Join.CENTROID_UNIT, 0));
        all.add(new Variant("chars 4-5, centroid unbounded", Features.CHARS, true, true, true, Join.CENTROID, 0, 4, 5, 0.5));
        all.add(new Variant("chars 4-5, centroid 40", Features.CHARS, true, true, true, Join.CENTROID, 40, 4, 5, 0.5));
        all.add(new Variant("chars 3-4, centroid unbounded", Features.CHARS, true, true, true, Join.CENTROID, 0, 3, 4, 0.5));
        all.add(new Variant("words+chars 3-5 (1:1), centroid unbounded", Features.WORDS_CHARS, true, true, true, Join.CENTROID, 0));
        all.add(new Variant("words+chars 3-5 (1:3 chars), unbounded", Features.WORDS_CHARS, true, true, true, Join.CENTROID, 0, 3, 5, 0.75));
        if (args.length > 1) {
            all.removeIf(v -> !v.name().contains(args[1]));
        }
        return all;
    }

    static Map<String, List<Row>> read(Path file, boolean bug) throws IOException {
        Map<String, List<Row>> byApp = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank()) {
                JsonNode row = Json.mapper().readTree(line);
                byApp.computeIfAbsent(row.path("app").asText(), a -> new ArrayList<>())
                        .add(new Row(row.path("cluster").asText(), row.path("text").asText(), bug));
            }
        }
        return byApp;
    }

    // --- report vectors ---

    static Map<String, Double> vector(String text, Variant v) {
        Map<String, Double> out = switch (v.features()) {
            case WORDS -> counts(text, v, true, false);
            case WORDS_FULL -> counts(text, v, false, false);
            case CHARS -> counts(text, v, false, true);
            case WORDS_CHARS -> {
                Map<String, Double> w = normalise(counts(text, v, true, false), Math.sqrt(1 - v.charShare()));
                w.putAll(normalise(counts(text, v, false, true), Math.sqrt(v.charShare())));
                yield w;
            }
        };
        return out;
    }

    private static Map<String, Double> counts(String text, Variant v, boolean prefix, boolean chars) {
        Map<String, Integer> counts = new HashMap<>();
        for (String token : TextNormalizer.words(TextNormalizer.normalize(text), false)) {
            if (token.length() < 3 || (v.stop() && STOP.contains(token)) || isDigits(token)) {
                continue;
            }
            if (chars) {
                String padded = "<" + token + ">";
                for (int n = v.minN(); n <= v.maxN(); n++) {
                    for (int i = 0; i + n <= padded.length(); i++) {
                        counts.merge("#" + padded.substring(i, i + n), 1, Integer::sum);
                    }
                }
            } else {
                counts.merge(prefix && token.length() > 5 ? token.substring(0, 5) : token, 1, Integer::sum);
            }
        }
        Map<String, Double> vector = new HashMap<>();
        counts.forEach((term, tf) -> vector.put(term, v.sublinear() ? 1 + Math.log(tf) : tf));
        return vector;
    }

    private static Map<String, Double> normalise(Map<String, Double> v, double scale) {
        double n = 0;
        for (double x : v.values()) {
            n += x * x;
        }
        Map<String, Double> out = new HashMap<>();
        double norm = Math.sqrt(n);
        v.forEach((k, x) -> out.put(k, norm == 0 ? 0 : scale * x / norm));
        return out;
    }

    private static boolean isDigits(String token) {
        for (int i = 0; i < token.length(); i++) {
            if (!Character.isDigit(token.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static Set<String> stopWords() {
        Set<String> words = new HashSet<>();
        for (CharArraySet set : new CharArraySet[] {EnglishAnalyzer.ENGLISH_STOP_WORDS_SET, FrenchAnalyzer.getDefaultStopSet(),
                GermanAnalyzer.getDefaultStopSet(), SpanishAnalyzer.getDefaultStopSet()}) {
            for (Object word : set) {
                words.add(TextNormalizer.normalize(new String((char[]) word)));
            }
        }
        return words;
    }

    // --- online grouping ---

    static final class Group {
        final List<Map<String, Double>> members = new ArrayList<>();
        Map<String, Double> centroid = new HashMap<>();
        final String id;

        Group(String id) {
            this.id = id;
        }
    }

    static Scores score(List<Row> rows, Variant v, double threshold) {
        String[] truth = new String[rows.size()];
        String[] predicted = new String[rows.size()];
        List<Group> groups = new ArrayList<>();
        Map<String, Integer> df = new HashMap<>();
        int docs = 0;
        for (int r = 0; r < rows.size(); r++) {
            truth[r] = rows.get(r).cluster();
            Map<String, Double> x = vector(rows.get(r).text(), v);
            docs++;
            for (String term : x.keySet()) {
                df.merge(term, 1, Integer::sum);
            }
            final int n = docs;
            java.util.function.ToDoubleFunction<String> idf = term -> v.idf()
                    ? Math.log((n + 1.0) / (df.getOrDefault(term, 0) + 1.0)) + 1.0 : 1.0;
            Map<String, Double> wx = weigh(x, idf);
            Group best = null;
            double bestSim = 0;
            for (Group g : groups) {
                double s = switch (v.join()) {
                    case CENTROID, CENTROID_UNIT -> cosine(wx, weigh(g.centroid, idf));
                    case SINGLE_LINK -> {
                        double m = 0;
                        for (Map<String, Double> member : g.members) {
                            m = Math.max(m, cosine(wx, weigh(member, idf)));
                        }
                        yield m;
                    }
                    case MEAN_TOP3 -> {
                        List<Double> sims = new ArrayList<>();
                        for (Map<String, Double> member : g.members) {
                            sims.add(cosine(wx, weigh(member, idf)));
                        }
                        sims.sort(java.util.Comparator.reverseOrder());
                        double sum = 0;
                        int k = Math.min(3, sims.size());
                        for (int i = 0; i < k; i++) {
                            sum += sims.get(i);
                        }
                        yield sum / k;
                    }
                };
                if (s > bestSim) {
                    bestSim = s;
                    best = g;
                }
            }
            if (best == null || bestSim < threshold) {
                best = new Group("g" + r);
                groups.add(best);
            }
            Group joined = best;
            joined.members.add(x);
            Map<String, Double> add = v.join() == Join.CENTROID_UNIT ? normalise(x, 1.0) : x;
            add.forEach((term, w) -> joined.centroid.merge(term, w, Double::sum));
            if (v.centroidTerms() > 0 && joined.centroid.size() > v.centroidTerms()) {
                Map<String, Double> top = new HashMap<>();
                joined.centroid.entrySet().stream()
                        .sorted(Map.Entry.<String, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                        .limit(v.centroidTerms()).forEach(e -> top.put(e.getKey(), e.getValue()));
                joined.centroid = top;
            }
            predicted[r] = joined.id;
        }
        return scores(truth, predicted);
    }

    static Scores scores(String[] truth, String[] predicted) {
        double[] pairs = IssueGroupingQualityTest.pairPrecisionRecall(truth, predicted);
        return new Scores(IssueGroupingQualityTest.adjustedRandIndex(truth, predicted), pairs[0], pairs[1],
                (int) java.util.Arrays.stream(predicted).distinct().count());
    }

    private static Map<String, Double> weigh(Map<String, Double> x, java.util.function.ToDoubleFunction<String> idf) {
        Map<String, Double> out = new HashMap<>(x.size() * 2);
        x.forEach((t, w) -> out.put(t, w * idf.applyAsDouble(t)));
        return out;
    }

    private static double cosine(Map<String, Double> a, Map<String, Double> b) {
        if (a.size() > b.size()) {
            Map<String, Double> t = a;
            a = b;
            b = t;
        }
        double dot = 0;
        for (Map.Entry<String, Double> e : a.entrySet()) {
            Double w = b.get(e.getKey());
            if (w != null) {
                dot += e.getValue() * w;
            }
        }
        if (dot == 0) {
            return 0;
        }
        return dot / (norm(a) * norm(b));
    }

    private static double norm(Map<String, Double> a) {
        double n = 0;
        for (double x : a.values()) {
            n += x * x;
        }
        return Math.sqrt(n);
    }
}
