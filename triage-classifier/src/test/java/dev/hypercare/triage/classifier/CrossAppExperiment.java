package dev.hypercare.triage.classifier;

import de.bwaldvogel.liblinear.*;
import dev.hypercare.model.Category;
import java.nio.file.Path;
import java.util.*;

/**
 * The harness behind the "Classifier" figures in docs/triage-quality.md: train a feature/model
 * variant on one app's reviews, choose C (per model) by 5-fold stratified cross-validation on that
 * app only, then score the other app once. Not a test (surefire ignores it) and not shipped: it
 * compares candidate configurations before one is built into {@link ClassifierTrainer}. The
 * {@code w=tfidf parts=all} configuration is the shipped trainer's and reproduces its figures.
 *
 * <pre>
 * ./mvnw -q -pl triage-classifier test-compile
 * java -cp "triage-classifier/target/test-classes:triage-classifier/target/classes:triage-classifier/target/lib/*" \
 *   dev.hypercare.triage.classifier.CrossAppExperiment "Garmin Connect" "Huawei Health" [w=tfidf|nb|nbbin]
 *   [parts=all|word|char|ens] [neg=true] [alpha=1] [mindf=1] [chars=2-5] [grid=0.5,1,...]
 *   [dense=none|add|only] [cascade=0.5,0.55,0.6,0.7]
 * </pre>
 * w: TF-IDF as shipped; nb = TF-IDF scaled per class by the NB log-count ratio (Wang and Manning
 * 2012); nbbin = binary presence scaled by it (NBSVM's features, block-normalised). parts: one
 * model on all features, word or character n-grams only, or ens = a word model and a character
 * model averaged in probability space. neg: tokens up to three after a negation ("not", "no",
 * "pas", "sans", ...) get a NEG_ twin. mindf: features fewer training texts hold are dropped
 * (IDF 0), a document-frequency cut against one app's rare words and n-grams. The NB ratio is computed on the training folds only.
 * dense: the e5-small-v2 sentence embedding ({@link SentenceEncoder}, unit length) appended to the sparse features as
 * one more block (add), or alone (only). cascade: besides the configured (sparse) model, an embedding-only model (C by
 * its own CV) is fitted, and for each threshold the items whose sparse top probability is below it get the average of
 * the two probability vectors: the figures of docs/triage-quality.md, "Cascade" ({@link CascadeClassifier}'s rule).
 */
public final class CrossAppExperiment {
    static final Path DIR = Samples.sharedData().resolve("classification");

    // configuration
    static String weighting = "tfidf"; // tfidf | nb | nbbin
    static String parts = "all";       // all | word | char | ens
    static boolean negation = false;
    static double alpha = 1.0;
    static int minDf = 1;              // buckets filled by fewer training texts get IDF 0 (dropped)
    static List<Double> grid = List.of(0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0);
    static FeatureSpec spec = FeatureSpec.DEFAULT;
    static String lang = null;
    static String dense = "none";      // none | add | only
    static List<Double> cascade = List.of();
    static final Map<String, float[]> EMBEDDINGS = new java.util.concurrent.ConcurrentHashMap<>();

