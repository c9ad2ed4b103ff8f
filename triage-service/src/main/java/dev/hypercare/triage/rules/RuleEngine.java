package dev.hypercare.triage.rules;

import dev.hypercare.model.Category;
import dev.hypercare.model.Flag;
import dev.hypercare.model.RawFeedback;
import dev.hypercare.triage.classifier.FeedbackClassifier;
import dev.hypercare.triage.explain.TwoDecimals;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Categorises feedback with an ordered rule set.
 *
 * <p>Business rule: rules are tried in order; the <b>first</b> matching rule that names a category
 * decides it (confidence 1.0); flags <b>accumulate</b> from every matching rule. When no rule names a
 * category the item is {@link Category#OTHER} with confidence 0 and is marked for human review.
 * A rule that {@linkplain Rule.Then#refines() refines} the classifier's categories decides only where the
 * classifier, asked then, says one of them; one that {@linkplain Rule.Then#yieldsTo() yields to} some decides everywhere
 * but where the classifier says one of those with at least the review confidence; elsewhere the next rules are tried.
 * Keywords match whole words only ("down" does not match "download"), ignoring case and accents.
 *
 * <p>Immutable and thread-safe: compiled once per rule set, shared by all stream threads. A live
 * rules topic will swap whole engines, never mutate one.
 */
public final class RuleEngine {

    /** No rule decided: the category is a guess and a human should look at it. */
    public static final double NO_MATCH_CONFIDENCE = 0.0;
    public static final double RULE_MATCH_CONFIDENCE = 1.0;
    public static final String DEFAULT_DECIDER = "default";
    /** Start of the signal recorded when no category rule matched. */
    public static final String NO_RULE_SIGNAL = "no category rule matched";
    /** Start of the signal recorded when a pattern ran out of its budget on an item ({@link BoundedText}). */
    public static final String GAVE_UP_SIGNAL = "pattern gave up";

    private static final Logger LOG = Logger.getLogger(RuleEngine.class);

    private static final Pattern NON_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");

    private final RuleSet ruleSet;
    private final List<CompiledRule> rules;

    public RuleEngine(RuleSet ruleSet) {
        this.ruleSet = ruleSet.validate();
        this.rules = ruleSet.rules().stream().map(CompiledRule::compile).toList();
    }

    public String rulesVersion() {
        return ruleSet.version();
    }

    public int ruleCount() {
        return rules.size();
    }

    public Categorisation categorise(RawFeedback feedback) {
        return categorise(feedback, null, 0);
    }

    /**
     * @param model       the classifier's prediction for this item, asked only when a refining or yielding rule matches
     *                    (memoized by the caller, which asks it again when no rule decides); null without a classifier
     * @param reviewBelow a refined decision takes the model's confidence: below this it needs review; a yielding rule
     *                    yields only to a model at least this confident
     */
    public Categorisation categorise(RawFeedback feedback, Supplier<FeedbackClassifier.Prediction> model, double reviewBelow) {
        String text = TextNormalizer.normalize(joinTitleAndText(feedback));
        Set<String> words = TextNormalizer.wordSet(text);
        String component = TextNormalizer.normalize(feedback.component());
        Category category = null;
        String decidedBy = DEFAULT_DECIDER;
        Set<Flag> flags = EnumSet.noneOf(Flag.class);
        List<String> signals = new ArrayList<>();
        FeedbackClassifier.Prediction refined = null;
        PatternSearches searches = new PatternSearches(text);

        for (CompiledRule rule : rules) {
            Optional<String> evidence = rule.match(text, words, feedback, component, searches, signals);
            if (evidence.isEmpty()) {
                continue;
            }
            Rule.Then then = rule.rule.then();
            // Only the first category rule decides; later ones may still contribute flags.
            boolean decidesCategory = category == null && then.category() != null;
            if (decidesCategory && then.asksTheModel() && model != null) {
                FeedbackClassifier.Prediction prediction = model.get();
                // RuleSet.validate allows one of the two: a rule either refines or yields
                if (then.refines().contains(prediction.category())) {
                    refined = prediction;
                } else if (!then.refines().isEmpty()) {
                    decidesCategory = false;
                    signals.add(evidence.get() + " -> " + then.category() + " only where the model says " + names(then.refines())
                            + "; it says " + prediction.category() + " (rule " + rule.rule.id() + ")");
                } else if (then.yieldsTo().contains(prediction.category()) && prediction.confidence() >= reviewBelow) {
                    // Only to an answer the model would stand by alone: an unsure model does not outweigh the wording.
                    decidesCategory = false;
                    StringBuilder signal = new StringBuilder(evidence.get()).append(" -> ").append(then.category())
                            .append(" unless the model says ").append(names(then.yieldsTo())).append("; it says ")
                            .append(prediction.category()).append(" (confidence ");
                    TwoDecimals.append(signal, prediction.confidence());
                    signals.add(signal.append(") (rule ").append(rule.rule.id()).append(')').toString());
                }
            }
            if (decidesCategory) {
                category = then.category();
                decidedBy = "rule:" + rule.rule.id();
            }
            flags.addAll(then.flags());
            String outcome = outcome(then, decidesCategory);
            if (!outcome.isEmpty()) {
                StringBuilder signal = new StringBuilder(evidence.get()).append(" -> ").append(outcome);
                if (decidesCategory && refined != null) {
                    signal.append(", refining the model's ").append(refined.category()).append(" (confidence ");
                    TwoDecimals.append(signal, refined.confidence());
                    signal.append(')');
                }
                signals.add(signal.append(" (rule ").append(rule.rule.id()).append(')').toString());
            }
        }

        searches.summarise(signals);
        if (category == null) {
            signals.add(NO_RULE_SIGNAL + " -> OTHER, needs review");
            return new Categorisation(Category.OTHER, flags, NO_MATCH_CONFIDENCE, true, DEFAULT_DECIDER,
                    ruleSet.version(), signals);
        }
        if (refined != null) {
            // The model decided "not a bug, not a wish"; the rule only named the kind: the model's confidence stands.
            return new Categorisation(category, flags, refined.confidence(), refined.confidence() < reviewBelow, decidedBy,
                    ruleSet.version(), signals);
        }
        return new Categorisation(category, flags, RULE_MATCH_CONFIDENCE, false, decidedBy, ruleSet.version(), signals);
    }

    private static String names(Set<Category> categories) {
        return categories.stream().sorted().map(Category::name).collect(Collectors.joining(" or "));
    }

    private static String outcome(Rule.Then then, boolean decidesCategory) {
        List<String> parts = new ArrayList<>();
        if (decidesCategory) {
            parts.add(then.category().name());
        }
        then.flags().stream().sorted().map(Flag::name).forEach(parts::add);
        return String.join(", ", parts);
    }

    /**
     * Where {@code keyword} occurs in {@code text} as whole words: not preceded or followed by a letter or number.
     * The same matches as the regex {@code (?<![\p{L}\p{N}])keyword(?![\p{L}\p{N}])}, found with
     * {@code String.indexOf} (a vectorised search) instead of a Unicode class test at every position of the text.
     */
    static boolean containsWholeWord(String text, String keyword) {
        int from = 0;
        while (true) {
            int at = text.indexOf(keyword, from);
            if (at < 0) {
                return false;
            }
            int end = at + keyword.length();
            // Behind, the regex looks at one char (a supplementary letter before a keyword does not count, it is
            // two surrogates to java.util.regex); ahead, at one code point: the same here.
            if ((at == 0 || !TextNormalizer.isWordChar(text.charAt(at - 1))) && (end >= text.length() || !TextNormalizer.isWordChar(text.codePointAt(end)))) {
                return true;
            }
            from = at + 1;
        }
    }

    private static String joinTitleAndText(RawFeedback feedback) {
        return feedback.title() == null ? feedback.text() : feedback.title() + "\n" + feedback.text();
    }

    /** A rule with its keywords and patterns compiled; all matching happens on normalised text. */
    /** @param warned patterns already logged as giving up: once per pattern and engine, the metric counts the rest */
    private record CompiledRule(Rule rule, List<Term> terms, List<String> components, Set<String> warned) {

        /**
         * @param requiredWord for a keyword, its longest word: a whole-word match of the keyword implies the text
         *                     contains that word, so a set lookup skips the regex for almost every keyword
         *                     (null for patterns, which always run)
         */
        record Term(String label, Pattern pattern, String requiredWord, String keyword) {

            /**
             * @throws BoundedText.TooCostly when a pattern reads more of the text than its budget
             * @throws StackOverflowError    when a repeated group recurses once per repetition past the thread's stack
             */
            boolean find(String normalizedText, PatternSearches searches) {
                return keyword != null ? containsWholeWord(normalizedText, keyword) : searches.find(pattern);
            }
        }

        /**
         * Texts on which a pattern whose cost grows with the cube of the text or faster ({@code ((a+)+)+$},
         * {@code (.*a){12}}) runs out of its budget, while a linear or quadratic one finishes: runs of one letter, digit
         * or space, and of pairs, ending in a character that makes the match fail late, for "a", "1", " " and every
         * letter and digit the pattern names. A quadratic pattern passes: it gives up only on long texts, at run time.
         */
        static List<String> probes(String regex) {
            StringBuilder units = new StringBuilder("a1 ");
            regex.toLowerCase(Locale.ROOT).chars().filter(Character::isLetterOrDigit).distinct().limit(40)
                    .forEach(c -> units.append((char) c));
            List<String> probes = new ArrayList<>();
            for (int i = 0; i < units.length(); i++) {
                char c = units.charAt(i);
                probes.add(String.valueOf(c).repeat(PROBE_LENGTH) + "!");
                probes.add((c + " ").repeat(PROBE_LENGTH / 2) + "!");
                probes.add((c + "-").repeat(PROBE_LENGTH / 2) + "!");
            }
            return probes;
        }

        /** Long enough that a cubic search is far over the budget (64 million reads), short enough that a quadratic one is not. */
        private static final int PROBE_LENGTH = 400;

        private static final String SKIPPED = "was skipped";

        /** Reports a pattern that gave up on this text (counted as not matching: returns false); logs it once. */
        private boolean gaveUp(Term term, String what, String normalizedText, PatternSearches searches, List<String> signals) {
            if (searches.report()) {
                signals.add(GAVE_UP_SIGNAL + ": " + term.label + " of rule " + rule.id() + " " + what + " this "
                        + normalizedText.length() + "-character text; counted as not matching");
            }
            // A pattern skipped for another's cost is not at fault: only those that ran out of their own are named.
            if (!what.startsWith(SKIPPED) && warned.add(term.label)) {
                LOG.warnf("Rule %s: %s %s a %d-character text and was counted as not matching. It will do so again on"
                        + " such texts: rewrite it and publish a new version. Items with such patterns are counted in"
                        + " hypercare_triage_rules_gave_up_items_total.", rule.id(), term.label, what, normalizedText.length());
            }
            return false;
        }

        static CompiledRule compile(Rule rule) {
            List<Term> terms = new ArrayList<>();
            for (String keyword : rule.when().keywords()) {
                String normalized = TextNormalizer.normalize(keyword);
                // Letters or digits on either side mean we are inside another word ("download").
                String longest = null;
                for (String word : NON_WORD.split(normalized)) {
                    if (longest == null || word.length() > longest.length()) {
                        longest = word;
                    }
                }
                terms.add(new Term("keyword \"" + keyword + "\"",
                        Pattern.compile("(?<![\\p{L}\\p{N}])" + Pattern.quote(normalized) + "(?![\\p{L}\\p{N}])"),
                        longest == null || longest.isEmpty() ? null : longest, normalized.isEmpty() ? null : normalized));
            }
            for (String regex : rule.when().patterns()) {
                Pattern pattern;
                try {
                    pattern = Pattern.compile(TextNormalizer.stripAccents(regex), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
                } catch (PatternSyntaxException e) {
                    throw new RuleSet.InvalidRuleSetException("rule " + rule.id() + ": invalid pattern " + regex, e);
                }
                // Refused on publication rather than found out on the first unlucky item: the previous rules stay.
                for (String probe : probes(regex)) {
                    try {
                        pattern.matcher(BoundedText.of(probe)).find();
                    } catch (StackOverflowError e) {
                        // Caught here too: in the global thread that reads the rules topic it would stop the service,
                        // again on every restart, the document being still on the compacted topic.
                        throw new RuleSet.InvalidRuleSetException("rule " + rule.id() + ": pattern " + regex
                                + " recurses too deep (a stack overflow on \"" + probe.substring(0, 12) + "...\", "
                                + probe.length() + " characters); avoid repeating groups that nest other groups");
                    } catch (BoundedText.TooCostly e) {
                        throw new RuleSet.InvalidRuleSetException("rule " + rule.id() + ": pattern " + regex
                                + " backtracks catastrophically (on \"" + probe.substring(0, 12) + "...\", " + probe.length()
                                + " characters, it read more than " + BoundedText.budgetFor(probe.length())
                                + " characters); avoid nested quantifiers such as ((a+)+)+ and repeated groups of .*");
                    }
                }
                terms.add(new Term("pattern /" + regex + "/", pattern, null, null));
            }
            List<String> components = rule.when().components().stream().map(TextNormalizer::normalize).toList();
            return new CompiledRule(rule, List.copyOf(terms), components, ConcurrentHashMap.newKeySet());
        }

        /**
         * The evidence when every given condition holds, else empty.
         *
         * @param searches the item's pattern budget
         * @param signals  where a pattern that gave up on this text is reported (it counts as not matching)
         */
        Optional<String> match(String normalizedText, Set<String> words, RawFeedback feedback, String normalizedComponent,
                PatternSearches searches, List<String> signals) {
            List<String> evidence = new ArrayList<>();
            if (!terms.isEmpty()) {
                Term hit = null;
                for (Term t : terms) {
                    if (t.requiredWord != null && !words.contains(t.requiredWord)) {
                        continue;
                    }
                    boolean found;
                    try {
                        found = t.find(normalizedText, searches);
                    } catch (BoundedText.TooCostly e) {
                        // Given less than its own budget, a pattern ran out of what the others left: not its fault.
                        found = gaveUp(t, searches.lastBudget() < searches.perPattern()
                                        ? SKIPPED + " or cut short, the item's patterns having spent their budget, on"
                                        : "read more than " + searches.lastBudget() + " characters of",
                                normalizedText, searches, signals);
                    } catch (StackOverflowError e) {
                        // java.util.regex recurses once per repetition of a group such as (?:ab|cd)+: on a text of a few
                        // thousand repetitions it overflows the stack. Caught here, where the stack has unwound to a
                        // frame that owns nothing; uncaught, it would kill the stream thread, and its replacement would
                        // meet the same record.
                        found = gaveUp(t, "recursed deeper than the thread's stack on", normalizedText, searches, signals);
                    }
                    if (found) {
                        hit = t;
                        break;
                    }
                }
                if (hit == null) {
                    return Optional.empty();
                }
                evidence.add(hit.label);
            }
            if (!rule.when().channels().isEmpty()) {
                if (feedback.channel() == null || !rule.when().channels().contains(feedback.channel())) {
                    return Optional.empty();
                }
                evidence.add("channel " + feedback.channel());
            }
            if (!components.isEmpty()) {
                if (!components.contains(normalizedComponent)) {
                    return Optional.empty();
                }
                evidence.add("component \"" + feedback.component() + "\"");
            }
            return Optional.of(evidence.stream().collect(Collectors.joining(" + ")));
        }
    }
}
