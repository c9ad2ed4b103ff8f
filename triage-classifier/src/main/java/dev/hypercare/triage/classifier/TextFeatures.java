package dev.hypercare.triage.classifier;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Turns a title and a text into hashed word and character n-gram counts. Hashing instead of a
 * vocabulary keeps the model file a fixed, small size and lets unseen words still land on
 * (shared) weights through their character n-grams. Stateless and thread-safe.
 */
final class TextFeatures {

    private static final int WORD_SEED = 0x5bd1e995;
    private static final int BIGRAM_SEED = 0x27d4eb2f;
    private static final int CHAR_SEED = 0x165667b1;

    /**
     * Only the first characters count: the category shows early, and the intake accepts up to
     * 1 MB, whose ~14 million character n-grams would cost ~100 MB and a second per item.
     */
    static final int MAX_CHARS = 20_000;

    private final FeatureSpec spec;

    TextFeatures(FeatureSpec spec) {
        this.spec = spec;
    }

    /**
     * Sorted, distinct feature indices with their raw counts. {@code wordEnd} is the number of
     * leading entries in the word block.
     */
    record Counts(int[] index, float[] count, int wordEnd) {
    }

    Counts count(String title, String text) {
        return count(tokens(title, text));
    }

    Counts count(List<String> tokens) {
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
        return new Counts(Arrays.copyOf(index, distinct), Arrays.copyOf(count, distinct), wordEnd);
    }

    /** The readable word features (unigrams, bigrams) with their index, for explanations. */
    record WordFeature(String term, int index) {
    }

    List<WordFeature> wordFeatures(List<String> tokens) {
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

    /**
     * Lower case, accents folded (French reviews are often typed without them), digits mapped to 0
     * (version and model numbers differ between apps, their shape does not), split on anything that
     * is not a letter or digit. "?" and "!" stay as tokens: they mark questions, requests and
     * complaints in every language.
     */
    static List<String> tokens(String title, String text) {
        String joined = title == null || title.isBlank() ? (text == null ? "" : text) : title + " . " + (text == null ? "" : text);
        String folded = fold(joined.length() > MAX_CHARS ? joined.substring(0, MAX_CHARS) : joined);
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

    /** FNV-1a over the characters, finished with murmur3's mixer so low bits are well spread. */
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
}
