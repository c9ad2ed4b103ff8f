package dev.hypercare.model;

/**
 * Strings as every reader can take them back: each unpaired UTF-16 surrogate replaced by U+FFFD, as
 * JavaScript's {@code String.prototype.toWellFormed} does.
 *
 * <p>Why: JSON may carry a lone surrogate as an escape ({@code "\ud83d"}, e.g. a client that cut a text
 * at a byte limit in the middle of an emoji), and Java strings hold it. Jackson writes it back as the same
 * escape, which it reads again as a value but refuses as an object's field name ("Broken surrogate pair in
 * field name"). One such component, a map key in a state store, once stopped the metrics-service for good:
 * every restart failed on the same stored record. The feedback itself is kept: a broken emoji is no reason
 * to lose a report, so it is repaired, not refused.
 */
public final class WellFormed {

    private static final char REPLACEMENT = '\uFFFD';

    private WellFormed() {
    }

    /** {@code s} itself when well-formed (the common case: no copy), else a copy with U+FFFD for each unpaired surrogate. */
    public static String text(String s) {
        if (s == null) {
            return null;
        }
        int first = firstUnpaired(s);
        if (first < 0) {
            return s;
        }
        char[] chars = s.toCharArray();
        for (int i = first; i < chars.length; i++) {
            char c = chars[i];
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < chars.length && Character.isLowSurrogate(chars[i + 1])) {
                    i++; // a pair: keep both
                } else {
                    chars[i] = REPLACEMENT;
                }
            } else if (Character.isLowSurrogate(c)) {
                chars[i] = REPLACEMENT;
            }
        }
        return new String(chars);
    }

    private static int firstUnpaired(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    return i;
                }
            }
        }
        return -1;
    }
}
