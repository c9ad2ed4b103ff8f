package dev.hypercare.bench;

import java.util.Locale;

/**
 * How commands hand figures to {@code bench/run}: one {@code key=value} line per figure on stdout
 * (human progress goes to stderr), appended by the script to the run's results file and read back by
 * {@link Report}. Keys are dotted, e.g. {@code ingest.open.r2000.p99.ms}.
 */
public final class Results {

    private Results() {
    }

    public static void put(String key, double value) {
        System.out.println(key + "=" + format(value));
    }

    public static void put(String key, long value) {
        System.out.println(key + "=" + value);
    }

    public static void put(String key, String value) {
        System.out.println(key + "=" + value);
    }

    static String format(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        return String.format(Locale.ROOT, "%.2f", value);
    }

    public static void log(String format, Object... args) {
        System.err.printf(Locale.ROOT, format + "%n", args);
    }
}
