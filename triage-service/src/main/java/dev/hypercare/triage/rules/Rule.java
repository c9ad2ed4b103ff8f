package dev.hypercare.triage.rules;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.hypercare.model.Category;
import dev.hypercare.model.FeedbackChannel;
import dev.hypercare.model.Flag;
import java.util.List;
import java.util.Set;

/**
 * One triage rule: conditions on a feedback item and what follows when they all hold.
 *
 * <p>Within a condition kind any entry may match (keyword A <em>or</em> keyword B); across kinds all
 * the given ones must hold (a keyword or pattern <em>and</em> the channel <em>and</em> the
 * component). Keywords and patterns are tried on the title and the text together.
 *
 * @param id          stable identifier, shown in every decision as {@code rule:<id>}
 * @param description what the rule is for, for the people who edit rule sets
 * @param when        the conditions; at least one must be given
 * @param then        the outcome: a category, flags, or both
 */
public record Rule(String id, String description, When when, Then then) {

    /**
     * @param keywords   words or phrases, matched whole-word, case- and accent-insensitively
     * @param patterns   regular expressions (Java syntax), case- and accent-insensitive
     * @param channels   the item's channel must be one of these, when given
     * @param components the item's component must equal one of these (case/accent-insensitive), when given
     */
    public record When(List<String> keywords, List<String> patterns, Set<FeedbackChannel> channels,
                       List<String> components) {

        public When {
            keywords = keywords == null ? List.of() : List.copyOf(keywords);
            patterns = patterns == null ? List.of() : List.copyOf(patterns);
            channels = channels == null ? Set.of() : Set.copyOf(channels);
            components = components == null ? List.of() : List.copyOf(components);
        }

        boolean isEmpty() {
            return keywords.isEmpty() && patterns.isEmpty() && channels.isEmpty() && components.isEmpty();
        }
    }

    /**
     * @param category the category this rule decides, or null for a rule that only adds flags
     * @param flags    flags added whenever the rule matches
     * @param refines  when given, the rule names a kind of what the trained classifier calls one of these categories
     *                 and decides only there: "praise" and "question-mark" refine the model's OTHER, so that "I love
     *                 this app but it crashes?" stays the bug the model sees. Where the model says something else the
     *                 rule steps aside (its flags still count): the next rules are tried, and when none decides, the
     *                 model's category stands. Without a classifier it decides as usual
     * @param yieldsTo when given, the rule decides as any rule (confidence 1.0) except where the trained classifier,
     *                 asked then, says one of these categories with at least the policy's review confidence: there the
     *                 rule steps aside as a refining rule does (its flags still count). The shipped {@code bug} rule
     *                 yields to FEATURE_REQUEST and QUESTION: a wish or a question that describes the problem it is
     *                 about says "error" or "fails" too, and on issue reports the wording was right less often than
     *                 the model (docs/triage-quality.md)
     */
    public record Then(Category category, Set<Flag> flags,
                       // Left out when empty: a document written back stays readable by versions before yieldsTo.
                       @JsonInclude(JsonInclude.Include.NON_EMPTY) Set<Category> refines,
                       @JsonInclude(JsonInclude.Include.NON_EMPTY) Set<Category> yieldsTo) {

        public Then {
            flags = flags == null ? Set.of() : Set.copyOf(flags);
            refines = refines == null ? Set.of() : Set.copyOf(refines);
            yieldsTo = yieldsTo == null ? Set.of() : Set.copyOf(yieldsTo);
        }

        public Then(Category category, Set<Flag> flags) {
            this(category, flags, null, null);
        }

        /** Asks the classifier before deciding: a refining or yielding rule. */
        boolean asksTheModel() {
            return !refines.isEmpty() || !yieldsTo.isEmpty();
        }
    }
}
