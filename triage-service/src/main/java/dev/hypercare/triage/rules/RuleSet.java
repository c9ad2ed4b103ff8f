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

    public RuleSet {
        rules = rules == null ? List.of() : List.copyOf(rules);
    }

    /** Fails with a message naming the faulty rule, so a bad rule set stops the service at start. */
    public RuleSet validate() {
        if (version == null || version.isBlank()) {
            throw new InvalidRuleSetException("The rule set has no version");
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
        }
        return this;
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
