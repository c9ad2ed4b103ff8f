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
        return isAscii(text) ? asciiNormalize(text) : generalNormalize(text);
    }

    /** Any text: the reference the ASCII path must agree with. */
    static String generalNormalize(String text) {
        return WHITESPACE.matcher(stripAccents(text).toLowerCase(Locale.ROOT)).replaceAll(" ").trim();
    }

    /**
     * The same result as the general path for ASCII text, in one pass: ASCII has no accents and no typographic
     * apostrophes (NFD leaves it as it is), lower-casing is A-Z only, and {@code \s} is [ \t\n\x0B\f\r].
     * Most feedback is ASCII, and every step of triage normalises it.
     */
    static String asciiNormalize(String text) {
        StringBuilder out = new StringBuilder(text.length());
        boolean inSpace = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\013' || c == '\f' || c == '\r') {
                inSpace = true;
                continue;
            }
            if (inSpace) {
                out.append(' ');
                inSpace = false;
            }
            out.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
        }
        if (inSpace) {
            out.append(' ');
        }
        return out.toString().trim();
    }

    private static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
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
