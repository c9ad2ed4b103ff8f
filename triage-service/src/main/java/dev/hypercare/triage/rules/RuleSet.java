package dev.hypercare.triage.rules;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An ordered, versioned list of rules. Order matters: the first rule that decides a category wins;
 * flags come from every rule that matches. The version is written into every decision so that a
 * triaged item can always be traced back to the rules that produced it.
 */
public record RuleSet(String version, List<Rule> rules) {

    /**
     * Limits on what ops may publish. Keywords are searched without a budget (a plain {@code indexOf}, whose worst case
     * is the text's length times the keyword's): fifty 10,000-character keywords took 30 s on one long item. Patterns
     * share a budget per item, but 8,000 rules took the global thread 36 s to compile. What a keyword search costs grows
     * with the keywords' total length, so that is bounded too. The shipped rules: 17 rules, 281 terms of 5,544 characters
     * in all, the longest 355.
     */
    public static final int MAX_RULES = 1_000;
    public static final int MAX_TERM_LENGTH = 500;
    public static final int MAX_TERM_CHARACTERS = 50_000;

    public RuleSet {
        rules = rules == null ? List.of() : List.copyOf(rules);
    }

    /** Fails with a message naming the faulty rule, so a bad rule set stops the service at start. */
    public RuleSet validate() {
        if (version == null || version.isBlank()) {
            throw new InvalidRuleSetException("The rule set has no version");
        }
        if (rules.size() > MAX_RULES) {
            throw new InvalidRuleSetException("The rule set has " + rules.size() + " rules; at most " + MAX_RULES + " are accepted");
        }
        long termCharacters = rules.stream().filter(r -> r.when() != null)
                .flatMap(r -> java.util.stream.Stream.concat(r.when().keywords().stream(), r.when().patterns().stream()))
                .mapToLong(String::length).sum(); // Rule.When's lists hold no nulls (List.copyOf)
        if (termCharacters > MAX_TERM_CHARACTERS) {
            throw new InvalidRuleSetException("The rule set's keywords and patterns hold " + termCharacters
                    + " characters; at most " + MAX_TERM_CHARACTERS + " are accepted");
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < rules.size(); i++) {
            Rule rule = rules.get(i);
            String where = "rule #" + (i + 1) + (rule.id() == null ? "" : " (" + rule.id() + ")");
            if (rule.id() == null || rule.id().isBlank()) {
                throw new InvalidRuleSetException(where + " has no id");
            }
            if (!ids.add(rule.id())) {
                throw new InvalidRuleSetException(where + ": duplicate id");
            }
            if (rule.when() == null || rule.when().isEmpty()) {
                throw new InvalidRuleSetException(where + " has no condition");
            }
            if (rule.then() == null || (rule.then().category() == null && rule.then().flags().isEmpty())) {
                throw new InvalidRuleSetException(where + " has neither a category nor flags");
            }
            if (!rule.then().refines().isEmpty() && rule.then().category() == null) {
                throw new InvalidRuleSetException(where + ": 'refines' needs a category to refine into");
            }
            if (!rule.then().yieldsTo().isEmpty() && rule.then().category() == null) {
                throw new InvalidRuleSetException(where + ": 'yieldsTo' needs a category that would otherwise be decided");
            }
            if (!rule.then().yieldsTo().isEmpty() && !rule.then().refines().isEmpty()) {
                // Two answers to "where does the model's word count": one rule takes one of them.
                throw new InvalidRuleSetException(where + ": 'refines' and 'yieldsTo' cannot be combined; use one of them");
            }
            if (rule.then().category() != null && rule.then().yieldsTo().contains(rule.then().category())) {
                throw new InvalidRuleSetException(where + ": 'yieldsTo' names the rule's own category " + rule.then().category());
            }
            checkLengths(where, "keyword", rule.when().keywords());
            checkLengths(where, "pattern", rule.when().patterns());
        }
        return this;
    }

    private static void checkLengths(String where, String kind, List<String> terms) {
        for (String term : terms) {
            if (term.length() > MAX_TERM_LENGTH) {
                throw new InvalidRuleSetException(where + ": a " + kind + " of " + term.length() + " characters; at most "
                        + MAX_TERM_LENGTH + " are accepted");
            }
        }
    }

    /** A rule set that cannot be used as it is. */
    public static class InvalidRuleSetException extends IllegalArgumentException {
        public InvalidRuleSetException(String message) {
            super(message);
        }

        public InvalidRuleSetException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
