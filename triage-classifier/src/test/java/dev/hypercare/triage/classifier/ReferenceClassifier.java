package dev.hypercare.triage.classifier;

import dev.hypercare.model.Category;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The classifier's inference exactly as it was before the allocation-free path (commit e6d2578):
 * tokens as Strings, one FNV-1a pass per n-gram, sort of every n-gram id, signals from every word
 * feature. Kept in test scope as the oracle the fast path must match bit for bit (category,
 * confidence, signals, feature counts), and as the "before" side of {@link ClassifierCpuPerItemBench}.
 * Deliberately a frozen copy: do not "improve" it.
 */
final class ReferenceClassifier {

    private static final int WORD_SEED = 0x5bd1e995;
    private static final int BIGRAM_SEED = 0x27d4eb2f;
    private static final int CHAR_SEED = 0x165667b1;
    private static final int SIGNALS = 3;

    private final FeatureSpec spec;
    private final Category[] classes;
    private final float[] idf;
    private final float[] weights;
    private final float[] bias;

    ReferenceClassifier(LinearTextClassifier model) {
        this.spec = model.spec();
        this.classes = model.classList().toArray(Category[]::new);
        this.idf = model.idf();
        this.weights = model.weights();
        this.bias = model.bias();
    }

    FeedbackClassifier.Prediction classify(String title, String text) {
        List<String> tokens = tokens(title, text);
        TextFeatures.Counts counts = count(spec, tokens);
        double[] x = weigh(counts, idf);
        double[] p = probabilities(counts.index(), x);
        int best = 0;
        for (int k = 1; k < p.length; k++) {
            if (p[k] > p[best]) {
                best = k;
            }
        }
        return new FeedbackClassifier.Prediction(classes[best], p[best], signals(tokens, counts, x, best));
    }

    double[] probabilities(String title, String text) {
        TextFeatures.Counts counts = count(spec, tokens(title, text));
        return probabilities(counts.index(), weigh(counts, idf));
    }

    static TextFeatures.Counts count(FeatureSpec spec, String title, String text) {
        return count(spec, tokens(title, text));
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

    private List<String> signals(List<String> tokens, TextFeatures.Counts counts, double[] x, int best) {
        record Contribution(String term, double value) {
        }
        List<Contribution> all = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int k = classes.length;
        for (WordFeature f : wordFeatures(spec, tokens)) {
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

    record WordFeature(String term, int index) {
    }

    static List<WordFeature> wordFeatures(FeatureSpec spec, List<String> tokens) {
        List<WordFeature> out = new ArrayList<>(tokens.size() * 2);
        int wordMask = spec.wordDim() - 1;
        int previous = 0;
        for (int i = 0; i < tokens.size(); i++) {
            String token = tokens.get(i);
            int h = hash(token, 0, token.length(), WORD_SEED);
            out.add(new WordFeature(token, h & wordMask));
            if (spec.wordBigrams() && i > 0) {
                out.add(new WordFeature(tokens.get(i - 1) + " " + token, bigram(previous, h) & wordMask));
            }
            previous = h;
        }
        return out;
    }

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

    static TextFeatures.Counts count(FeatureSpec spec, List<String> tokens) {
        IntBuffer words = new IntBuffer(tokens.size() * 2 + 1);
        int wordMask = spec.wordDim() - 1;
        int previous = 0;
        for (int i = 0; i < tokens.size(); i++) {
            int h = hash(tokens.get(i), 0, tokens.get(i).length(), WORD_SEED);
            words.add(h & wordMask);
            if (spec.wordBigrams() && i > 0) {
                words.add(bigram(previous, h) & wordMask);
            }
            previous = h;
        }
        IntBuffer chars = new IntBuffer(spec.charMax() == 0 ? 1 : tokens.size() * 24 + 1);
        if (spec.charMax() > 0) {
            int charMask = spec.charDim() - 1;
            int offset = spec.wordDim();
            StringBuilder padded = new StringBuilder(32);
            for (String token : tokens) {
                padded.setLength(0);
                padded.append(' ').append(token).append(' ');
                int length = padded.length();
                for (int n = spec.charMin(); n <= spec.charMax(); n++) {
                    for (int start = 0; start + n <= length; start++) {
                        chars.add(offset + (hash(padded, start, start + n, CHAR_SEED) & charMask));
                    }
                }
            }
        }
        int[] all = new int[words.size + chars.size];
        System.arraycopy(words.values, 0, all, 0, words.size);
        System.arraycopy(chars.values, 0, all, words.size, chars.size);
        Arrays.sort(all);
        int[] index = new int[all.length];
        float[] count = new float[all.length];
        int distinct = 0;
        int wordEnd = 0;
        for (int i = 0; i < all.length; i++) {
            if (distinct > 0 && index[distinct - 1] == all[i]) {
                count[distinct - 1]++;
            } else {
                index[distinct] = all[i];
                count[distinct] = 1;
                distinct++;
                if (all[i] < spec.wordDim()) {
                    wordEnd = distinct;
                }
            }
        }
        return new TextFeatures.Counts(Arrays.copyOf(index, distinct), Arrays.copyOf(count, distinct), wordEnd);
    }

    private static final class IntBuffer {
        int[] values;
        int size;

        IntBuffer(int capacity) {
            values = new int[Math.max(capacity, 4)];
        }

        void add(int v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }
    }

    static List<String> tokens(String title, String text) {
        String joined = title == null || title.isBlank() ? (text == null ? "" : text) : title + " . " + (text == null ? "" : text);
        String folded = fold(joined.length() > TextFeatures.MAX_CHARS ? joined.substring(0, TextFeatures.MAX_CHARS) : joined);
        List<String> tokens = new ArrayList<>(folded.length() / 4 + 1);
        int start = -1;
        for (int i = 0; i < folded.length(); i++) {
            char c = folded.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                if (start < 0) {
                    start = i;
                }
                continue;
            }
            if (start >= 0) {
                tokens.add(folded.substring(start, i));
                start = -1;
            }
            if (c == '?' || c == '!') {
                tokens.add(c == '?' ? "?" : "!");
            }
        }
        if (start >= 0) {
            tokens.add(folded.substring(start));
        }
        return tokens;
    }

    static String fold(String s) {
        boolean ascii = true;
        for (int i = 0; i < s.length() && ascii; i++) {
            ascii = s.charAt(i) < 128;
        }
        String decomposed = ascii ? s : Normalizer.normalize(s, Normalizer.Form.NFKD);
        StringBuilder b = new StringBuilder(decomposed.length());
        for (int i = 0; i < decomposed.length(); i++) {
            char c = decomposed.charAt(i);
            int type = Character.getType(c);
            if (type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK || type == Character.ENCLOSING_MARK) {
                continue;
            }
            if (Character.isDigit(c)) {
                b.append('0');
            } else {
                b.append(Character.toLowerCase(c));
            }
        }
        return b.toString().toLowerCase(Locale.ROOT);
    }

    static int hash(CharSequence s, int from, int to, int seed) {
        int h = 0x811C9DC5 ^ seed;
        for (int i = from; i < to; i++) {
            h ^= s.charAt(i);
            h *= 0x01000193;
        }
        return mix(h);
    }

    private static int bigram(int first, int second) {
        return mix(first * 0x9E3779B1 + second + BIGRAM_SEED);
    }

    private static int mix(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }
}
