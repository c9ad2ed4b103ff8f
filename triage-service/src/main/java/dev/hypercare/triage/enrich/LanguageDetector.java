package dev.hypercare.triage.enrich;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.github.pemistahl.lingua.api.Language;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Detects the language of a feedback text with Lingua's n-gram models (shipped in its Maven artifact) and
 * Lingua's low-accuracy algorithm, computed over one table for all candidate languages.
 *
 * <p>Business rule: only the configured candidate languages can be answered (fewer candidates = fewer confusions
 * on short texts); a text too short or too ambiguous to tell is {@link #UNDETERMINED}.
 *
 * <p>The algorithm is Lingua 1.2's low-accuracy mode: the text is lower-cased and stripped of punctuation and
 * digits; a language whose unique letters fill more than half the words wins outright; letters that only some
 * candidates use (e.g. "ñ", "ç", "ü" in half the words) narrow the candidates; otherwise every distinct
 * three-letter slice adds the log of its probability in each language (falling back to its two-letter, then
 * one-letter prefix when the language never saw it), and the highest sum wins (a tie is undetermined).
 *
 * <p>Why not Lingua's own detector: it keeps one hash map per language and n-gram size, so a text costs one
 * cache-missing lookup (behind a lock) per trigram and language, and every call is handed to the common
 * fork-join pool and waited for. That was a third of triage's CPU. Here a trigram is one lookup in one
 * open-addressing table whose row holds the log-probabilities of all candidates, in the calling thread, with no
 * allocation per trigram. On the 7,998 labelled reviews it gives the same answer as Lingua for the figures in
 * docs/triage.md ("Cost per record"). Models are loaded once, at construction.
 */
public final class LanguageDetector {

    public static final String UNDETERMINED = "und";
    /**
     * Only the beginning of a text is looked at: the evidence saturates long before, and a cut at a space keeps
     * words whole. 120 characters is where Lingua itself treats a text as long; on the 7,998 labelled EN/FR reviews
     * of {@code ../shared/data/classification} it gives the same answer as 200 characters for 99.87 % of them.
     */
    static final int MAX_CHARS = 120;

    private final Language[] candidates;
    private final String[] isoCodes;
    /** Per candidate: its unique letters (Lingua's {@code Language.uniqueCharacters}), or "". */
    private final String[] uniqueLetters;
    /** Letters only some candidates use, and which (bit per candidate), after Lingua's CHARS_TO_LANGUAGES_MAPPING. */
    private final String[] narrowingLetters;
    private final int[] narrowingMasks;
    /** By char: whether it is one of the narrowing letters of a group some candidate uses (none is ASCII). */
    private final boolean[] isNarrowingLetter;
    private final NgramTable table;
    /** Per candidate: the scripts it is written in (those holding at least 5 % of its letters' probability). */
    private final java.util.Set<Character.UnicodeScript>[] scripts;
    /** The scripts Lingua's alphabet rule knows; words in any other (or mixed) script do not vote. */
    private static final java.util.Set<Character.UnicodeScript> SCRIPTS = java.util.EnumSet.of(
            Character.UnicodeScript.ARABIC, Character.UnicodeScript.ARMENIAN, Character.UnicodeScript.BENGALI,
            Character.UnicodeScript.CYRILLIC, Character.UnicodeScript.DEVANAGARI, Character.UnicodeScript.GEORGIAN,
            Character.UnicodeScript.GREEK, Character.UnicodeScript.GUJARATI, Character.UnicodeScript.GURMUKHI,
            Character.UnicodeScript.HAN, Character.UnicodeScript.HANGUL, Character.UnicodeScript.HEBREW,
            Character.UnicodeScript.HIRAGANA, Character.UnicodeScript.KATAKANA, Character.UnicodeScript.LATIN,
            Character.UnicodeScript.TAMIL, Character.UnicodeScript.TELUGU, Character.UnicodeScript.THAI);

    /** @param isoCodes ISO 639-1 codes of the candidate languages, e.g. en, fr, de */
    public LanguageDetector(List<String> isoCodes) {
        if (isoCodes.size() < 2) {
            throw new IllegalArgumentException("Language detection needs at least two candidate languages, got " + isoCodes);
        }
        if (isoCodes.size() > 31) {
            throw new IllegalArgumentException("At most 31 candidate languages, got " + isoCodes.size());
        }
        this.candidates = isoCodes.stream().map(LanguageDetector::language).distinct().toArray(Language[]::new);
        this.isoCodes = Arrays.stream(candidates).map(l -> l.getIsoCode639_1().toString().toLowerCase(Locale.ROOT))
                .toArray(String[]::new);
        this.uniqueLetters = Arrays.stream(candidates).map(l -> UNIQUE_LETTERS.getOrDefault(l.name(), ""))
                .toArray(String[]::new);
        int groups = CHARS_TO_LANGUAGES.length;
        this.narrowingLetters = new String[groups];
        this.narrowingMasks = new int[groups];
        for (int g = 0; g < groups; g++) {
            narrowingLetters[g] = CHARS_TO_LANGUAGES[g][0];
            int mask = 0;
            for (int c = 0; c < candidates.length; c++) {
                for (int i = 1; i < CHARS_TO_LANGUAGES[g].length; i++) {
                    if (candidates[c].name().equals(CHARS_TO_LANGUAGES[g][i])) {
                        mask |= 1 << c;
                    }
                }
            }
            narrowingMasks[g] = mask;
        }
        char highest = 0;
        for (String letters : narrowingLetters) {
            for (int i = 0; i < letters.length(); i++) {
                highest = (char) Math.max(highest, letters.charAt(i));
            }
        }
        this.isNarrowingLetter = new boolean[highest + 1];
        for (int g = 0; g < groups; g++) {
            if (narrowingMasks[g] != 0) {
                for (int i = 0; i < narrowingLetters[g].length(); i++) {
                    isNarrowingLetter[narrowingLetters[g].charAt(i)] = true;
                }
            }
        }
        this.table = NgramTable.load(candidates);
        @SuppressWarnings("unchecked")
        java.util.Set<Character.UnicodeScript>[] written = new java.util.Set[candidates.length];
        for (int c = 0; c < candidates.length; c++) {
            written[c] = table.scriptsOf(c);
        }
        this.scripts = written;
    }

    public String detect(String text) {
        if (text == null || text.isBlank()) {
            return UNDETERMINED;
        }
        String sample = text;
        if (text.length() > MAX_CHARS) {
            int cut = text.lastIndexOf(' ', MAX_CHARS);
            sample = text.substring(0, cut > MAX_CHARS / 2 ? cut : MAX_CHARS);
        }
        int found = detectIndex(sample);
        return found < 0 ? UNDETERMINED : isoCodes[found];
    }

    /** The index of the detected candidate, or -1. */
    private int detectIndex(String text) {
        String cleaned = cleanUp(text);
        if (!hasLetter(cleaned)) {
            return -1;
        }
        String[] words = words(cleaned);
        int byRules = detectWithRules(words);
        if (byRules != -2) {
            return byRules;
        }
        int allowed = narrowByScript(words);
        if (allowed == 0) {
            return -1;
        }
        allowed &= narrowByLetters(words);
        if (allowed == 0) {
            return -1;
        }
        if (Integer.bitCount(allowed) == 1) {
            return Integer.numberOfTrailingZeros(allowed);
        }
        if (cleaned.length() < 3) {
            return -1;
        }
        return mostLikely(cleaned, allowed);
    }

    /** Lingua's clean-up: trim, lower case, punctuation and digits removed, runs of whitespace made one space. */
    static String cleanUp(String text) {
        String lower = text.strip().toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder(lower.length());
        boolean space = false;
        for (int i = 0; i < lower.length(); i++) {
            char ch = lower.charAt(i);
            if (isPunctuationOrNumber(ch)) {
                continue;
            }
            if (ch == ' ' || ch == '\t' || ch == '\n' || ch == 0x0B || ch == '\f' || ch == '\r') {
                if (!space) {
                    out.append(' ');
                    space = true;
                }
                continue;
            }
            space = false;
            out.append(ch);
        }
        return out.toString();
    }

    private static boolean isPunctuationOrNumber(char ch) {
        switch (Character.getType(ch)) {
            case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                    Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                    Character.OTHER_PUNCTUATION, Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER,
                    Character.OTHER_NUMBER -> {
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    private static boolean hasLetter(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isLetter(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static String[] words(String text) {
        String[] parts = text.split(" ");
        int n = 0;
        for (String part : parts) {
            if (!part.isEmpty()) {
                parts[n++] = part;
            }
        }
        return n == parts.length ? parts : Arrays.copyOf(parts, n);
    }

    /**
     * Lingua's first rule: each word votes for the one candidate whose unique letters it holds; when the words
     * without such a vote are fewer than half, the most voted candidate wins (a tie decides nothing).
     *
     * @return the candidate, -1 for "none" (Lingua's UNKNOWN answer), -2 when the rule does not decide
     */
    private int detectWithRules(String[] words) {
        int[] counts = null;
        int unknown = 0;
        for (String word : words) {
            int best = -1;
            int bestCount = 0;
            int second = 0;
            int[] wordCounts = null;
            for (int i = 0; i < word.length(); i++) {
                char ch = word.charAt(i);
                for (int c = 0; c < candidates.length; c++) {
                    if (!uniqueLetters[c].isEmpty() && uniqueLetters[c].indexOf(ch) >= 0) {
                        if (wordCounts == null) {
                            wordCounts = new int[candidates.length];
                        }
                        wordCounts[c]++;
                    }
                }
            }
            if (wordCounts != null) {
                int languages = 0;
                for (int c = 0; c < candidates.length; c++) {
                    if (wordCounts[c] > 0) {
                        languages++;
                        if (wordCounts[c] > bestCount) {
                            second = bestCount;
                            bestCount = wordCounts[c];
                            best = c;
                        } else if (wordCounts[c] > second) {
                            second = wordCounts[c];
                        }
                    }
                }
                if (languages > 1 && bestCount == second) {
                    best = -1;
                }
            }
            if (best < 0) {
                unknown++;
            } else {
                if (counts == null) {
                    counts = new int[candidates.length];
                }
                counts[best]++;
            }
        }
        if (counts == null) {
            return -2; // only "unknown" words: Lingua's rule answers UNKNOWN, i.e. goes on to the statistics
        }
        boolean keepUnknown = unknown >= 0.5 * words.length;
        int best = -1;
        int bestCount = keepUnknown ? unknown : 0;
        boolean bestIsUnknown = keepUnknown;
        boolean tie = false;
        int present = keepUnknown ? 1 : 0;
        for (int c = 0; c < candidates.length; c++) {
            if (counts[c] == 0) {
                continue;
            }
            present++;
            if (counts[c] > bestCount) {
                bestCount = counts[c];
                best = c;
                bestIsUnknown = false;
                tie = false;
            } else if (counts[c] == bestCount) {
                tie = true;
            }
        }
        if (present == 1) {
            return bestIsUnknown ? -2 : best;
        }
        if (tie || bestIsUnknown) {
            return -2;
        }
        return best;
    }

    /**
     * Lingua's script rule: when most words are written wholly in one script, only the candidates written in it
     * remain (an Arabic review with a few French words is not French). Several scripts with equal word counts
     * decide nothing. @return a bit per allowed candidate (0: none is written in that script)
     */
    private int narrowByScript(String[] words) {
        int all = (1 << candidates.length) - 1;
        java.util.EnumMap<Character.UnicodeScript, Integer> counts = null;
        for (String word : words) {
            Character.UnicodeScript script = Character.UnicodeScript.of(word.codePointAt(0));
            boolean whole = SCRIPTS.contains(script);
            for (int i = 0; whole && i < word.length(); ) {
                int cp = word.codePointAt(i);
                whole = Character.UnicodeScript.of(cp) == script;
                i += Character.charCount(cp);
            }
            if (whole) {
                if (counts == null) {
                    counts = new java.util.EnumMap<>(Character.UnicodeScript.class);
                }
                counts.merge(script, 1, Integer::sum);
            }
        }
        if (counts == null) {
            return all;
        }
        if (counts.size() > 1 && counts.values().stream().distinct().count() == 1) {
            return all;
        }
        Character.UnicodeScript most = null;
        int mostCount = 0;
        for (var e : counts.entrySet()) {
            if (e.getValue() > mostCount) {
                most = e.getKey();
                mostCount = e.getValue();
            }
        }
        int allowed = 0;
        for (int c = 0; c < candidates.length; c++) {
            if (scripts[c].contains(most)) {
                allowed |= 1 << c;
            }
        }
        return allowed;
    }

    /**
     * Lingua's second rule: letters only some candidates use, in at least half the words, limit the candidates to
     * those languages. @return a bit per allowed candidate
     */
    private int narrowByLetters(String[] words) {
        int all = (1 << candidates.length) - 1;
        int[] counts = new int[candidates.length];
        boolean any = false;
        // Word by word (the counts are sums, so the order does not matter), and only the words holding one of the
        // letters at all: most words (all ASCII words) hold none, and were searched for every letter of every group.
        for (String word : words) {
            if (!hasNarrowingLetter(word)) {
                continue;
            }
            for (int g = 0; g < narrowingLetters.length; g++) {
                int mask = narrowingMasks[g];
                if (mask == 0) {
                    continue;
                }
                String letters = narrowingLetters[g];
                for (int i = 0; i < letters.length(); i++) {
                    if (word.indexOf(letters.charAt(i)) >= 0) {
                        any = true;
                        for (int c = 0; c < candidates.length; c++) {
                            if ((mask & (1 << c)) != 0) {
                                counts[c]++;
                            }
                        }
                    }
                }
            }
        }
        if (!any) {
            return all;
        }
        int subset = 0;
        for (int c = 0; c < candidates.length; c++) {
            if (counts[c] > 0 && counts[c] >= words.length / 2.0) {
                subset |= 1 << c;
            }
        }
        return subset == 0 ? all : subset;
    }

    private boolean hasNarrowingLetter(String word) {
        for (int i = 0; i < word.length(); i++) {
            char ch = word.charAt(i);
            if (ch < isNarrowingLetter.length && isNarrowingLetter[ch]) {
                return true;
            }
        }
        return false;
    }

    /** Sum of log-probabilities of the distinct letter trigrams per allowed candidate; the highest wins. */
    private int mostLikely(String text, int allowed) {
        long[] trigrams = new long[Math.max(0, text.length() - 2)];
        int n = 0;
        for (int i = 0; i + 3 <= text.length(); i++) {
            char a = text.charAt(i);
            char b = text.charAt(i + 1);
            char c = text.charAt(i + 2);
            if (Character.isLetter(a) && Character.isLetter(b) && Character.isLetter(c)) {
                trigrams[n++] = NgramTable.key(a, b, c);
            }
        }
        Arrays.sort(trigrams, 0, n);
        int k = candidates.length;
        double[] sums = new double[k];
        float[] values = table.values;
        long previous = 0;
        for (int t = 0; t < n; t++) {
            long trigram = trigrams[t];
            if (trigram == previous) {
                continue;
            }
            previous = trigram;
            int row = table.row(trigram);
            int bigramRow = -2;
            int unigramRow = -2;
            for (int c = 0; c < k; c++) {
                if ((allowed & (1 << c)) == 0) {
                    continue;
                }
                float v = row < 0 ? Float.NaN : values[row * k + c];
                if (Float.isNaN(v)) {
                    if (bigramRow == -2) {
                        bigramRow = table.row(NgramTable.prefix(trigram, 2));
                    }
                    v = bigramRow < 0 ? Float.NaN : values[bigramRow * k + c];
                    if (Float.isNaN(v)) {
                        if (unigramRow == -2) {
                            unigramRow = table.row(NgramTable.prefix(trigram, 1));
                        }
                        v = unigramRow < 0 ? Float.NaN : values[unigramRow * k + c];
                    }
                }
                if (!Float.isNaN(v)) {
                    sums[c] += v;
                }
            }
        }
        int best = -1;
        double bestSum = 0;
        double secondSum = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < k; c++) {
            // A language none of whose n-grams is known (sum 0) is out, as in Lingua.
            if ((allowed & (1 << c)) == 0 || !(sums[c] < 0)) {
                continue;
            }
            if (best < 0 || sums[c] > bestSum) {
                if (best >= 0) {
                    secondSum = bestSum;
                }
                best = c;
                bestSum = sums[c];
            } else if (sums[c] > secondSum) {
                secondSum = sums[c];
            }
        }
        return best >= 0 && bestSum == secondSum ? -1 : best;
    }

    private static Language language(String isoCode) {
        for (Language language : Language.values()) {
            if (language != Language.UNKNOWN && language.getIsoCode639_1().toString().equalsIgnoreCase(isoCode.trim())) {
                return language;
            }
        }
        throw new IllegalArgumentException("Unknown language code for detection: " + isoCode);
    }

    /** Lingua 1.2.2's {@code Language.uniqueCharacters} (internal there): letters only that language uses. */
    private static final Map<String, String> UNIQUE_LETTERS = Map.ofEntries(
            Map.entry("AZERBAIJANI", "Əə"), Map.entry("CATALAN", "Ïï"), Map.entry("CZECH", "ĚěŘřŮů"),
            Map.entry("ESPERANTO", "ĈĉĜĝĤĥĴĵŜŝŬŭ"), Map.entry("GERMAN", "ß"), Map.entry("HUNGARIAN", "ŐőŰű"),
            Map.entry("KAZAKH", "ӘәҒғҚқҢңҰұ"), Map.entry("LATVIAN", "ĢģĶķĻļŅņ"), Map.entry("LITHUANIAN", "ĖėĮįŲų"),
            Map.entry("MACEDONIAN", "ЃѓЅѕЌќЏџ"), Map.entry("MARATHI", "ळ"), Map.entry("MONGOLIAN", "ӨөҮү"),
            Map.entry("POLISH", "ŁłŃńŚśŹź"), Map.entry("ROMANIAN", "Țţ"), Map.entry("SERBIAN", "ЂђЋћ"),
            Map.entry("SLOVAK", "ĹĺĽľŔŕ"), Map.entry("SPANISH", "¿¡"), Map.entry("UKRAINIAN", "ҐґЄєЇї"),
            Map.entry("VIETNAMESE", "ẰằẦầẲẳẨẩẴẵẪẫẮắẤấẠạẶặẬậỀềẺẻỂểẼẽỄễẾếỆệỈỉĨĩỊịƠơỒồỜờỎỏỔổỞởỖỗỠỡỐốỚớỘộỢợƯưỪừỦủỬửŨũỮữỨứỤụỰựỲỳỶỷỸỹỴỵ"),
            Map.entry("YORUBA", "Ṣṣ"));

    /**
     * Lingua's CHARS_TO_LANGUAGES_MAPPING (letters -> the languages that use them), for the languages of Latin
     * script: the first element is the letters, the rest Lingua's {@link Language} names.
     */
    private static final String[][] CHARS_TO_LANGUAGES = {
            {"Ãã", "PORTUGUESE", "VIETNAMESE"},
            {"ĄąĘę", "LITHUANIAN", "POLISH"},
            {"Żż", "POLISH", "ROMANIAN"},
            {"Îî", "FRENCH", "ROMANIAN"},
            {"Ññ", "BASQUE", "SPANISH"},
            {"ŇňŤť", "CZECH", "SLOVAK"},
            {"Ăă", "ROMANIAN", "VIETNAMESE"},
            {"İıĞğ", "AZERBAIJANI", "TURKISH"},
            {"ẸẹỌọ", "VIETNAMESE", "YORUBA"},
            {"ÐðÞþ", "ICELANDIC", "TURKISH"},
            {"Ûû", "FRENCH", "HUNGARIAN"},
            {"Ōō", "MAORI", "YORUBA"},
            {"ĀāĒēĪī", "LATVIAN", "MAORI", "YORUBA"},
            {"Şş", "AZERBAIJANI", "ROMANIAN", "TURKISH"},
            {"Ďď", "CZECH", "ROMANIAN", "SLOVAK"},
            {"Ćć", "BOSNIAN", "CROATIAN", "POLISH"},
            {"Đđ", "BOSNIAN", "CROATIAN", "VIETNAMESE"},
            {"Ìì", "ITALIAN", "VIETNAMESE", "YORUBA"},
            {"Øø", "BOKMAL", "DANISH", "NYNORSK"},
            {"Ūū", "LATVIAN", "LITHUANIAN", "MAORI", "YORUBA"},
            {"Ëë", "AFRIKAANS", "ALBANIAN", "DUTCH", "FRENCH"},
            {"ÈèÙù", "FRENCH", "ITALIAN", "VIETNAMESE", "YORUBA"},
            {"Êê", "AFRIKAANS", "FRENCH", "PORTUGUESE", "VIETNAMESE"},
            {"Õõ", "ESTONIAN", "HUNGARIAN", "PORTUGUESE", "VIETNAMESE"},
            {"Ôô", "FRENCH", "PORTUGUESE", "SLOVAK", "VIETNAMESE"},
            {"Òò", "CATALAN", "ITALIAN", "VIETNAMESE", "YORUBA"},
            {"Ææ", "BOKMAL", "DANISH", "ICELANDIC", "NYNORSK"},
            {"Åå", "BOKMAL", "DANISH", "NYNORSK", "SWEDISH"},
            {"Ýý", "CZECH", "ICELANDIC", "SLOVAK", "TURKISH", "VIETNAMESE"},
            {"Ää", "ESTONIAN", "FINNISH", "GERMAN", "SLOVAK", "SWEDISH"},
            {"Àà", "CATALAN", "FRENCH", "ITALIAN", "PORTUGUESE", "VIETNAMESE"},
            {"Ââ", "FRENCH", "PORTUGUESE", "ROMANIAN", "TURKISH", "VIETNAMESE"},
            {"Üü", "AZERBAIJANI", "CATALAN", "ESTONIAN", "GERMAN", "HUNGARIAN", "SPANISH", "TURKISH"},
            {"ČčŠšŽž", "BOSNIAN", "CZECH", "CROATIAN", "LATVIAN", "LITHUANIAN", "SLOVAK", "SLOVENE"},
            {"Çç", "ALBANIAN", "AZERBAIJANI", "BASQUE", "CATALAN", "FRENCH", "PORTUGUESE", "TURKISH"},
            {"Öö", "AZERBAIJANI", "ESTONIAN", "FINNISH", "GERMAN", "HUNGARIAN", "ICELANDIC", "SWEDISH", "TURKISH"},
            {"Óó", "CATALAN", "HUNGARIAN", "ICELANDIC", "IRISH", "POLISH", "PORTUGUESE", "SLOVAK", "SPANISH", "VIETNAMESE",
                    "YORUBA"},
            {"ÁáÍíÚú", "CATALAN", "CZECH", "ICELANDIC", "IRISH", "HUNGARIAN", "PORTUGUESE", "SLOVAK", "SPANISH", "VIETNAMESE",
                    "YORUBA"},
            {"Éé", "CATALAN", "CZECH", "FRENCH", "HUNGARIAN", "ICELANDIC", "IRISH", "ITALIAN", "PORTUGUESE", "SLOVAK",
                    "SPANISH", "VIETNAMESE", "YORUBA"},
    };

    /**
     * Uni-, bi- and trigrams of all candidates in one open-addressing table: key = the n-gram's chars packed into a
     * long, row = the natural log of its probability in each candidate (NaN where that language never saw it).
     */
    static final class NgramTable {

        private final long[] keys;
        private final int[] rows;
        final float[] values;
        private final int mask;
        private final java.util.List<java.util.Map<Character.UnicodeScript, Double>> unigramScripts;

        private NgramTable(long[] keys, int[] rows, float[] values,
                           java.util.List<java.util.Map<Character.UnicodeScript, Double>> unigramScripts) {
            this.keys = keys;
            this.rows = rows;
            this.values = values;
            this.mask = keys.length - 1;
            this.unigramScripts = unigramScripts;
        }

        java.util.Set<Character.UnicodeScript> scriptsOf(int candidate) {
            java.util.Map<Character.UnicodeScript, Double> mass = unigramScripts.get(candidate);
            double total = mass.values().stream().mapToDouble(Double::doubleValue).sum();
            java.util.Set<Character.UnicodeScript> written = java.util.EnumSet.noneOf(Character.UnicodeScript.class);
            mass.forEach((script, p) -> {
                if (p >= 0.05 * total) {
                    written.add(script);
                }
            });
            return written;
        }

        /** Chars packed with the length on top, so "ab" and "ab\0" differ; 0 is never a key. */
        static long key(char a, char b, char c) {
            return (3L << 48) | ((long) a << 32) | ((long) b << 16) | c;
        }

        static long prefix(long trigram, int length) {
            long a = (trigram >>> 32) & 0xFFFF;
            long b = (trigram >>> 16) & 0xFFFF;
            return length == 2 ? (2L << 48) | (a << 32) | (b << 16) : (1L << 48) | (a << 32);
        }

        private static long key(String ngram) {
            long key = (long) ngram.length() << 48;
            for (int i = 0; i < ngram.length(); i++) {
                key |= (long) ngram.charAt(i) << (32 - 16 * i);
            }
            return key;
        }

        int row(long key) {
            int slot = hash(key) & mask;
            while (true) {
                long k = keys[slot];
                if (k == key) {
                    return rows[slot];
                }
                if (k == 0) {
                    return -1;
                }
                slot = (slot + 1) & mask;
            }
        }

        private static int hash(long key) {
            long h = key * 0x9E3779B97F4A7C15L;
            return (int) (h ^ (h >>> 29));
        }

        static NgramTable load(Language[] languages) {
            int k = languages.length;
            Builder builder = new Builder(k);
            for (int c = 0; c < k; c++) {
                String iso = languages[c].getIsoCode639_1().toString().toLowerCase(Locale.ROOT);
                for (String file : new String[] {"unigrams", "bigrams", "trigrams"}) {
                    String path = "/language-models/" + iso + "/" + file + ".json";
                    try (InputStream in = Language.class.getResourceAsStream(path)) {
                        if (in == null) {
                            throw new IllegalStateException("No Lingua language model at " + path);
                        }
                        read(in, c, builder);
                    } catch (IOException e) {
                        throw new UncheckedIOException("Cannot read Lingua language model " + path, e);
                    }
                }
            }
            return builder.build();
        }

        /** Lingua's model files: {"language": ..., "ngrams": {"numerator/denominator": "ngram ngram ...", ...}}. */
        private static void read(InputStream in, int candidate, Builder builder) throws IOException {
            try (JsonParser parser = new JsonFactory().createParser(in)) {
                if (parser.nextToken() != JsonToken.START_OBJECT) {
                    throw new IOException("not a Lingua model");
                }
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String field = parser.currentName();
                    JsonToken value = parser.nextToken();
                    if (!"ngrams".equals(field)) {
                        parser.skipChildren();
                        continue;
                    }
                    if (value != JsonToken.START_OBJECT) {
                        throw new IOException("ngrams is not an object");
                    }
                    while (parser.nextToken() == JsonToken.FIELD_NAME) {
                        String fraction = parser.currentName();
                        parser.nextToken();
                        String ngrams = parser.getText();
                        int slash = fraction.indexOf('/');
                        // Lingua reads the fraction as a float probability and sums ln(probability) as floats.
                        float probability = (float) (Double.parseDouble(fraction.substring(0, slash))
                                / Double.parseDouble(fraction.substring(slash + 1)));
                        float ln = (float) Math.log(probability);
                        int start = 0;
                        for (int i = 0; i <= ngrams.length(); i++) {
                            if (i == ngrams.length() || ngrams.charAt(i) == ' ') {
                                if (i > start) {
                                    String ngram = ngrams.substring(start, i);
                                    builder.put(key(ngram), candidate, ln);
                                    if (ngram.length() == 1) {
                                        builder.unigramScripts.get(candidate).merge(Character.UnicodeScript.of(ngram.charAt(0)),
                                                (double) probability, Double::sum);
                                    }
                                }
                                start = i + 1;
                            }
                        }
                    }
                }
            }
        }

        private static final class Builder {
            private final int k;
            private final java.util.HashMap<Long, Integer> rowOf = new java.util.HashMap<>();
            private float[] values = new float[0];
            private int rowsUsed;
            final java.util.List<java.util.Map<Character.UnicodeScript, Double>> unigramScripts = new java.util.ArrayList<>();

            Builder(int k) {
                this.k = k;
                for (int c = 0; c < k; c++) {
                    unigramScripts.add(new java.util.EnumMap<>(Character.UnicodeScript.class));
                }
            }

            void put(long key, int candidate, float ln) {
                Integer row = rowOf.get(key);
                if (row == null) {
                    row = rowsUsed++;
                    rowOf.put(key, row);
                    if (values.length < rowsUsed * k) {
                        int old = values.length;
                        values = Arrays.copyOf(values, Math.max(1024 * k, old * 2));
                        Arrays.fill(values, old, values.length, Float.NaN);
                    }
                }
                values[row * k + candidate] = ln;
            }

            NgramTable build() {
                int capacity = Integer.highestOneBit(Math.max(16, rowOf.size() * 2)) << 1;
                long[] keys = new long[capacity];
                int[] rows = new int[capacity];
                int mask = capacity - 1;
                rowOf.forEach((key, row) -> {
                    int slot = hash(key) & mask;
                    while (keys[slot] != 0) {
                        slot = (slot + 1) & mask;
                    }
                    keys[slot] = key;
                    rows[slot] = row;
                });
                return new NgramTable(keys, rows, Arrays.copyOf(values, rowsUsed * k), unigramScripts);
            }
        }
    }
}
