package dev.hypercare.triage.rules;

/**
 * The text a rule's pattern searches, read through a budget of character reads.
 *
 * <p>Why: patterns come from the rules topic, written by ops, and {@code java.util.regex} backtracks without bound.
 * Since JDK 9 it remembers where a repeated group already failed, so the textbook {@code (a+)+$} is "only" quadratic,
 * but texts may be 100,000 characters long: {@code (\w+\s?)+$} on a long run of letters, a pattern with a leading
 * {@code .*}, or {@code (.*a){12}} anywhere would hold a stream thread for minutes to years, until the broker evicts it
 * from the group, and then do the same on every instance that takes its task over. No linear-time engine (RE2/J) is among
 * the artifacts this project may use, and RE2's syntax would break the shipped rules' look-arounds, so the matcher keeps
 * java.util.regex and reads the text through this wrapper: every {@link #charAt} counts, and past the budget the search
 * stops with {@link TooCostly}. The budget, a million reads plus a hundred per character, took 70-85 ms on a
 * 100,000-character text in the service on a slow 2-core machine (a review's measurement, warm);
 * the shipped rules need at most 10.4 reads per character on the 7,998 real reviews in ../shared/data
 * (RulesOnRealFeedbackTest checks that even a 100,000-character text read at that rate stays under a fifth of its budget).
 *
 * <p>Not thread-safe: one instance per search.
 */
final class BoundedText implements CharSequence {

    /** Reads allowed per character of text, on top of {@link #BASE_READS}. */
    static final int READS_PER_CHAR = 100;
    /** Reads allowed whatever the length: a quadratic pattern still finishes on texts of several hundred characters. */
    static final int BASE_READS = 1_000_000;

    private final String text;
    private long reads;
    private final long budget;

    private BoundedText(String text, long budget) {
        this.text = text;
        this.budget = budget;
    }

    /** {@code text} with the budget its length earns. */
    static BoundedText of(String text) {
        return of(text, budgetFor(text.length()));
    }

    /** {@code text} with the given budget (what an item's patterns had left: {@link PatternSearches}). */
    static BoundedText of(String text, long budget) {
        return new BoundedText(text, budget);
    }

    /** One pattern's budget on a text of this length. */
    static long budgetFor(int length) {
        return BASE_READS + (long) READS_PER_CHAR * length;
    }

    /** The character reads this text allows. */
    long budget() {
        return budget;
    }

    /** The character reads so far (for measuring what a pattern costs). */
    long reads() {
        return reads;
    }

    @Override
    public char charAt(int index) {
        if (++reads > budget) {
            throw TooCostly.INSTANCE;
        }
        return text.charAt(index);
    }

    @Override
    public int length() {
        return text.length();
    }

    /** Not counted: the regex engine asks for one only to build a group's value, which the rules never read. */
    @Override
    public CharSequence subSequence(int start, int end) {
        return text.subSequence(start, end);
    }

    @Override
    public String toString() {
        return text;
    }

    /** The budget ran out: the pattern is treated as not matching this text. No stack trace: it is thrown per item. */
    static final class TooCostly extends RuntimeException {
        static final TooCostly INSTANCE = new TooCostly();

        private TooCostly() {
            super("pattern exceeded its character-read budget", null, false, false);
        }
    }
}
