package dev.hypercare.triage.classifier;

import dev.hypercare.model.Category;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Hashed word + character n-gram TF-IDF features and a one-vs-rest logistic regression. Immutable
 * after construction and thread-safe: {@link #classify} only reads the arrays; each call allocates
 * its own small buffers (a few kB), so one instance serves every stream thread.
 */
public final class LinearTextClassifier implements FeedbackClassifier {

    private static final int SIGNALS = 3;

    private final ModelInfo info;
    private final FeatureSpec spec;
    private final TextFeatures features;
    private final Category[] classes;
    private final float[] idf;
    /** weights[index * classes + k]: the classes of one feature sit together, one cache line per lookup. */
    private final float[] weights;
    private final float[] bias;
    private final String version;

    LinearTextClassifier(ModelInfo info, FeatureSpec spec, Category[] classes, float[] idf, float[] weights, float[] bias,
            String version) {
        if (idf.length != spec.dimension() || weights.length != spec.dimension() * classes.length || bias.length != classes.length) {
            throw new IllegalArgumentException("model arrays do not match the feature spec");
        }
        this.info = info;
        this.spec = spec;
        this.features = new TextFeatures(spec);
        this.classes = classes.clone();
        this.idf = idf;
        this.weights = weights;
        this.bias = bias;
        this.version = version;
    }

    @Override
    public Prediction classify(String title, String text) {
        List<String> tokens = TextFeatures.tokens(title, text);
        TextFeatures.Counts counts = features.count(tokens);
        double[] x = weigh(counts, idf);
        double[] p = probabilities(counts.index(), x);
        int best = 0;
        for (int k = 1; k < p.length; k++) {
            if (p[k] > p[best]) {
                best = k;
            }
        }
        return new Prediction(classes[best], p[best], signals(tokens, counts, x, best));
    }

    /** Probability of every category this model knows, in {@link #categories()} order. */
    public double[] probabilities(String title, String text) {
        TextFeatures.Counts counts = features.count(title, text);
        return probabilities(counts.index(), weigh(counts, idf));
    }

    @Override
    public String version() {
        return version;
    }

    /** The categories this model can predict (only those it saw in training). */
    @Override
    public Set<Category> categories() {
        return Collections.unmodifiableSet(EnumSet.copyOf(Arrays.asList(classes)));
    }

    public ModelInfo info() {
        return info;
    }

    public FeatureSpec spec() {
        return spec;
    }

    List<Category> classList() {
        return List.of(classes);
    }

    float[] idf() {
        return idf;
    }

    float[] weights() {
        return weights;
    }

    float[] bias() {
        return bias;
    }

    private double[] probabilities(int[] index, double[] x) {
        int k = classes.length;
        double[] score = new double[k];
        for (int c = 0; c < k; c++) {
            score[c] = bias[c];
        }
        for (int j = 0; j < index.length; j++) {
            int base = index[j] * k;
            double v = x[j];
            for (int c = 0; c < k; c++) {
                score[c] += weights[base + c] * v;
            }
        }
        // One-vs-rest logistic outputs, normalised to sum to 1 (what LIBLINEAR itself reports).
        double sum = 0;
        for (int c = 0; c < k; c++) {
            score[c] = 1 / (1 + Math.exp(-score[c]));
            sum += score[c];
        }
        for (int c = 0; c < k; c++) {
            score[c] /= sum;
        }
        return score;
    }

    /** The words and word pairs that pushed hardest towards the chosen category. */
    private List<String> signals(List<String> tokens, TextFeatures.Counts counts, double[] x, int best) {
        record Contribution(String term, double value) {
        }
        List<Contribution> all = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int k = classes.length;
        for (TextFeatures.WordFeature f : features.wordFeatures(tokens)) {
            if (!seen.add(f.term())) {
                continue;
            }
            int at = Arrays.binarySearch(counts.index(), 0, counts.wordEnd(), f.index());
            if (at < 0) {
                continue;
            }
            double toBest = weights[f.index() * k + best] * x[at];
            if (toBest > 0) {
                all.add(new Contribution(f.term(), toBest));
            }
        }
        all.sort(Comparator.comparingDouble(Contribution::value).reversed());
        List<String> out = new ArrayList<>(SIGNALS);
        for (int i = 0; i < Math.min(SIGNALS, all.size()); i++) {
            out.add(String.format(Locale.ROOT, "\"%s\" +%.2f", all.get(i).term(), all.get(i).value()));
        }
        return List.copyOf(out);
    }

    /**
     * Sublinear TF (1 + ln count) times IDF, each block (words, characters) L2-normalised on its own
     * so long texts and the many character n-grams do not drown the words.
     */
    static double[] weigh(TextFeatures.Counts counts, float[] idf) {
        int[] index = counts.index();
        float[] count = counts.count();
        double[] x = new double[index.length];
        for (int j = 0; j < index.length; j++) {
            x[j] = (1 + Math.log(count[j])) * idf[index[j]];
        }
        normalise(x, 0, counts.wordEnd());
        normalise(x, counts.wordEnd(), index.length);
        return x;
    }

    private static void normalise(double[] x, int from, int to) {
        double sq = 0;
        for (int j = from; j < to; j++) {
            sq += x[j] * x[j];
        }
        if (sq > 0) {
            double norm = Math.sqrt(sq);
            for (int j = from; j < to; j++) {
                x[j] /= norm;
            }
        }
    }
}
