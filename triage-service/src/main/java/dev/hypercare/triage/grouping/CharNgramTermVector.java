package dev.hypercare.triage.grouping;

import dev.hypercare.triage.rules.TextNormalizer;
import java.util.HashMap;
import java.util.Map;

/**
 * What a report is about, as log-scaled counts of the character n-grams of its words: the service's report vector
 * for recurring-issue grouping by default ({@code hypercare.triage.grouping.terms=char-ngrams}); {@link TermVector}'s
 * word prefixes remain the alternative ({@code word-prefixes}).
 *
 * <p>Rule: text is accent- and case-folded; stop words of English, French, German and Spanish (the same list as
 * {@link TermVector}: Lucene's, folded the same way: general function words, no product words) and tokens shorter
 * than three letters or made of digits are dropped; every other word, marked at both ends ({@code <word>}), gives
 * its character {@value #MIN_N}- to {@value #MAX_N}-grams. The n-grams match what whole words and word prefixes miss,
 * without knowing the language or the product: inflections and English/French cognates share most of their n-grams
 * ("connexion"/"connection", "synchronisation"/"synchronization", "notification(s)", "deconnecte"/"disconnects"),
 * and so do typos. Why 4-5 and not 3-5: on the labelled clusters, measured on apps the settings were not chosen on,
 * 4-5-grams group best (held-out mean ARI 0.197 against 0.110 for word prefixes and 0.17-0.18 for 3-5-grams) and
 * cost less than 3-5-grams (docs/triage-quality.md, "Recurring-issue grouping").
 *
 * <p>Groups restored from an earlier version keep working (same state, same serde: a centroid is term -> weight
 * either way): the word-prefix term of a word of four letters or more ({@code conne} of "connexion", {@code sync})
 * is also one of that word's 4-5-grams, so an old centroid keeps matching new reports on those terms, more weakly
 * (their three-letter words' terms, such as {@code app}, match no more), and turns into n-grams as it gains members.
 */
public final class CharNgramTermVector {

    static final int MIN_N = 4;
    static final int MAX_N = 5;

    private CharNgramTermVector() {
    }

    /** Term -> 1 + ln(tf), n-grams of {@value #MIN_N} to {@value #MAX_N} characters. */
    public static Map<String, Double> of(String text) {
        return of(text, MIN_N, MAX_N);
    }

    /** Term -> 1 + ln(tf), n-grams of {@code minN} to {@code maxN} characters (other lengths are for measurements). */
    static Map<String, Double> of(String text, int minN, int maxN) {
        Map<String, int[]> counts = new HashMap<>();
        StringBuilder padded = new StringBuilder(32);
        for (String token : TextNormalizer.words(TextNormalizer.normalize(text), false)) {
            if (token.length() < 3 || TermVector.STOP_WORDS.contains(token) || TermVector.isDigits(token)) {
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
}