    public static void main(String[] a) throws Exception {
        String trainApp = a[0], testApp = a[1];
        for (int i = 2; i < a.length; i++) {
            String[] kv = a[i].split("=", 2);
            switch (kv[0]) {
                case "w" -> weighting = kv[1];
                case "parts" -> parts = kv[1];
                case "neg" -> negation = Boolean.parseBoolean(kv[1]);
                case "alpha" -> alpha = Double.parseDouble(kv[1]);
                case "mindf" -> minDf = Integer.parseInt(kv[1]);
                case "grid" -> grid = Arrays.stream(kv[1].split(",")).map(Double::parseDouble).toList();
                case "chars" -> { String[] r = kv[1].split("-"); spec = new FeatureSpec(17, 18, true, Integer.parseInt(r[0]), Integer.parseInt(r[1])); }
                case "dense" -> dense = kv[1];
                case "cascade" -> cascade = Arrays.stream(kv[1].split(",")).map(Double::parseDouble).toList();
                default -> throw new IllegalArgumentException(a[i]);
            }
        }
        List<Path> files = List.of(DIR.resolve("minibar-en.jsonl"), DIR.resolve("minibar-fr.jsonl"));
        List<LabelledExample> train = LabelledData.read(files, new LabelledData.Selection(Map.of("app", trainApp), Map.of()));
        List<LabelledExample> test = LabelledData.read(files, new LabelledData.Selection(Map.of("app", testApp), Map.of()));
        List<String> testLang = new ArrayList<>();
        for (Path f : files) for (LabelledExample e : LabelledData.read(f, new LabelledData.Selection(Map.of("app", testApp), Map.of()))) testLang.add(f.toString().contains("-en") ? "en" : "fr");
        Linear.disableDebugOutput();
        long t0 = System.nanoTime();
        Category[] classes = {Category.BUG, Category.FEATURE_REQUEST, Category.OTHER};
        if (!dense.equals("none") || !cascade.isEmpty()) {
            try (SentenceEncoder encoder = SentenceEncoder.load(SentenceEncoder.E5_SMALL_V2_Q)) {
                java.util.stream.Stream.concat(train.stream(), test.stream()).parallel()
                        .forEach(e -> EMBEDDINGS.computeIfAbsent(key(e), k -> encoder.encode(e.title(), e.text())));
            }
        }
        Data tr = featurise(train, classes);
        Data te = featurise(test, classes);
        float[] idf = idf(tr);
        StringBuilder cs = new StringBuilder();
        double[][] probSum = fitAndScore(tr, te, idf, classes, cs);
        Evaluation ev = report(trainApp, testApp, te, testLang, classes, probSum, cs, t0);
        System.out.print(ev.format());
        if (!cascade.isEmpty()) {
            String configured = dense;
            dense = "only";
            StringBuilder denseC = new StringBuilder();
            double[][] denseProb = fitAndScore(tr, te, idf, classes, denseC);
            dense = configured;
            for (double below : cascade) {
                double[][] mixed = new double[te.n][];
                int second = 0;
                for (int i = 0; i < te.n; i++) {
                    if (probSum[i][argmax(probSum[i])] >= below) {
                        mixed[i] = probSum[i];
                    } else {
                        second++;
                        mixed[i] = new double[3];
                        for (int k = 0; k < 3; k++) mixed[i][k] = (probSum[i][k] + denseProb[i][k]) / 2;
                    }
                }
                report(trainApp, testApp, te, testLang, classes, mixed,
                        new StringBuilder(String.format(Locale.ROOT, "cascade<%s (%.1f %% second opinions; embedding %s) ", below,
                                100.0 * second / te.n, denseC)), t0);
            }
        }
    }

    static String key(LabelledExample e) {
        return e.title() + "\u0000" + e.text();
    }

    static double[][] fitAndScore(Data tr, Data te, float[] idf, Category[] classes, StringBuilder cs) {
        List<String> partList = parts.equals("ens") ? List.of("word", "char") : List.of(parts);
        double[][] probSum = new double[te.n][3];
        for (String part : partList) {
            // CV for C
            int[] fold = ClassifierTrainer.stratifiedFolds(tr.y, 3, 5, 42);
            double bestF = -1, bestC = grid.get(0);
            for (double c : grid) {
                List<Category> g = new ArrayList<>(), p = new ArrayList<>();
                for (int f = 0; f < 5; f++) {
                    final int ff = f;
                    Data a1 = tr.subset(i -> fold[i] != ff), b1 = tr.subset(i -> fold[i] == ff);
                    Lin m = fit(a1, idf, part, c);
                    double[][] pr = m.prob(b1, idf);
                    for (int i = 0; i < b1.n; i++) { g.add(classes[b1.y[i]]); p.add(classes[argmax(pr[i])]); }
                }
                double f1 = Evaluation.of(g, p).macroF1();
                if (f1 > bestF + 1e-9) { bestF = f1; bestC = c; }
            }
            cs.append(String.format(Locale.ROOT, "%s:C=%s(cv %.4f) ", part, bestC, bestF));
            Lin m = fit(tr, idf, part, bestC);
            double[][] pr = m.prob(te, idf);
            for (int i = 0; i < te.n; i++) for (int k = 0; k < 3; k++) probSum[i][k] += pr[i][k] / partList.size();
        }
        return probSum;
    }

