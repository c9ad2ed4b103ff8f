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
 * The words of a report that say what it is about, as log-scaled term frequencies.
 *
 * <p>Rule: text is accent- and case-folded; stop words of English, French, German and Spanish (Lucene's
 * lists, folded the same way) and tokens shorter than three letters or made of digits are dropped; every
 * other token is cut to its first {@value #PREFIX} letters. The prefix is a language-blind stemmer: it
 * joins inflections ("connecting", "connected") and many English/French cognates ("connexion",
 * "connection"; "synchronisation", "synchronization"; "notification") without knowing the language.
 */
public final class TermVector {

    static final int PREFIX = 5;
    /** Also {@link CharNgramTermVector}'s: one stop list for both report vectors. */
    static final Set<String> STOP_WORDS = stopWords();

    private TermVector() {
    }

    /** Term -> 1 + ln(tf). */
    public static Map<String, Double> of(String text) {
        Map<String, Integer> counts = new HashMap<>();
        for (String token : TextNormalizer.words(TextNormalizer.normalize(text), false)) {
            if (token.length() < 3 || STOP_WORDS.contains(token) || isDigits(token)) {
                continue;
            }
            counts.merge(token.length() > PREFIX ? token.substring(0, PREFIX) : token, 1, Integer::sum);
        }
        Map<String, Double> vector = new HashMap<>(counts.size() * 2);
        counts.forEach((term, tf) -> vector.put(term, 1 + Math.log(tf)));
        return vector;
    }

    static boolean isDigits(String token) {
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
