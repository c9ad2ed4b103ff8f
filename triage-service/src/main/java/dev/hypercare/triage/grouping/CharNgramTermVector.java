package dev.hypercare.triage.grouping;

import dev.hypercare.triage.rules.TextNormalizer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.fr.FrenchAnalyzer;
import org.apache.lucene.analysis.de.GermanAnalyzer;
import org.apache.lucene.analysis.es.SpanishAnalyzer;

/**
 * Test scope, not shipped: the character n-gram report vector measured against the shipped word prefixes
 * ({@link TermVector}) for quality ({@link GroupingExperiment}, same rule) and CPU ({@link GroupingCpuBench}); not
 * shipped because 4-5-grams cost 2.8 times (3-5-grams 3.9 times) the grouping CPU per report (docs/triage-quality.md).
 * What a report is about, as log-scaled counts of the character n-grams of its words.
 *
 * <p>Rule: text is accent- and case-folded; stop words of English, French, German and Spanish (Lucene's
 * lists, folded the same way: general function words, no product words) and tokens shorter than three letters
 * or made of digits are dropped; every other word, marked at both ends ({@code <word>}), gives its character
 * 3- to 5-grams (by default). The n-grams match what whole words and word prefixes miss, without
 * knowing the language or the product: inflections and English/French cognates share most of their n-grams
 * ("connexion"/"connection", "synchronisation"/"synchronization", "notification(s)", "deconnecte"/"disconnects"),
 * and so do typos.
 */
final class CharNgramTermVector {

    static final int MIN_N = 3;
    static final int MAX_N = 5;
    private static final Set<String> STOP_WORDS = stopWords();

    private CharNgramTermVector() {
    }

    /** Term -> 1 + ln(tf), n-grams of {@value #MIN_N} to {@value #MAX_N} characters. */
    public static Map<String, Double> of(String text) {
        return of(text, MIN_N, MAX_N);
    }

    /** Term -> 1 + ln(tf), n-grams of {@code minN} to {@code maxN} characters. */
    public static Map<String, Double> of(String text, int minN, int maxN) {
        Map<String, int[]> counts = new HashMap<>();
        StringBuilder padded = new StringBuilder(32);
        for (String token : TextNormalizer.words(TextNormalizer.normalize(text), false)) {
            if (token.length() < 3 || STOP_WORDS.contains(token) || isDigits(token)) {
                continue;
            }
            padded.setLength(0);
            padded.append('<').append(token).append('>');
            String word = padded.toString();
            int length = word.length();
            for (int start = 0; start + minN <= length; start++) {
                for (int n = minN; n <= maxN && start + n <= length; n++) {
                    int[] count = counts.computeIfAbsent(word.substring(start, start + n), g -> new int[1]);
                    count[0]++;
                }
            }
        }
        Map<String, Double> vector = new HashMap<>(counts.size() * 2);
        counts.forEach((term, tf) -> vector.put(term, tf[0] == 1 ? 1.0 : 1 + Math.log(tf[0])));
        return vector;
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
        return Set.copyOf(words);
    }
}