    static Evaluation report(String trainApp, String testApp, Data te, List<String> testLang, Category[] classes, double[][] probSum,
            StringBuilder cs, long t0) {
        List<Category> g = new ArrayList<>(), p = new ArrayList<>();
        Map<String, List<Category>[]> byLang = new TreeMap<>();
        for (int i = 0; i < te.n; i++) {
            g.add(classes[te.y[i]]); p.add(classes[argmax(probSum[i])]);
            @SuppressWarnings("unchecked") List<Category>[] l = byLang.computeIfAbsent(testLang.get(i), k -> new List[]{new ArrayList<>(), new ArrayList<>()});
            l[0].add(classes[te.y[i]]); l[1].add(classes[argmax(probSum[i])]);
        }
        Evaluation ev = Evaluation.of(g, p);
        StringBuilder langs = new StringBuilder();
        byLang.forEach((k, v) -> langs.append(String.format(Locale.ROOT, " %s=%.3f", k, Evaluation.of(v[0], v[1]).macroF1())));
        System.out.printf(Locale.ROOT, "RESULT %s->%s w=%s parts=%s neg=%s alpha=%s mindf=%d chars=%d-%d dense=%s | %s| macroF1 %.4f |%s | FR f1 %.3f | %.0fs%n",
                trainApp.split(" ")[0], testApp.split(" ")[0], weighting, parts, negation, alpha, minDf, spec.charMin(), spec.charMax(), dense, cs,
                ev.macroF1(), langs, ev.perClass().get(Category.FEATURE_REQUEST).f1(), (System.nanoTime() - t0) / 1e9);
        return ev;
    }

    static int argmax(double[] p) { int b = 0; for (int k = 1; k < p.length; k++) if (p[k] > p[b]) b = k; return b; }

    record Data(TextFeatures.Counts[] x, int[] y, int n, float[][] e) {
        Data subset(java.util.function.IntPredicate keep) {
            List<Integer> idx = new ArrayList<>();
            for (int i = 0; i < n; i++) if (keep.test(i)) idx.add(i);
            TextFeatures.Counts[] xs = new TextFeatures.Counts[idx.size()]; int[] ys = new int[idx.size()]; float[][] es = new float[idx.size()][];
            for (int j = 0; j < idx.size(); j++) { xs[j] = x[idx.get(j)]; ys[j] = y[idx.get(j)]; es[j] = e[idx.get(j)]; }
            return new Data(xs, ys, xs.length, es);
        }
    }

    static final Set<String> NEG = Set.of("not", "no", "never", "cannot", "cant", "t", "nothing", "without", "ne", "n", "pas", "jamais", "aucun", "aucune", "sans", "rien", "plus", "nor");

    static List<String> negate(List<String> tokens) {
        List<String> out = new ArrayList<>(tokens.size() + 8);
        boolean on = false;
        int left = 0;
        for (String t : tokens) {
            out.add(t);
            if (t.equals("?") || t.equals("!")) { on = false; continue; }
            if (NEG.contains(t)) { on = true; left = 3; continue; }
            if (on && left-- > 0) out.add("NEG_" + t); else on = false;
        }
        return out;
    }

    static Data featurise(List<LabelledExample> ex, Category[] classes) {
        TextFeatures tf = new TextFeatures(spec);
        TextFeatures.Counts[] x = new TextFeatures.Counts[ex.size()];
        int[] y = new int[ex.size()];
        float[][] e = new float[ex.size()][];
        for (int i = 0; i < ex.size(); i++) {
            e[i] = EMBEDDINGS.get(key(ex.get(i)));
            List<String> tok = TextFeatures.tokens(ex.get(i).title(), ex.get(i).text());
            x[i] = tf.count(negation ? negate(tok) : tok);
            y[i] = Arrays.asList(classes).indexOf(ex.get(i).label());
        }
        return new Data(x, y, x.length, e);
    }

    static float[] idf(Data d) {
        int[] df = new int[spec.dimension()];
        for (TextFeatures.Counts c : d.x) for (int j : c.index()) df[j]++;
        float[] idf = new float[df.length];
        for (int j = 0; j < idf.length; j++) idf[j] = df[j] < minDf || df[j] == 0 ? 0f : (float) (Math.log((1.0 + d.n) / (1.0 + df[j])) + 1);
        return idf;
    }

    /** Values of one row for the part (word / char / all). */
    static double[] values(TextFeatures.Counts c, float[] idf, String part) {
        int[] index = c.index();
        double[] x = new double[index.length];
        boolean bin = weighting.equals("nbbin");
        for (int j = 0; j < index.length; j++) {
            boolean isWord = j < c.wordEnd();
            if ((part.equals("word") && !isWord) || (part.equals("char") && isWord)) continue;
            x[j] = bin ? (idf[index[j]] > 0 ? 1 : 0) : (1 + Math.log(c.count()[j])) * idf[index[j]];
        }
        norm(x, 0, c.wordEnd()); norm(x, c.wordEnd(), index.length);
        return x;
    }

    static void norm(double[] x, int from, int to) {
        double s = 0; for (int j = from; j < to; j++) s += x[j] * x[j];
        if (s > 0) { s = Math.sqrt(s); for (int j = from; j < to; j++) x[j] /= s; }
    }

