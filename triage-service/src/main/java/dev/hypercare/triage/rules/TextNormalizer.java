package dev.hypercare.triage.rules;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Puts free text and rule wording into one comparable form: accents removed, lower case, typographic
 * apostrophes straightened and whitespace collapsed. Users type "Ça ne fonctionne plus", "ca ne
 * fonctionne plus" or "ÇA NE FONCTIONNE PLUS" for the same thing, so rules match all three.
 */
public final class TextNormalizer {

    private TextNormalizer() {
    }

    /** Accent- and case-folded text, for keyword matching. */
    public static String normalize(String text) {
        if (text == null) {
            return "";
        }
        return isAscii(text) ? asciiNormalize(text) : generalNormalize(text);
    }

    /**
     * Any text: the reference the ASCII path must agree with. The same result as
     * {@code stripAccents(text).toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").trim()}, with the whitespace runs
     * collapsed in one pass instead of by a regular expression (sentiment and rules normalise every non-ASCII text).
     */
    static String generalNormalize(String text) {
        return collapseWhitespace(stripAccents(text).toLowerCase(Locale.ROOT));
    }

    /** {@code WHITESPACE.matcher(text).replaceAll(" ").trim()}: {@code \s} is [ \t\n\x0B\f\r]. */
    private static String collapseWhitespace(String text) {
        return collapse(text, false);
    }

    /**
     * The same result as the general path for ASCII text, in one pass: ASCII has no accents and no typographic
     * apostrophes (NFD leaves it as it is), lower-casing is A-Z only, and {@code \s} is [ \t\n\x0B\f\r].
     * Most feedback is ASCII, and every step of triage normalises it.
     */
    static String asciiNormalize(String text) {
        return collapse(text, true);
    }

    /** Whitespace runs to one space, trimmed; A-Z lower-cased too when asked (the ASCII path's whole case fold). */
    private static String collapse(String text, boolean lowerAsciiLetters) {
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
            out.append(lowerAsciiLetters && c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
        }
        if (inSpace) {
            out.append(' ');
        }
        return out.toString().trim();
    }

    /**
     * The runs of letters and digits of a text (and apostrophes, if asked), in order: the non-empty pieces of
     * {@code text.split("[^\\p{L}\\p{N}]+")} (or {@code "[^\\p{L}\\p{N}']+"}), without the regular expression
     * (grouping and sentiment split every text; the regex engine's per-character dispatch cost more than the rest).
     */
    public static List<String> words(String text, boolean apostrophes) {
        return words(text, apostrophes, new ArrayList<>());
    }

    /** The distinct words of a text (as {@link #words} without apostrophes): what whole-word rule conditions look up. */
    public static Set<String> wordSet(String text) {
        return words(text, false, new HashSet<>());
    }

    private static <C extends Collection<String>> C words(String text, boolean apostrophes, C words) {
        int start = -1;
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            if (isWordChar(cp) || (apostrophes && cp == '\'')) {
                if (start < 0) {
                    start = i;
                }
            } else if (start >= 0) {
                words.add(text.substring(start, i));
                start = -1;
            }
            i += Character.charCount(cp);
        }
        if (start >= 0) {
            words.add(text.substring(start));
        }
        return words;
    }

    /** {@code [\p{L}\p{N}]} as java.util.regex defines it: a letter or a number of any kind (general categories L*, N*). */
    public static boolean isWordChar(int cp) {
        if (cp < 0x80) {
            return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
        }
        switch (Character.getType(cp)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER, Character.MODIFIER_LETTER,
                 Character.OTHER_LETTER, Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER -> {
                return true;
            }
            default -> {
                return false;
            }
        }
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
        // NFD splits "é" into "e" + a combining accent, which is then dropped: the code points of category M
        // (\p{M}: Mn, Me, Mc) go, typographic apostrophes become ', in one pass instead of a regex and three replaces.
        String decomposed = Normalizer.normalize(text, Normalizer.Form.NFD);
        StringBuilder out = new StringBuilder(decomposed.length());
        int i = 0;
        while (i < decomposed.length()) {
            int cp = decomposed.codePointAt(i);
            int type = Character.getType(cp);
            if (type != Character.NON_SPACING_MARK && type != Character.ENCLOSING_MARK && type != Character.COMBINING_SPACING_MARK) {
                out.appendCodePoint(cp == '\u2019' || cp == '\u2018' || cp == '\u02BC' ? '\'' : cp);
            }
            i += Character.charCount(cp);
        }
        return out.toString();
    }
}
