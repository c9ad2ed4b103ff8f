package dev.hypercare.triage.enrich;

import dev.hypercare.triage.rules.TextNormalizer;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Sentiment of a feedback text: a logistic-regression model over hashed word unigrams and bigrams of the
 * accent- and case-folded text, trained on star-rated app reviews in English and French (see
 * {@link SentimentTrainer}; 4-5 stars positive, 1-2 negative). Bigrams carry negation ("not working",
 * "ne marche") that single words miss.
 *
 * <p>The score is {@code 2 * P(positive) - 1}, so -1 is very negative and +1 very positive. Scoring is a
 * few hundred nanoseconds of hashing and additions: no per-record allocation beyond the tokens. Immutable
 * and thread-safe.
 */
public final class SentimentModel {

    /** The model shipped in the service's jar. */
    public static final String DEFAULT_RESOURCE = "sentiment-model.bin";
    private static final int MAGIC = 0x53454e54; // "SENT"

    private final String version;
    private final float[] weights;
    private final float bias;
    private final int mask;

    public SentimentModel(String version, float[] weights, float bias) {
        if (Integer.bitCount(weights.length) != 1) {
            throw new IllegalArgumentException("weights length must be a power of two, not " + weights.length);
        }
        this.version = version;
        this.weights = weights;
        this.bias = bias;
        this.mask = weights.length - 1;
    }

    public String version() {
        return version;
    }

    public double score(String text) {
        int[] features = features(text, mask);
        double z = bias;
        for (int f : features) {
            z += weights[f];
        }
        return 2.0 / (1.0 + Math.exp(-z)) - 1.0;
    }

    /** Hashed feature indexes (unigrams and bigrams) of a text; shared with the trainer. */
    static int[] features(String text, int mask) {
        List<String> tokens = TextNormalizer.words(TextNormalizer.normalize(text), true);
        int[] out = new int[tokens.size() * 2];
        int n = 0;
        // The bigram's hash is FNV over "previous token, space, token", continued from the previous token's
        // state: the same value as hashing the concatenated string, without building it.
        int previousState = fnv(FNV_OFFSET, "<s>");
        for (String token : tokens) {
            if (token.isEmpty()) {
                continue;
            }
            int state = fnv(FNV_OFFSET, token);
            out[n++] = spread(state) & mask;
            out[n++] = spread(fnv(step(previousState, ' '), token)) & mask;
            previousState = state;
        }
        return n == out.length ? out : java.util.Arrays.copyOf(out, n);
    }

    private static final int FNV_OFFSET = 0x811c9dc5;

    /** FNV-1a, spread: stable across JVMs (unlike nothing else needed here) and cheap. */
    static int hash(String s) {
        return spread(fnv(FNV_OFFSET, s));
    }

    private static int fnv(int state, String s) {
        int h = state;
        for (int i = 0; i < s.length(); i++) {
            h = step(h, s.charAt(i));
        }
        return h;
    }

    private static int step(int h, char c) {
        return (h ^ c) * 0x01000193;
    }

    private static int spread(int h) {
        return h ^ (h >>> 16);
    }

    public static SentimentModel fromClasspath(String resource) {
        try (InputStream in = SentimentModel.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("No sentiment model " + resource + " on the classpath");
            }
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read sentiment model " + resource, e);
        }
    }

    public static SentimentModel read(InputStream input) throws IOException {
        DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(input));
        if (in.readInt() != MAGIC) {
            throw new IOException("Not a sentiment model file");
        }
        String version = in.readUTF();
        float bias = in.readFloat();
        float[] weights = new float[in.readInt()];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = in.readFloat();
        }
        return new SentimentModel(version, weights, bias);
    }

    public void write(OutputStream output) throws IOException {
        DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(output));
        out.writeInt(MAGIC);
        out.writeUTF(version);
        out.writeFloat(bias);
        out.writeInt(weights.length);
        for (float w : weights) {
            out.writeFloat(w);
        }
        out.flush();
    }
}
