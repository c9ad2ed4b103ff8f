package dev.hypercare.triage.rules;

import static dev.hypercare.triage.TestFeedback.withChannel;
import static dev.hypercare.triage.TestFeedback.withComponent;
import static dev.hypercare.triage.TestFeedback.withText;
import static dev.hypercare.triage.TestFeedback.withTitle;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hypercare.model.Category;
import dev.hypercare.model.FeedbackChannel;
import dev.hypercare.model.Flag;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RuleEngineTest {

    private static RuleEngine engine(Rule... rules) {
        return new RuleEngine(new RuleSet("test-1", List.of(rules)));
    }

    private static Rule keywords(String id, Category category, Set<Flag> flags, String... keywords) {
        return new Rule(id, null, new Rule.When(List.of(keywords), null, null, null), new Rule.Then(category, flags));
    }

    @Nested
    class WithInlineRules {

        @Test
        void shouldMatchKeywordsOnWholeWordsOnly() {
            // given
            RuleEngine engine = engine(keywords("outage", null, Set.of(Flag.OUTAGE), "down"));

            // when
            Categorisation download = engine.categorise(withText("The download button is grey"));
            Categorisation down = engine.categorise(withText("Everything is DOWN since 9am"));

            // then
            assertThat(download.flags()).isEmpty();
            assertThat(down.flags()).containsExactly(Flag.OUTAGE);
            assertThat(down.signals()).first().asString().contains("keyword \"down\" -> OUTAGE");
        }

        @Test
        void shouldMatchRegexPatternsCaseAndAccentInsensitively() {
            // given
            RuleEngine engine = engine(new Rule("http-5xx", null,
                    new Rule.When(null, List.of("\\berreur 5\\d\\d\\b"), null, null), new Rule.Then(Category.BUG, Set.of())));

            // when
            Categorisation c = engine.categorise(withText("ERREUR 503 à chaque paiement"));

            // then
            assertThat(c.category()).isEqualTo(Category.BUG);
            assertThat(c.decidedBy()).isEqualTo("rule:http-5xx");
            assertThat(c.signals()).first().asString().startsWith("pattern /");
        }

        @Test
        void shouldApplyChannelConditionOnlyToItsChannels() {
            // given a rule that needs both a keyword and the Slack channel
            RuleEngine engine = engine(new Rule("slack-bug", null,
                    new Rule.When(List.of("broken"), null, Set.of(FeedbackChannel.SLACK), null), new Rule.Then(Category.BUG, Set.of())));
            var broken = withText("Search is broken");

            // when
            Categorisation fromSlack = engine.categorise(withChannel(broken, FeedbackChannel.SLACK));
            Categorisation fromForm = engine.categorise(withChannel(broken, FeedbackChannel.FORM));

            // then
            assertThat(fromSlack.category()).isEqualTo(Category.BUG);
            assertThat(fromSlack.signals()).first().asString().contains("keyword \"broken\" + channel SLACK");
            assertThat(fromForm.category()).isEqualTo(Category.OTHER);
        }

        @Test
        void shouldApplyComponentConditionIgnoringCaseAndAccents() {
            // given a rule on the component alone
            RuleEngine engine = engine(new Rule("payments-a11y", null,
                    new Rule.When(null, null, null, List.of("Paiement")), new Rule.Then(null, Set.of(Flag.ACCESSIBILITY))));

            // when
            Categorisation matching = engine.categorise(withComponent(withText("Le bouton est petit"), "PAIÉMENT"));
            Categorisation other = engine.categorise(withComponent(withText("Le bouton est petit"), "search"));

            // then
            assertThat(matching.flags()).containsExactly(Flag.ACCESSIBILITY);
            assertThat(other.flags()).isEmpty();
        }

        @Test
        void shouldLetTheFirstCategoryRuleWinWhileFlagsAccumulate() {
            // given two category rules that both match, and a flag-only rule in between
            RuleEngine engine = engine(
                    keywords("question", Category.QUESTION, Set.of(), "how"),
                    keywords("slow", null, Set.of(Flag.PERFORMANCE), "slow"),
                    keywords("bug", Category.BUG, Set.of(Flag.OUTAGE), "error"));

            // when
            Categorisation c = engine.categorise(withText("How come search is slow and shows an error"));

            // then
            assertThat(c.category()).isEqualTo(Category.QUESTION);
            assertThat(c.decidedBy()).isEqualTo("rule:question");
            assertThat(c.confidence()).isEqualTo(1.0);
            assertThat(c.needsReview()).isFalse();
            assertThat(c.flags()).containsExactlyInAnyOrder(Flag.PERFORMANCE, Flag.OUTAGE);
        }

        @ParameterizedTest(name = "{0} on {2} x \"{1}\"")
        @CsvSource(delimiter = ';', value = {
                // quadratic, which publication lets through (fast on short texts): some 800 million reads in full
                "(a+)+$; a; 20000; read more than 3002300 characters of",
                // a repeated alternation: java.util.regex takes a stack frame per repetition
                "(?:ab|abab)+$; ab; 30000; recursed deeper than the thread's stack on"})
        @Timeout(60) // a hang here means the budget does not stop the search
        void shouldCountAPatternThatGivesUpOnALongTextAsNotMatchingSayWhyAndLetTheNextRulesDecide(
                String regex, String unit, int repeats, String why) {
            // given a rule whose pattern gives up on long runs of the unit, before a rule that should decide
            RuleEngine engine = engine(
                    new Rule("slow", null, new Rule.When(null, List.of(regex), null, null), new Rule.Then(Category.BUG, Set.of(Flag.OUTAGE))),
                    keywords("how-to", Category.QUESTION, Set.of(), "how"));

            // when an item carries such a run (texts may be 100,000 characters long)
            Categorisation c = engine.categorise(withText("how do I export this? " + unit.repeat(repeats) + "!"));

            // then the pattern counts as not matching, the item says why, and the next rule decides
            assertThat(c.category()).isEqualTo(Category.QUESTION);
            assertThat(c.flags()).isEmpty();
            assertThat(c.signals()).anySatisfy(signal -> assertThat(signal)
                    .startsWith(RuleEngine.GAVE_UP_SIGNAL + ": pattern /" + regex + "/ of rule slow " + why)
                    .endsWith("counted as not matching"));
            // and a short run still matches it
            assertThat(engine.categorise(withText(unit.repeat(200))).category()).isEqualTo(Category.BUG);
        }

        @Test
        @Timeout(60)
        void shouldBoundWhatAllPatternsOfOneItemSpendAndSumUpTheirGiveUpsInOneSignal() {
            // given thirty rules with the same quadratic pattern (each id its own rule), then a keyword rule
            List<Rule> rules = new java.util.ArrayList<>();
            for (int i = 1; i <= 30; i++) {
                rules.add(new Rule("slow-" + i, null, new Rule.When(null, List.of("(a+)+$"), null, null),
                        new Rule.Then(Category.BUG, Set.of(Flag.OUTAGE))));
            }
            rules.add(keywords("how-to", Category.QUESTION, Set.of(), "how"));
            RuleEngine engine = engine(rules.toArray(Rule[]::new));

            // when an item carries the longest run a text may have
            Categorisation c = engine.categorise(withText("how do I export this? " + "a".repeat(99_000) + "!"));

            // then the keyword rule decides; three give-ups are spelt out, the other 27 summed up (20 of them never ran:
            // the item's patterns had spent ten patterns' budgets)
            assertThat(c.category()).isEqualTo(Category.QUESTION);
            assertThat(c.signals()).filteredOn(signal -> signal.startsWith(RuleEngine.GAVE_UP_SIGNAL)).containsExactly(
                    RuleEngine.GAVE_UP_SIGNAL + ": pattern /(a+)+$/ of rule slow-1 read more than 10902300 characters of this 99023-character text; counted as not matching",
                    RuleEngine.GAVE_UP_SIGNAL + ": pattern /(a+)+$/ of rule slow-2 read more than 10902300 characters of this 99023-character text; counted as not matching",
                    RuleEngine.GAVE_UP_SIGNAL + ": pattern /(a+)+$/ of rule slow-3 read more than 10902300 characters of this 99023-character text; counted as not matching",
                    RuleEngine.GAVE_UP_SIGNAL + ": 27 more patterns of this item gave up or were skipped, counted as not matching");
        }

        @Test
        void shouldMatchTheTitleAsWellAsTheText() {
            // given
            RuleEngine engine = engine(keywords("bug", Category.BUG, Set.of(), "crash"));

            // when
            Categorisation c = engine.categorise(withTitle(withText("Happens every morning"), "Crash on login"));

            // then
            assertThat(c.category()).isEqualTo(Category.BUG);
        }

        @Test
        void shouldFallBackToOtherWithNoConfidenceAndMarkForReview() {
            // given
            RuleEngine engine = engine(keywords("bug", Category.BUG, Set.of(), "crash"));

            // when
            Categorisation c = engine.categorise(withText("The colour of the header changed"));

            // then
            assertThat(c.category()).isEqualTo(Category.OTHER);
            assertThat(c.confidence()).isZero();
            assertThat(c.needsReview()).isTrue();
            assertThat(c.decidedBy()).isEqualTo("default");
            assertThat(c.rulesVersion()).isEqualTo("test-1");
        }
    }

    @Nested
    class WithDefaultRules {

        private final RuleEngine engine = new RuleEngine(RuleSetLoader.defaults());

        @Test
        void shouldCategoriseACheckoutOutageAsBugWithOutageFlag() {
            // when
            Categorisation c = engine.categorise(withText("Checkout is down for everyone, we get 500 errors"));

            // then
            assertThat(c.category()).isEqualTo(Category.BUG);
            assertThat(c.flags()).contains(Flag.OUTAGE);
            assertThat(c.decidedBy()).isEqualTo("rule:outage");
            assertThat(c.rulesVersion()).isEqualTo(RuleSetLoader.defaults().version());
        }

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource(delimiter = '|', textBlock = """
                Please add two-factor login, a breach scares me        | FEATURE_REQUEST | SECURITY
                Is it a vulnerability if my session never expires?     | QUESTION        | SECURITY
                After logging in I can see another customer's order history. This looks like a security hole. | BUG | SECURITY
                """)
        void shouldLeaveASecurityWishOrQuestionToItsRuleAndCallAnUnclaimedSecurityFlawABug(String text, Category category,
                                                                                             Flag flag) {
            // when
            Categorisation c = engine.categorise(withText(text));

            // then: the wish and question rules come first; security-defect, last, takes only what they leave
            assertThat(c.category()).isEqualTo(category);
            assertThat(c.flags()).contains(flag);
            if (category == Category.BUG) {
                assertThat(c.decidedBy()).isEqualTo("rule:security-defect");
            }
        }

        @ParameterizedTest(name = "{0} / {1} -> {2}")
        @CsvSource(delimiter = '|', textBlock = """
                [Feature Request] Better error messages | The import fails with a cryptic error. Please show which line is wrong.     | FEATURE_REQUEST | title-tag-feature
                feat(cli): retry on errors              | A failed upload should be retried with a backoff.                          | FEATURE_REQUEST | title-tag-feature
                Suggestion: export to PDF               | Exporting fails for me too, so an alternative would help.                  | FEATURE_REQUEST | title-tag-feature
                [DevTools Bug]: Cannot remove node      | How do I get the panel back?                                               | BUG             | title-tag-bug
                Bug: totals are wrong                   | The sum of the invoice lines does not match the total.                     | BUG             | title-tag-bug
                Question: build fails on Windows        | I get an error when building, what am I missing?                           | QUESTION        | title-tag-question
                [Question] Which version supports SSO?  | We use Okta.                                                                | QUESTION        | title-tag-question
                Import of large files                   | **Is your feature request related to a problem? Please describe.** Imports fail with a timeout error. **Describe the solution you'd like** Chunked uploads. | FEATURE_REQUEST | template-feature
                Webhooks for invoices                   | ### Motivation We poll the API every minute and get rate-limit errors. ### Proposed API A webhook per invoice event. | FEATURE_REQUEST | template-feature
                Settings page                           | **Describe the bug** The page is empty. **To Reproduce** 1. Open settings 2. Click Save **Expected behavior** A confirmation | BUG | template-bug
                Totals                                  | ### Steps to reproduce 1. Add two lines ### Expected behavior 30 ### Actual behavior 20     | BUG             | template-bug
                Dark mode                               | ### Question Is a dark mode planned for the mobile app?                    | QUESTION        | template-question
                [Enhancement] Faster search             | Results take a while to appear.                                            | FEATURE_REQUEST | title-tag-feature
                RFC: plugin API                         | The current hooks fail on async code.                                      | FEATURE_REQUEST | title-tag-feature
                Proposal: offline mode                  | Sync errors when the train enters a tunnel.                                | FEATURE_REQUEST | title-tag-feature
                [How to] Configure SSO                  | Which fields does the form need?                                           | QUESTION        | title-tag-question
                Totals                                  | **Actual behavior** The total shows 20 instead of 30                       | BUG             | template-bug
                Totals                                  | Expected result: 30. Actual result: 20                                     | BUG             | template-bug
                Export                                  | ### What happened? The file was empty                                      | BUG             | template-bug
                Export to Parquet                       | ### Use case Our data team loads exports into Spark; CSV parsing fails on commas. | FEATURE_REQUEST | template-feature
                """)
        void shouldTakeTheKindTheReporterDeclaredInAnIssueTitleTagOrTemplateBeforeTheWording(String title, String text,
                                                                                              Category category, String rule) {
            // when an issue tracker's item says what it is, by its title's tag or the template it was written in
            Categorisation c = engine.categorise(withTitle(withText(text), title));

            // then that decides, before wording that would point elsewhere (an error in a wish, "how do I" in a bug)
            assertThat(c.category()).isEqualTo(category);
            assertThat(c.decidedBy()).isEqualTo("rule:" + rule);
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {
                "Bug fixes in this release are great, thank you!",
                "I have a question about my invoice",
                "Reproduction of the photos looks fine but the app crashes",
                "The new feature request form is hard to find",
                "See issue #question-42 in the tracker",
                "What is the motivation for removing the export?",
                "[FR] L'application plante au démarrage",
                "[High CPU usage] since 3.2",
                "[Not a bug] just wanted to say thanks",
                "[Login feature] crashes on start",
                "Q: why does it crash every time?",
                "Love it, I finally see actual results from my workouts!",
                "Could you describe the feature in the release notes?",
                "**What happened to the dark mode?**",
                "what does the __main__ use case look like",
                "My password ******** question: is it stored safely?"})
        void shouldNotTakeOrdinaryWordingForATitleTagOrATemplate(String text) {
            // when
            Categorisation c = engine.categorise(withText(text));

            // then the wording rules or the model decide, as before the issue-tracker rules
            assertThat(c.decidedBy()).doesNotStartWith("rule:title-tag").doesNotStartWith("rule:template");
        }

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource(delimiter = '|', textBlock = """
                Love the new dashboard, great job!                     | PRAISE          |
                Merci, l'équipe, beau travail !                        | PRAISE          |
                How do I export my report to Excel                     | QUESTION        |
                Is there a way to export my report to Excel            | QUESTION        |
                Y a-t-il un moyen d'exporter mon rapport ?             | QUESTION        |
                Comment puis-je exporter mon rapport ?                 | QUESTION        |
                It would be great to export to PDF                     | FEATURE_REQUEST |
                Ce serait génial d'avoir un mode sombre                | FEATURE_REQUEST |
                The invoice page crashes when I click print            | BUG             |
                Le paiement ne fonctionne plus, c'est la panne         | BUG             | OUTAGE
                ÇA NE FONCTIONNE PLUS DU TOUT                          | BUG             |
                L'application ne marche plus du tout                   | BUG             |
                Search is very slow since the release                  | OTHER           | PERFORMANCE
                Search results take 20 seconds to load                 | OTHER           | PERFORMANCE
                Le chargement prend 30 secondes depuis la mise à jour  | OTHER           | PERFORMANCE
                It took 2 minutes to set it up, nice                   | OTHER           |
                Le lecteur d'écran ne lit pas les boutons              | OTHER           | ACCESSIBILITY
                I can see someone else's data in my account            | BUG             | SECURITY
                Il y a une faille : on voit les données d'un autre     | BUG             | SECURITY
                The security settings page is hard to find             | OTHER           | SECURITY
                J'ai perdu toutes mes factures depuis la mise à jour   | BUG             | DATA_LOSS
                The drop-down menu shows an error                      | BUG             |
                Search returns no results for any query                | BUG             |
                The app keeps crashing since the update                | BUG             |
                L'application ne s'ouvre plus                          | BUG             |
                Search shows nothing since this morning                | BUG             |
                La recherche ne donne aucun résultat                   | BUG             |
                The dashboard shows a blank page after login           | BUG             |
                Login page returns 502 Bad Gateway for all users       | BUG             | OUTAGE
                Payments fail for all our customers since 10:00        | BUG             | OUTAGE
                Nobody can log in since the release                    | BUG             | OUTAGE
                Personne ne peut se connecter depuis ce matin          | BUG             | OUTAGE
                Erreur à la connexion pour tous les utilisateurs       | BUG             | OUTAGE
                Please make dark mode available for all users          | OTHER           |
                Nobody can find the export button, please move it      | OTHER           |
                I cannot thank you enough for all the work             | PRAISE          |
                Can't wait for everyone to try the new dashboard       | OTHER           |
                Please make the down arrow visible for all users       | OTHER           |
                Error messages should be clearer for all users         | BUG             |
                Crashed once, but thanks for all the updates!          | BUG             |
                All our users can't stop praising the new search       | OTHER           |
                Il est impossible de trouver mieux, je le recommande pour tout le monde | BUG |
                Is there a way to show a message when the cart is empty? | QUESTION      |
                """)
        void shouldCategoriseEnglishAndFrenchWording(String text, Category category, Flag flag) {
            // when
            Categorisation c = engine.categorise(withText(text));

            // then
            assertThat(c.category()).isEqualTo(category);
            if (c.category() == Category.OTHER) {
                assertThat(c.needsReview()).as("no category rule: the classifier decides").isTrue();
            }
            if (flag == null) {
                assertThat(c.flags()).isEmpty();
            } else {
                assertThat(c.flags()).contains(flag);
            }
        }
    }

    @Nested
    class Loading {

        @Test
        void shouldWriteADocumentBackWithoutEmptyRefinesOrYieldsToAndReadItBackTheSame() throws Exception {
            // given the shipped document, whose rules use refines, yieldsTo or neither
            PolicyDocument shipped = RuleSetLoader.documentFromClasspath(RuleSetLoader.DEFAULT_RESOURCE);

            // when written as the service writes documents, and read again
            byte[] json = RuleSetLoader.toJson(shipped);
            com.fasterxml.jackson.databind.JsonNode written = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);

            // then only the rules that use them carry the fields (versions before yieldsTo reject unknown fields), and
            // the round trip changes nothing
            for (com.fasterxml.jackson.databind.JsonNode rule : written.path("rules")) {
                Rule.Then then = shipped.rules().stream().filter(r -> r.id().equals(rule.path("id").asText())).findFirst()
                        .orElseThrow().then();
                assertThat(rule.path("then").has("yieldsTo")).as(rule.path("id").asText()).isEqualTo(!then.yieldsTo().isEmpty());
                assertThat(rule.path("then").has("refines")).as(rule.path("id").asText()).isEqualTo(!then.refines().isEmpty());
            }
            assertThat(written.toString()).contains("yieldsTo", "refines");
            assertThat(RuleSetLoader.document(json, "written").rules()).isEqualTo(shipped.rules());
        }

        @Test
        void shouldRejectDuplicateRuleIds() {
            assertThatThrownBy(() -> engine(
                    keywords("a", Category.BUG, Set.of(), "x"),
                    keywords("a", Category.BUG, Set.of(), "y")))
                    .isInstanceOf(RuleSet.InvalidRuleSetException.class)
                    .hasMessageContaining("duplicate id");
        }

        @Test
        void shouldRejectARuleWithoutOutcome() {
            assertThatThrownBy(() -> engine(keywords("a", null, Set.of(), "x")))
                    .isInstanceOf(RuleSet.InvalidRuleSetException.class)
                    .hasMessageContaining("neither a category nor flags");
        }

        /** A one-rule set (BUG when {@code when}) is refused with a message containing {@code reason}. */
        private static void assertRejected(String id, Rule.When when, String reason) {
            assertThatThrownBy(() -> engine(new Rule(id, null, when, new Rule.Then(Category.BUG, Set.of()))))
                    .isInstanceOf(RuleSet.InvalidRuleSetException.class)
                    .hasMessageContaining(reason);
        }

        @Test
        void shouldRejectAnInvalidPattern() {
            assertRejected("bad", new Rule.When(null, List.of("(unclosed"), null, null), "rule bad: invalid pattern");
        }

        @ParameterizedTest
        @ValueSource(strings = {"((a+)+)+$", "(.*a){12}$", "(.*){1,32000}[bc]", "((\\w+)+\\s?)+$"})
        void shouldRefuseAPatternThatBacktracksCatastrophicallyNamingRuleAndPattern(String regex) {
            assertRejected("slow", new Rule.When(null, List.of(regex), null, null),
                    "rule slow: pattern " + regex + " backtracks catastrophically");
        }

        @Test
        void shouldRefuseAPatternThatOverflowsTheStackOnAProbeInsteadOfStoppingTheThreadThatReadsTheRules() {
            // sixty nested groups repeated: some hundred stack frames per repetition of the 400-letter probe
            String deep = "(".repeat(60) + "a|aa" + ")".repeat(60) + "+$";

            assertRejected("deep", new Rule.When(null, List.of(deep), null, null), "rule deep: pattern " + deep + " recurses too deep");
        }

        @Test
        void shouldRefuseKeywordsAndPatternsBeyondTheirTotalLength() {
            List<String> keywords = java.util.Collections.nCopies(101, "k".repeat(500));

            assertRejected("many", new Rule.When(keywords, null, null, null), "keywords and patterns hold 50500 characters; at most 50000");
        }

        @Test
        void shouldAcceptPatternsThatReadEachCharacterABoundedNumberOfTimes() {
            // quadratic ones (a leading .*, JDK 9+'s memoised (a+)+) finish on short texts: they give up on long ones, at run time
            RuleEngine engine = engine(new Rule("fine", null, new Rule.When(null,
                    List.of(".*crash.*login", "(a+)+$", "(\\w+\\s?)+$", "\\b(crash|freeze)\\b.{0,40}\\b(login|checkout)\\b", "(?:ab|cd)+!"),
                    null, null),
                    new Rule.Then(Category.BUG, Set.of())));

            assertThat(engine.categorise(withText("It crashes, then freeze at login")).category()).isEqualTo(Category.BUG);
        }

        @Test
        void shouldRejectUnknownFieldsInARuleFile(@TempDir Path dir) throws Exception {
            // given a typo: "keyword" instead of "keywords"
            Path file = dir.resolve("rules.json");
            Files.writeString(file, """
                    {"version": "v1", "rules": [{"id": "a", "when": {"keyword": ["x"]}, "then": {"category": "BUG"}}]}
                    """);

            // then
            assertThatThrownBy(() -> RuleSetLoader.fromFile(file))
                    .isInstanceOf(RuleSet.InvalidRuleSetException.class)
                    .hasMessageContaining("keyword");
        }

        @Test
        void shouldLoadARuleFileWithItsVersion(@TempDir Path dir) throws Exception {
            // given
            Path file = dir.resolve("rules.json");
            Files.writeString(file, """
                    {"version": "ops-42", "rules": [{"id": "a", "when": {"keywords": ["x"]}, "then": {"category": "BUG"}}]}
                    """);

            // when
            RuleSet ruleSet = RuleSetLoader.fromFile(file);

            // then
            assertThat(ruleSet.version()).isEqualTo("ops-42");
            assertThat(ruleSet.rules()).extracting(Rule::id).containsExactly("a");
        }
    }
}
