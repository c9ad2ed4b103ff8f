package dev.hypercare.triage.rules;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Puts free text and rule wording into one comparable form: accents removed, lower case, typographic
 * apostrophes straightened and whitespace collapsed. Users type "Ça ne fonctionne plus", "ca ne
 * fonctionne plus" or "ÇA NE FONCTIONNE PLUS" for the same thing, so rules match all three.
 */
public final class TextNormalizer {

    private static final Pattern COMBINING_MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private TextNormalizer() {
    }

    /** Accent- and case-folded text, for keyword matching. */
    public static String normalize(String text) {
        if (text == null) {
            return "";
        }
        return WHITESPACE.matcher(stripAccents(text).toLowerCase(Locale.ROOT)).replaceAll(" ").trim();
    }

    /**
     * Accents removed but case kept: used on regular expressions, where lower-casing would change
     * the meaning of escapes such as {@code \S} or {@code \D}.
     */
    public static String stripAccents(String text) {
        if (text == null) {
            return "";
        }
        // NFD splits "é" into "e" + a combining accent, which is then dropped.
        String decomposed = Normalizer.normalize(text, Normalizer.Form.NFD);
        return COMBINING_MARKS.matcher(decomposed).replaceAll("")
                .replace('\u2019', '\'')
                .replace('\u2018', '\'')
                .replace('\u02BC', '\'');
    }
}
