package dev.hypercare.triage.rules;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The pattern searches of one item: each pattern within its own budget ({@link BoundedText}), all of them together within
 * {@value #PATTERN_BUDGETS_PER_ITEM} such budgets, and at most {@value #REPORTED} of their give-ups spelt out.
 *
 * <p>Why the item's own budget: a rules document may hold thousands of rules. A review published 2,000 quadratic patterns: each
 * stopped at its own budget (70-85 ms on a 100,000-character text on a slow 2-core machine), together they held a stream
 * thread 156-186 s per such item. Once the item's budget is spent, the remaining patterns count as not matching without being run; the rules'
 * keywords, channels and components still apply. Why the cap on reported give-ups: every one is a line of ~150 bytes in the
 * item's explanation, which goes to four topics and a store.
 *
 * <p>Not thread-safe: one instance per item, in the stream thread that triages it.
 */
final class PatternSearches {

    /** How many single-pattern budgets the patterns of one item may spend together. */
    static final int PATTERN_BUDGETS_PER_ITEM = 10;
    /** Give-ups spelt out in the item's explanation; the others are counted in one further signal. */
    static final int REPORTED = 3;

    private final String text;
    private final long perPattern;
    private long remaining;
    private long lastBudget;
    private int reported;
    private int unreported;

    PatternSearches(String normalizedText) {
        this.text = normalizedText;
        this.perPattern = BoundedText.budgetFor(normalizedText.length());
        this.remaining = PATTERN_BUDGETS_PER_ITEM * perPattern;
    }

    /**
     * Whether {@code pattern} occurs in the text.
     *
     * @throws BoundedText.TooCostly when it reads more than its budget, or the item's patterns have spent theirs
     * @throws StackOverflowError    when a repeated group recurses once per repetition past the thread's stack
     */
    boolean find(Pattern pattern) {
        lastBudget = Math.min(perPattern, remaining);
        BoundedText bounded = BoundedText.of(text, lastBudget);
        try {
            return pattern.matcher(bounded).find();
        } finally {
            remaining = Math.max(0, remaining - bounded.reads());
        }
    }

    /** The budget the last search was given: a pattern's own, or what the item's patterns had left. */
    long lastBudget() {
        return lastBudget;
    }

    /** One pattern's own budget on this text. */
    long perPattern() {
        return perPattern;
    }

    /** Whether a give-up is to be spelt out in the explanation; false once {@value #REPORTED} were (it is then counted). */
    boolean report() {
        if (reported < REPORTED) {
            reported++;
            return true;
        }
        unreported++;
        return false;
    }

    /** Adds the count of give-ups not spelt out, if any, as the last of the item's pattern signals. */
    void summarise(List<String> signals) {
        if (unreported > 0) {
            signals.add(RuleEngine.GAVE_UP_SIGNAL + ": " + unreported + " more pattern" + (unreported == 1 ? "" : "s")
                    + " of this item gave up or were skipped, counted as not matching");
        }
    }
}
