package dev.hypercare.triage.explain;

import java.util.Locale;

/**
 * A number with two decimals, exactly as {@code String.format(Locale.ROOT, "%.2f", value)} writes it, for the
 * explanation signals every triaged record carries (sentiment, model confidence).
 *
 * <p>Why not {@code String.format}: it parses its format string with a regular expression and builds a
 * {@code Formatter} on every call; two of them per record were ~4 % of the stream thread's profile. Here the
 * value is scaled and rounded half-up in {@code double}s, which gives the same digits as the formatter's half-up
 * rounding of the value's decimal form unless the scaled value lies within 1e-6 of a rounding boundary (x.5):
 * those few go to {@code String.format} itself, so every result is the formatter's.
 */
public final class TwoDecimals {

    /** Far above any rounding error of |value| x 100 (one ulp of the scaled value: ~1.5e-11 at 1e3, ~1.5e-8 at the 1e6 limit) and far below 0.5. */
    private static final double AMBIGUOUS = 1e-6;
    /** Above this the scaled value's ulp is no longer small against {@link #AMBIGUOUS}: formatter. */
    private static final double FAST_LIMIT = 1e6;

    private TwoDecimals() {
    }

    public static String format(double value) {
        StringBuilder out = new StringBuilder(8);
        append(out, value);
        return out.toString();
    }

    /** Appends {@code value} with two decimals ({@code %.2f}, {@link Locale#ROOT}) to {@code out}. */
    public static StringBuilder append(StringBuilder out, double value) {
        double magnitude = Math.abs(value);
        if (!(magnitude < FAST_LIMIT)) { // also NaN
            return out.append(String.format(Locale.ROOT, "%.2f", value));
        }
        double scaled = magnitude * 100.0;
        double whole = Math.floor(scaled);
        double fraction = scaled - whole;
        if (Math.abs(fraction - 0.5) < AMBIGUOUS) {
            return out.append(String.format(Locale.ROOT, "%.2f", value));
        }
        long hundredths = (long) whole + (fraction > 0.5 ? 1 : 0);
        // The formatter keeps the sign of negative values that round to zero, and of -0.0: "-0.00".
        if (Double.doubleToRawLongBits(value) < 0) {
            out.append('-');
        }
        long cents = hundredths % 100;
        return out.append(hundredths / 100).append('.').append((char) ('0' + cents / 10)).append((char) ('0' + cents % 10));
    }
}
