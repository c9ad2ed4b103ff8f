package dev.hypercare.triage.classifier;

import dev.hypercare.model.Category;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Hashed word + character n-gram TF-IDF features and a one-vs-rest logistic regression. Immutable
 * after construction and thread-safe: {@link #classify} only reads the model arrays and works in
 * its thread's own {@link TextFeatures.Scratch}, so one instance serves every stream thread. A call
 * allocates only its result (the prediction and up to three signal strings).
 */
public final class LinearTextClassifier implements FeedbackClassifier {

    private static final int SIGNALS = 3;

    private final ModelInfo info;
    private final FeatureSpec spec;
    private final TextFeatures features;
    private final Category[] classes;
    /**
     * Per feature its IDF then its weight for every class: model[index * (classes + 1)], then
     * model[index * (classes + 1) + 1 + k]. One cache line per feature looked up (16 bytes with three
     * classes) where separate IDF and weight arrays cost two misses: the model (6 MB) does not fit
     * in cache, and these misses were most of the scoring time.
     */
    private final float[] model;
    private final int stride;
    private final float[] bias;
    private final String version;
    /** The cascade's second opinion stored with this model, or null (docs/triage-quality.md, "Cascade"). */
    private final EmbeddingHead embeddingHead;

    LinearTextClassifier(ModelInfo info, FeatureSpec spec, Category[] classes, float[] idf, float[] weights, float[] bias,
            String version) {
        this(info, spec, classes, idf, weights, bias, version, null);
    }

    LinearTextClassifier(ModelInfo info, FeatureSpec spec, Category[] classes, float[] idf, float[] weights, float[] bias,
            String version, EmbeddingHead embeddingHead) {
        if (idf.length != spec.dimension() || weights.length != spec.dimension() * classes.length || bias.length != classes.length) {
            throw new IllegalArgumentException("model arrays do not match the feature spec");
        }
        this.info = info;
        this.spec = spec;
        this.features = new TextFeatures(spec);
        this.classes = classes.clone();
        int k = classes.length;
        this.stride = k + 1;
        this.model = new float[spec.dimension() * stride];
        for (int j = 0; j < spec.dimension(); j++) {
            model[j * stride] = idf[j];
            System.arraycopy(weights, j * k, model, j * stride + 1, k);
        }
        this.bias = bias.clone();
        this.version = version;
        if (embeddingHead != null && !embeddingHead.classes().equals(List.of(classes))) {
            throw new IllegalArgumentException("embedding head classes " + embeddingHead.classes() + " differ from the model's "
                    + List.of(classes));
        }
        this.embeddingHead = embeddingHead;
    }

    @Override
    public Prediction classify(String title, String text) {
        return classify(title, text, p -> p);
    }

    /**
     * As {@link #classify(String, String)}, with the probabilities passed through {@code adjust} before the category
     * is chosen (the cascade's second opinion); the signals are this model's terms for the adjusted category. The
     * array given to {@code adjust} is scratch space: return it or a new one, never keep it.
     */
    Prediction classify(String title, String text, UnaryOperator<double[]> adjust) {
        TextFeatures.Scratch s = features.extract(title, text);
        double[] p = adjust.apply(score(s));
        int best = 0;
        for (int k = 1; k < classes.length; k++) {
            if (p[k] > p[best]) {
                best = k;
            }
        }
        return new Prediction(classes[best], p[best], signals(s, best));
    }

    /** Probability of every category this model knows, in {@link #categories()} order. */
    public double[] probabilities(String title, String text) {
        return Arrays.copyOf(score(features.extract(title, text)), classes.length);
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

    /** The embedding head stored with this model, if it was trained with one ({@code train --embedding-head}). */
    public Optional<EmbeddingHead> embeddingHead() {
        return Optional.ofNullable(embeddingHead);
    }

    public FeatureSpec spec() {
        return spec;
    }

    List<Category> classList() {
        return List.of(classes);
    }

    /** A copy, in the model file's layout. */
    float[] idf() {
        float[] idf = new float[spec.dimension()];
        for (int j = 0; j < idf.length; j++) {
            idf[j] = model[j * stride];
        }
        return idf;
    }

    /** A copy, in the model file's layout: weights[index * classes + k]. */
    float[] weights() {
        int k = classes.length;
        float[] weights = new float[spec.dimension() * k];
        for (int j = 0; j < spec.dimension(); j++) {
            System.arraycopy(model, j * stride + 1, weights, j * k, k);
        }
        return weights;
    }

    float[] bias() {
        return bias;
    }

    /**
     * The class probabilities of the extracted item, in s.score; s.live/s.x keep the features with a
     * non-zero IDF (sorted) and their block-normalised values for {@link #signals}. The same
     * arithmetic in the same order as {@link #weigh} then the score sum over every feature: a
     * feature whose IDF is 0 (a bucket no training text filled) has the value 0, adds 0 to the
     * squares and +-0 to a score, so leaving it out changes no bit of the result.
     */
    private double[] score(TextFeatures.Scratch s) {
        int k = classes.length;
        if (s.x.length < s.distinct) {
            s.x = new double[Math.max(s.distinct, s.x.length * 2)];
            s.live = new int[s.x.length];
        }
        if (s.score.length < k) {
            s.score = new double[k];
        }
        double[] x = s.x;
        int[] live = s.live;
        int[] index = s.index;
        int[] count = s.count;
        float[] model = this.model;
        int stride = this.stride;
        int kept = 0;
        int keptWords = 0;
        double wordSquares = 0;
        double charSquares = 0;
        for (int j = 0; j < s.distinct; j++) {
            int at = index[j];
            float idf = model[at * stride];
            if (idf == 0) {
                continue;
            }
            int c = count[j];
            // (1 + ln 1) is exactly 1: the common single occurrence skips the logarithm.
            double v = (c == 1 ? 1.0 : 1 + Math.log(c)) * idf;
            x[kept] = v;
            live[kept] = at;
            kept++;
            if (j < s.wordEnd) {
                wordSquares += v * v;
                keptWords = kept;
            } else {
                charSquares += v * v;
            }
        }
        s.liveCount = kept;
        s.liveWordEnd = keptWords;
        divide(x, 0, keptWords, wordSquares);
        divide(x, keptWords, kept, charSquares);
        double[] score = s.score;
        for (int c = 0; c < k; c++) {
            score[c] = bias[c];
        }
        for (int j = 0; j < kept; j++) {
            int base = live[j] * stride + 1;
            double v = x[j];
            for (int c = 0; c < k; c++) {
                score[c] += model[base + c] * v;
            }
        }
        normalisedSigmoids(score, k);
        return score;
    }

    /**
     * One-vs-rest logistic outputs of the first {@code k} scores, normalised to sum to 1 (what LIBLINEAR itself
     * reports); shared with {@link EmbeddingHead} so that the cascade averages probabilities of one kind.
     */
    static void normalisedSigmoids(double[] score, int k) {
        double sum = 0;
        for (int c = 0; c < k; c++) {
            score[c] = 1 / (1 + Math.exp(-score[c]));
            sum += score[c];
        }
        for (int c = 0; c < k; c++) {
            score[c] /= sum;
        }
    }

    private static void divide(double[] x, int from, int to, double squares) {
        if (squares > 0) {
            double norm = Math.sqrt(squares);
            for (int j = from; j < to; j++) {
                x[j] /= norm;
            }
        }
    }

    /**
     * The words and word pairs that pushed hardest towards the chosen category: the first
     * occurrence of each distinct term, by push descending, ties in text order (unigram before the
     * pair it ends). Only the (up to) three chosen terms become Strings.
     */
    private List<String> signals(TextFeatures.Scratch s, int best) {
        int found = 0;
        for (int i = 0; i < s.tokens; i++) {
            for (int pair = 0; pair <= (spec.wordBigrams() && i > 0 ? 1 : 0); pair++) {
                int index = pair == 0 ? s.unigramId[i] : s.bigramId[i];
                int at = Arrays.binarySearch(s.live, 0, s.liveWordEnd, index);
                if (at < 0) {
                    continue;
                }
                double toBest = model[index * stride + 1 + best] * s.x[at];
                if (toBest > 0) {
                    if (found == s.candidate.length) {
                        s.candidate = Arrays.copyOf(s.candidate, found * 2);
                        s.push = Arrays.copyOf(s.push, found * 2);
                    }
                    s.candidate[found] = 2 * i + pair;
                    s.push[found] = toBest;
                    found++;
                }
            }
        }
        if (found == 0) {
            return List.of();
        }
        // Repeated terms: a later occurrence has the same push as the first, which, being earlier,
        // is chosen first; a candidate equal to a chosen one is skipped, as a set of seen terms did.
        int[] chosen = new int[SIGNALS];
        int count = 0;
        boolean[] taken = new boolean[found];
        while (count < SIGNALS) {
            int pick = -1;
            for (int f = 0; f < found; f++) {
                if (!taken[f] && (pick < 0 || s.push[f] > s.push[pick])) {
                    pick = f;
                }
            }
            if (pick < 0) {
                break;
            }
            taken[pick] = true;
            boolean repeat = false;
            for (int c = 0; c < count && !repeat; c++) {
                repeat = sameTerm(s, s.candidate[chosen[c]], s.candidate[pick]);
            }
            if (!repeat) {
                chosen[count++] = pick;
            }
        }
        String[] out = new String[count];
        for (int c = 0; c < count; c++) {
            out[c] = '"' + term(s, s.candidate[chosen[c]]) + "\" +" + twoDecimals(s.push[chosen[c]]);
        }
        return List.of(out);
    }

    /**
     * {@code String.format(Locale.ROOT, "%.2f", v)} for a push (positive, small), without the
     * Formatter's per-call format parsing and locale look-ups (a fifth of the classification's CPU
     * once the features were cheap). Away from a rounding tie, rounding v * 100 in double decides
     * as the Formatter's half-up rounding of v's decimal digits does (both are within 1e-13 of v;
     * the tie margin is 1e-6); at a tie, or out of range, the Formatter itself answers.
     */
    static String twoDecimals(double v) {
        double hundredths = v * 100;
        if (!(hundredths >= 0 && hundredths < 1e7)) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        double floor = Math.floor(hundredths);
        double fraction = hundredths - floor;
        if (Math.abs(fraction - 0.5) < 1e-6) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        long cents = (long) floor + (fraction > 0.5 ? 1 : 0);
        long part = cents % 100;
        return (cents / 100) + (part < 10 ? ".0" : ".") + part;
    }

    private static boolean sameTerm(TextFeatures.Scratch s, int a, int b) {
        if ((a & 1) != (b & 1)) {
            return false;
        }
        int ta = a >>> 1;
        int tb = b >>> 1;
        boolean same = sameToken(s, ta, tb);
        return (a & 1) == 0 ? same : same && sameToken(s, ta - 1, tb - 1);
    }

    private static boolean sameToken(TextFeatures.Scratch s, int a, int b) {
        return Arrays.equals(s.text, s.tokenStart[a], s.tokenEnd[a], s.text, s.tokenStart[b], s.tokenEnd[b]);
    }

    private static String term(TextFeatures.Scratch s, int candidate) {
        int t = candidate >>> 1;
        String token = new String(s.text, s.tokenStart[t], s.tokenEnd[t] - s.tokenStart[t]);
        if ((candidate & 1) == 0) {
            return token;
        }
        return new String(s.text, s.tokenStart[t - 1], s.tokenEnd[t - 1] - s.tokenStart[t - 1]) + " " + token;
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