    /** Folded one-vs-rest model: score_k = b_k + sum_j W[j][k] x_j. */
    record Lin(float[] w, float[] b, String part, float[] dense) {
        double[][] prob(Data d, float[] idf) {
            double[][] out = new double[d.n][3];
            for (int i = 0; i < d.n; i++) {
                double[] x = values(d.x[i], idf, part);
                int[] index = d.x[i].index();
                double[] s = {b[0], b[1], b[2]};
                if (!DenseBlock.only()) for (int j = 0; j < index.length; j++) for (int k = 0; k < 3; k++) s[k] += w[index[j] * 3 + k] * x[j];
                if (this.dense != null) for (int j = 0; j < this.dense.length / 3; j++) for (int k = 0; k < 3; k++) s[k] += this.dense[j * 3 + k] * d.e[i][j];
                double sum = 0; for (int k = 0; k < 3; k++) { s[k] = 1 / (1 + Math.exp(-s[k])); sum += s[k]; }
                for (int k = 0; k < 3; k++) out[i][k] = s[k] / sum;
            }
            return out;
        }
    }

    static Lin fit(Data d, float[] idf, String part, double c) {
        int dim = spec.dimension();
        double[][] vals = new double[d.n][];
        for (int i = 0; i < d.n; i++) vals[i] = values(d.x[i], idf, part);
        int[] per = new int[3];
        for (int y : d.y) per[y]++;
        float[] W = new float[dim * 3];
        float[] B = new float[3];
        float[] DW = DenseBlock.on() ? new float[d.e[0].length * 3] : null;
        for (int k = 0; k < 3; k++) {
            double[] r = null;
            if (weighting.startsWith("nb")) {
                double[] p = new double[dim], q = new double[dim];
                double ps = 0, qs = 0;
                for (int i = 0; i < d.n; i++) {
                    int[] index = d.x[i].index();
                    for (int j = 0; j < index.length; j++) if (vals[i][j] != 0) { if (d.y[i] == k) p[index[j]] += 1; else q[index[j]] += 1; }
                }
                r = new double[dim];
                for (int j = 0; j < dim; j++) { p[j] += alpha; q[j] += alpha; ps += p[j]; qs += q[j]; }
                for (int j = 0; j < dim; j++) r[j] = Math.log((p[j] / ps) / (q[j] / qs));
            }
            Feature[][] x = new Feature[d.n][];
            double[] y = new double[d.n];
            for (int i = 0; i < d.n; i++) {
                int[] index = d.x[i].index();
                List<Feature> row = new ArrayList<>(index.length + 1);
                if (!DenseBlock.only()) for (int j = 0; j < index.length; j++) {
                    double v = vals[i][j];
                    if (v == 0) continue;
                    if (r != null) v *= r[index[j]];
                    if (v != 0) row.add(new FeatureNode(index[j] + 1, v));
                }
                row.add(new FeatureNode(dim + 1, 1)); // the bias column, then the embedding's block after it
                if (DenseBlock.on()) for (int j = 0; j < d.e[i].length; j++) row.add(new FeatureNode(dim + 2 + j, d.e[i][j]));
                x[i] = row.toArray(Feature[]::new);
                y[i] = d.y[i] == k ? 1 : -1;
            }
            Problem pb = new Problem(); pb.l = d.n; pb.n = dim + 1 + (DenseBlock.on() ? d.e[0].length : 0); pb.x = x; pb.y = y; pb.bias = 1;
            Parameter prm = new Parameter(SolverType.L2R_LR, c, 0.01);
            prm.setWeights(new double[]{(double) d.n / (3 * per[k]), 1}, new int[]{1, -1});
            Model m = Linear.train(pb, prm);
            double[] w = m.getFeatureWeights();
            double sign = m.getLabels()[0] == 1 ? 1 : -1;
            for (int j = 0; j < dim; j++) {
                double wj = sign * w[j];
                W[j * 3 + k] = (float) (wj * (r == null ? 1 : r[j]));
            }
            B[k] = (float) (sign * w[dim]);
            if (DW != null) for (int j = 0; j < DW.length / 3; j++) DW[j * 3 + k] = (float) (sign * w[dim + 1 + j]);
        }
        return new Lin(W, B, part, DW);
    }

    /** Whether the embedding block takes part (dense=add|only) and whether it is alone (only). */
    static final class DenseBlock {
        static boolean on() {
            return !dense.equals("none");
        }

        static boolean only() {
            return dense.equals("only");
        }
    }
}
