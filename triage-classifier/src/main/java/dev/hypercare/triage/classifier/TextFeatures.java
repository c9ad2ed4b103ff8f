package dev.hypercare.triage.classifier;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Turns a title and a text into hashed word and character n-gram counts. Hashing instead of a
 * vocabulary keeps the model file a fixed, small size and lets unseen words still land on
 * (shared) weights through their character n-grams. Thread-safe: an instance holds only its spec,
 * and {@link #extract} works in per-thread scratch memory.
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

    /** As {@code count(tokens(title, text))}, without the token Strings (the trainer's path). */
    Counts count(String title, String text) {
        Scratch s = extract(title, text);
        float[] count = new float[s.distinct];
        for (int j = 0; j < s.distinct; j++) {
            count[j] = s.count[j];
        }
        return new Counts(Arrays.copyOf(s.index, s.distinct), count, s.wordEnd);
    }

    /**
     * Per-thread working memory of {@link #extract}, reused by every item on that thread, so a warm
     * extraction allocates nothing. ~100 kB; the arrays grow with the item (a {@link #MAX_CHARS}
     * text needs a few MB), and a scratch grown past {@link #RETAINED_IDS} ids is replaced at the
     * thread's next call, so a rare long text is not kept in memory for good. One per thread,
     * shared by every model: nothing in it depends on the spec, and a reloaded model leaves
     * nothing behind.
     */
    static final class Scratch {
        /** The folded text (title " . " text, first {@link #MAX_CHARS} input characters). */
        char[] text = new char[512];
        int length;
        /** Token i is text[tokenStart[i], tokenEnd[i]); tokenHash[i] its word hash before masking. */
        int[] tokenStart = new int[128];
        int[] tokenEnd = new int[128];
        int[] tokenHash = new int[128];
        /** The word feature ids of token i: its unigram, and the bigram it ends (i > 0, bigrams on). */
        int[] unigramId = new int[128];
        int[] bigramId = new int[128];
        int tokens;
        char[] padded = new char[64];
        /** Every feature id, one per occurrence, then sorted in place. */
        int[] ids = new int[2048];
        int idCount;
        int[] sortBuffer = new int[2048];
        final int[] histogram = new int[1 << BUCKET_MAX_BITS];
        /** Sorted distinct feature ids and their counts; the first wordEnd are word features. */
        int[] index = new int[2048];
        int[] count = new int[2048];
        int distinct;
        int wordEnd;
        /** The classifier's: weighted values of the features it keeps, their ids, and class scores. */
        double[] x = new double[2048];
        int[] live = new int[2048];
        int liveCount;
        int liveWordEnd;
        double[] score = new double[8];
        /** The signal candidates: word feature (2 * token + 1 for a bigram) and its push. */
        int[] candidate = new int[256];
        double[] push = new double[256];
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);
    /**
     * Texts up to ~8,000 characters fit below it (about 4 character n-grams per character, plus
     * words): a thread keeps at most ~1 MB of scratch.
     */
    static final int RETAINED_IDS = 1 << 15;

    /** ASCII folds (digits to 0, upper to lower case) and which ASCII characters are token characters. */
    private static final char[] ASCII_FOLD = new char[128];
    private static final boolean[] ASCII_TOKEN_CHAR = new boolean[128];
    /**
     * The fold of a string is the concatenation of the folds of its characters when every character
     * an NFKD decomposition keeps is a canonical starter (canonical reordering only moves
     * non-starters, and the combining marks it moves are dropped) and no context-dependent case
     * mapping applies (final sigma: the per-character lower-casing runs first, so no capital sigma
     * is left). Such characters are folded by look-up instead of a Normalizer pass: below U+0300
     * (Latin, IPA, spacing modifiers: all of them) from this table; above, per 256-character page
     * built on first use (a character that fails the test marks its text for the whole-string
     * {@link #fold}, as before); emoji (U+1F000-U+1FAFF) whose fold is themselves pass through.
     */
    private static final int TABLE_LIMIT = 0x300;
    private static final char[][] FOLD_TABLE = new char[TABLE_LIMIT][];
    /** Pages of the BMP from U+0300 on; a page's entry is null for a character that needs the Normalizer. */
    private static final FoldPage[] FOLD_PAGES = new FoldPage[256];
    private static final int SYMBOLS_FROM = 0x1F000;
    private static final boolean[] PLAIN_SYMBOL = new boolean[0x1FB00 - SYMBOLS_FROM];
    static final int BUCKET_MAX_BITS = 13;

    static {
        for (int c = 0; c < TABLE_LIMIT; c++) {
            FOLD_TABLE[c] = fold(String.valueOf((char) c)).toCharArray();
        }
        for (int c = 0; c < 128; c++) {
            ASCII_FOLD[c] = FOLD_TABLE[c][0];
            ASCII_TOKEN_CHAR[c] = Character.isLetterOrDigit((char) c);
        }
        for (int i = 0; i < PLAIN_SYMBOL.length; i++) {
            String symbol = new String(Character.toChars(SYMBOLS_FROM + i));
            PLAIN_SYMBOL[i] = fold(symbol).equals(symbol) && !symbol.codePoints().anyMatch(Character::isLetterOrDigit);
        }
    }

    /** The folds of 256 consecutive BMP characters; immutable once built (final field: safely shared). */
    private static final class FoldPage {
        final char[][] folds = new char[256][];

        FoldPage(int page) {
            for (int i = 0; i < 256; i++) {
                char c = (char) (page << 8 | i);
                if (Character.isSurrogate(c)) {
                    continue;
                }
                String decomposed = Normalizer.normalize(String.valueOf(c), Normalizer.Form.NFKD);
                boolean starters = true;
                for (int j = 0; j < decomposed.length() && starters; j++) {
                    char d = decomposed.charAt(j);
                    starters = dropped(d) || isStarter(d);
                }
                folds[i] = starters ? fold(String.valueOf(c)).toCharArray() : null;
            }
        }
    }

    /** The fold for a character from U+0300 on, null if it must go through the Normalizer with its text. */
    private static char[] pagedFold(char c) {
        FoldPage page = FOLD_PAGES[c >>> 8];
        if (page == null) {
            // Racing threads may both build it: same content, and the final field publishes it whole.
            page = new FoldPage(c >>> 8);
            FOLD_PAGES[c >>> 8] = page;
        }
        return page.folds[c & 0xFF];
    }

    /**
     * Canonical combining class 0, told through canonical reordering (Java has no accessor for the
     * class): U+0334 has class 1 and U+0301 class 230; a non-starter with class above 1 moves before
     * a following U+0334, one with class below 230 moves before a preceding U+0301.
     */
    private static boolean isStarter(char c) {
        String after = c + "\u0334";
        String before = "\u0301" + c;
        return Normalizer.normalize(after, Normalizer.Form.NFD).equals(after)
                && Normalizer.normalize(before, Normalizer.Form.NFD).equals(before);
    }

    private static boolean dropped(char c) {
        int type = Character.getType(c);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK || type == Character.ENCLOSING_MARK;
    }

    /**
     * The features of one item into this thread's {@link Scratch}: the same ids and counts as
     * {@code count(tokens(title, text))}, without a String per token or n-gram and without sorting
     * by comparison. Valid until the thread's next call.
     */
    Scratch extract(String title, String text) {
        Scratch s = SCRATCH.get();
        if (s.ids.length > RETAINED_IDS || s.text.length > RETAINED_IDS) {
            s = new Scratch();
            SCRATCH.set(s);
        }
        normalise(title, text, s);
        tokenise(s);
        s.idCount = 0;
        int wordMask = spec.wordDim() - 1;
        ensureIds(s, s.tokens * 2);
        if (s.unigramId.length < s.tokens) {
            s.unigramId = new int[s.tokenStart.length];
            s.bigramId = new int[s.tokenStart.length];
        }
        for (int i = 0; i < s.tokens; i++) {
            int h = s.tokenHash[i];
            int unigram = h & wordMask;
            s.unigramId[i] = unigram;
            s.ids[s.idCount++] = unigram;
            if (spec.wordBigrams() && i > 0) {
                int pair = bigram(s.tokenHash[i - 1], h) & wordMask;
                s.bigramId[i] = pair;
                s.ids[s.idCount++] = pair;
            }
        }
        if (spec.charMax() > 0) {
            charGrams(s);
        }
        sortAndCount(s);
        return s;
    }

    /** title + " . " + text (or text alone), first MAX_CHARS characters, folded into s.text. */
    private static void normalise(String title, String text, Scratch s) {
        String body = text == null ? "" : text;
        boolean withTitle = title != null && !title.isBlank();
        s.length = 0;
        int budget = MAX_CHARS;
        boolean folded = true;
        if (withTitle) {
            folded = foldInto(title, budget, s);
            budget -= Math.min(title.length(), budget);
            folded = folded && foldInto(" . ", budget, s);
            budget -= Math.min(3, budget);
        }
        folded = folded && foldInto(body, budget, s);
        if (!folded) {
            String joined = withTitle ? title + " . " + body : body;
            String slow = fold(joined.length() > MAX_CHARS ? joined.substring(0, MAX_CHARS) : joined);
            ensureText(s, slow.length());
            slow.getChars(0, slow.length(), s.text, 0);
            s.length = slow.length();
        }
    }

    /** Whether text is folded by look-up alone (no whole-string Normalizer pass): the fast route. */
    static boolean foldsByLookUp(String text) {
        return foldInto(text, Integer.MAX_VALUE, new Scratch());
    }

    /** Appends the fold of the first {@code budget} characters of part; false if one needs the Normalizer. */
    private static boolean foldInto(String part, int budget, Scratch s) {
        int n = Math.min(part.length(), budget);
        ensureText(s, s.length + n);
        char[] out = s.text;
        int at = s.length;
        for (int i = 0; i < n; i++) {
            char c = part.charAt(i);
            if (c < 128) {
                out[at++] = ASCII_FOLD[c];
            } else if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(part.charAt(i + 1))) {
                    int symbol = Character.toCodePoint(c, part.charAt(i + 1)) - SYMBOLS_FROM;
                    if (symbol < 0 || symbol >= PLAIN_SYMBOL.length || !PLAIN_SYMBOL[symbol]) {
                        return false;
                    }
                    out[at++] = c;
                    out[at++] = part.charAt(++i);
                } else {
                    // An unpaired surrogate: the Normalizer and case mapping leave it as it is.
                    out[at++] = c;
                }
            } else {
                char[] f = c < TABLE_LIMIT ? FOLD_TABLE[c] : pagedFold(c);
                if (f == null) {
                    return false;
                }
                if (at + f.length + (n - i) > out.length) {
                    s.length = at;
                    ensureText(s, at + f.length + (n - i));
                    out = s.text;
                }
                for (char d : f) {
                    out[at++] = d;
                }
            }
        }
        s.length = at;
        return true;
    }

    private static void ensureText(Scratch s, int capacity) {
        if (capacity > s.text.length) {
            s.text = Arrays.copyOf(s.text, Math.max(capacity, s.text.length * 2));
        }
    }

    /** Same tokens as {@link #tokens}: runs of letters or digits, and "?" and "!" on their own. */
    private static void tokenise(Scratch s) {
        char[] text = s.text;
        s.tokens = 0;
        int start = -1;
        for (int i = 0; i < s.length; i++) {
            char c = text[i];
            if (c < 128 ? ASCII_TOKEN_CHAR[c] : Character.isLetterOrDigit(c)) {
                if (start < 0) {
                    start = i;
                }
                continue;
            }
            if (start >= 0) {
                addToken(s, start, i);
                start = -1;
            }
            if (c == '?' || c == '!') {
                addToken(s, i, i + 1);
            }
        }
        if (start >= 0) {
            addToken(s, start, s.length);
        }
    }

    private static void addToken(Scratch s, int start, int end) {
        if (s.tokens == s.tokenStart.length) {
            int grown = s.tokens * 2;
            s.tokenStart = Arrays.copyOf(s.tokenStart, grown);
            s.tokenEnd = Arrays.copyOf(s.tokenEnd, grown);
            s.tokenHash = Arrays.copyOf(s.tokenHash, grown);
        }
        int h = 0x811C9DC5 ^ WORD_SEED;
        char[] text = s.text;
        for (int i = start; i < end; i++) {
            h ^= text[i];
            h *= 0x01000193;
        }
        s.tokenStart[s.tokens] = start;
        s.tokenEnd[s.tokens] = end;
        s.tokenHash[s.tokens] = mix(h);
        s.tokens++;
    }

    /**
     * Character n-grams of " token ": from each start, one FNV-1a pass extended a character at a
     * time, its value mixed at every length from charMin to charMax. Same hash per n-gram as
     * {@link #hash} over the n-gram alone (FNV-1a is a prefix hash), a quarter of the work.
     */
    private void charGrams(Scratch s) {
        int charMin = spec.charMin();
        int charMax = spec.charMax();
        int charMask = spec.charDim() - 1;
        int offset = spec.wordDim();
        int seeded = 0x811C9DC5 ^ CHAR_SEED;
        for (int t = 0; t < s.tokens; t++) {
            int start = s.tokenStart[t];
            int length = s.tokenEnd[t] - start + 2;
            if (s.padded.length < length) {
                s.padded = new char[Math.max(length, s.padded.length * 2)];
            }
            char[] padded = s.padded;
            padded[0] = ' ';
            System.arraycopy(s.text, start, padded, 1, length - 2);
            padded[length - 1] = ' ';
            ensureIds(s, length * (charMax - charMin + 1));
            int[] ids = s.ids;
            int at = s.idCount;
            for (int from = 0; from + charMin <= length; from++) {
                int h = seeded;
                int longest = Math.min(charMax, length - from);
                for (int n = 1; n <= longest; n++) {
                    h ^= padded[from + n - 1];
                    h *= 0x01000193;
                    if (n >= charMin) {
                        ids[at++] = offset + (mix(h) & charMask);
                    }
                }
            }
            s.idCount = at;
        }
    }

    private static void ensureIds(Scratch s, int more) {
        int needed = s.idCount + more;
        if (needed > s.ids.length) {
            s.ids = Arrays.copyOf(s.ids, Math.max(needed, s.ids.length * 2));
        }
    }

    /**
     * Sorts the ids and folds repeats into counts. Sorting: one counting pass on the top bits
     * (about one id per bucket: hashed ids spread evenly) leaves the ids nearly sorted, and an
     * insertion sort finishes with a handful of moves per id; no comparison sort's
     * unpredictable branches. Folding: branch-free, repeats of an id are a third of them and
     * random.
     */
    private void sortAndCount(Scratch s) {
        int n = s.idCount;
        if (n < 24) {
            insertionSort(s.ids, n);
        } else {
            bucketSort(s, n, 32 - Integer.numberOfLeadingZeros(spec.dimension() - 1));
        }
        int[] ids = s.ids;
        if (s.index.length < n) {
            s.index = new int[Math.max(n, s.index.length * 2)];
            s.count = new int[s.index.length];
        }
        int[] index = s.index;
        int[] count = s.count;
        int distinct = 0;
        int previous = -1;
        for (int i = 0; i < n; i++) {
            int id = ids[i];
            int fresh = id != previous ? 1 : 0;
            distinct += fresh;
            index[distinct - 1] = id;
            count[distinct - 1] = (count[distinct - 1] & (fresh - 1)) + 1;
            previous = id;
        }
        int wordEnd = Arrays.binarySearch(index, 0, distinct, spec.wordDim());
        s.distinct = distinct;
        s.wordEnd = wordEnd < 0 ? -wordEnd - 1 : wordEnd;
    }

    private static void bucketSort(Scratch s, int n, int bits) {
        int bucketBits = Math.min(Math.min(bits, BUCKET_MAX_BITS), Math.max(4, 32 - Integer.numberOfLeadingZeros(n - 1)));
        int shift = bits - bucketBits;
        int buckets = 1 << bucketBits;
        if (s.sortBuffer.length < n) {
            s.sortBuffer = new int[Math.max(n, s.sortBuffer.length * 2)];
        }
        int[] from = s.ids;
        int[] to = s.sortBuffer;
        int[] histogram = s.histogram;
        Arrays.fill(histogram, 0, buckets, 0);
        for (int i = 0; i < n; i++) {
            histogram[from[i] >>> shift]++;
        }
        int sum = 0;
        for (int b = 0; b < buckets; b++) {
            int c = histogram[b];
            histogram[b] = sum;
            sum += c;
        }
        for (int i = 0; i < n; i++) {
            int v = from[i];
            to[histogram[v >>> shift]++] = v;
        }
        insertionSort(to, n);
        s.ids = to;
        s.sortBuffer = from;
    }

    /** Insertion sort: for the few ids of a very short item, cheaper than any setup. */
    private static void insertionSort(int[] a, int n) {
        for (int i = 1; i < n; i++) {
            int v = a[i];
            int j = i - 1;
            while (j >= 0 && a[j] > v) {
                a[j + 1] = a[j];
                j--;
            }
            a[j + 1] = v;
        }
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

    static int bigram(int first, int second) {
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
