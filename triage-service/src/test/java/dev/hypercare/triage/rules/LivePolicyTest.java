package dev.hypercare.triage.rules;

import static dev.hypercare.triage.TestFeedback.withText;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hypercare.model.Category;
import dev.hypercare.model.Level;
import dev.hypercare.model.Priority;
import dev.hypercare.triage.TestPolicies;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Live policy updates: a valid document replaces the policy, an invalid one is rejected and changes nothing. */
public class LivePolicyTest {

    private static final Instant T0 = Instant.parse("2025-03-03T09:00:00Z");

    public static final String NEW_RULES = """
            { "version": "2025.2-ops",
              "rules": [ { "id": "checkout-p1", "when": { "keywords": ["checkout"] }, "then": { "category": "BUG", "flags": ["OUTAGE"] } } ],
              "matrix": { "HIGH": { "HIGH": "P2", "MEDIUM": "P2", "LOW": "P3" },
                          "MEDIUM": { "HIGH": "P2", "MEDIUM": "P3", "LOW": "P4" },
                          "LOW": { "HIGH": "P3", "MEDIUM": "P4", "LOW": "P4" } },
              "thresholds": { "escalateAfter": 5, "escalationWindow": "PT10M", "groupSimilarity": 0.4 } }
            """;

    private final LivePolicy live = TestPolicies.live();

    private boolean publish(String json) {
        return live.apply(TestPolicies.DOCUMENT, json == null ? null : json.getBytes(StandardCharsets.UTF_8), "topic:0@1", T0);
    }

    @Test
    void shouldUseTheShippedDefaultsWhileNoDocumentWasPublished() {
        assertThat(live.current().version()).isEqualTo(RuleSetLoader.defaults().version());
        assertThat(live.current().thresholds().escalateAfter()).isEqualTo(10);
    }

    @Test
    void shouldReplaceRulesMatrixAndThresholdsTogetherWhenAValidVersionArrives() {
        // when
        boolean changed = publish(NEW_RULES);

        // then
        assertThat(changed).isTrue();
        TriagePolicy policy = live.current();
        assertThat(policy.version()).isEqualTo("2025.2-ops");
        assertThat(policy.source()).isEqualTo("topic:0@1");
        assertThat(policy.rules().categorise(withText("The checkout page")).decidedBy()).isEqualTo("rule:checkout-p1");
        assertThat(policy.matrix().priorityOf(Level.HIGH, Level.HIGH)).isEqualTo(Priority.P2);
        assertThat(policy.thresholds().escalateAfter()).isEqualTo(5);
        assertThat(policy.thresholds().groupSimilarity()).isEqualTo(0.4);
        // a threshold the document leaves out keeps the configured default
        assertThat(policy.thresholds().reviewBelowConfidence()).isEqualTo(0.6);
        assertThat(live.status().accepted()).isEqualTo(1);
    }

    @Test
    void shouldRejectAnInvalidRegexAndKeepThePreviousVersionInForce() {
        // given
        publish(NEW_RULES);

        // when
        boolean changed = publish("""
                { "version": "2025.3-broken", "rules": [ { "id": "bad", "when": { "patterns": ["(unclosed"] }, "then": { "category": "BUG" } } ] }
                """);

        // then
        assertThat(changed).isFalse();
        assertThat(live.current().version()).isEqualTo("2025.2-ops");
        LivePolicy.Rejection rejection = live.status().lastRejection();
        assertThat(rejection.version()).isEqualTo("2025.3-broken");
        assertThat(rejection.reason()).contains("rule bad: invalid pattern (unclosed");
        assertThat(live.status().rejected()).isEqualTo(1);
    }

    @Test
    void shouldRejectAMisspeltFieldAnIncompleteMatrixAndBytesThatAreNotJson() {
        assertThat(publish("""
                { "version": "x", "rules": [ { "id": "a", "when": { "keyword": ["typo"] }, "then": { "category": "BUG" } } ] }
                """)).isFalse();
        assertThat(live.status().lastRejection().reason()).contains("keyword");

        assertThat(publish("""
                { "version": "y", "rules": [ { "id": "a", "when": { "keywords": ["k"] }, "then": { "category": "BUG" } } ],
                  "matrix": { "HIGH": { "HIGH": "P1" } } }
                """)).isFalse();
        assertThat(live.status().lastRejection().reason()).contains("no cell for impact");

        assertThat(publish("{ not json")).isFalse();
        assertThat(publish("""
                { "version": "z", "rules": [ { "id": "a", "when": { "keywords": ["k"] }, "then": { "category": "BUG" } } ],
                  "thresholds": { "escalateAfter": 1 } }
                """)).isFalse();
        assertThat(live.status().lastRejection().reason()).contains("escalateAfter");

        assertThat(live.current().version()).isEqualTo(RuleSetLoader.defaults().version());
        assertThat(live.status().rejected()).isEqualTo(4);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            // overflowed Duration.toMillis in grouping on the first report, on every restart
            "\"thresholds\": { \"escalationWindow\": \"PT9999999999999999S\" }; escalationWindow must be a positive duration of at most PT720H",
            // Jackson reads "NaN" as a number, and every range check on NaN is false
            "\"thresholds\": { \"groupSimilarity\": \"NaN\" }; groupSimilarity must be within (0..1], not NaN",
            "\"thresholds\": { \"reviewBelowConfidence\": \"NaN\" }; reviewBelowConfidence must be within 0..1, not NaN",
            "\"thresholds\": { \"highAffectedUsers\": -5, \"mediumAffectedUsers\": -10 }; affected-users thresholds must be at least 1"})
    void shouldRejectThresholdsThatWouldStopOrSkewTriageNamingTheValue(String thresholds, String reason) {
        boolean changed = publish("{ \"version\": \"bad\", \"rules\": [ { \"id\": \"a\", \"when\": { \"keywords\": [\"k\"] },"
                + " \"then\": { \"category\": \"BUG\" } } ], " + thresholds + " }");

        assertThat(changed).isFalse();
        assertThat(live.status().lastRejection().reason()).contains(reason);
        assertThat(live.current().version()).isEqualTo(RuleSetLoader.defaults().version());
    }

    @Test
    void shouldRejectTooManyRulesAndOverlongTermsWithTheLimit() {
        StringBuilder many = new StringBuilder("{ \"version\": \"many\", \"rules\": [");
        for (int i = 0; i <= RuleSet.MAX_RULES; i++) {
            many.append(i == 0 ? "" : ",").append("{ \"id\": \"r").append(i).append("\", \"when\": { \"keywords\": [\"k\"] },")
                    .append(" \"then\": { \"category\": \"BUG\" } }");
        }
        assertThat(publish(many.append("] }").toString())).isFalse();
        assertThat(live.status().lastRejection().reason()).contains("1001 rules; at most 1000");

        assertThat(publish("{ \"version\": \"long\", \"rules\": [ { \"id\": \"a\", \"when\": { \"keywords\": [\""
                + "a ".repeat(5_000) + "zz\"] }, \"then\": { \"category\": \"BUG\" } } ] }")).isFalse();
        assertThat(live.status().lastRejection().reason()).contains("rule #1 (a): a keyword of 10002 characters; at most 500");
    }

    @Test
    void shouldReturnToTheShippedDefaultsWhenTheDocumentIsDeleted() {
        // given
        publish(NEW_RULES);

        // when a tombstone arrives
        publish(null);

        // then
        assertThat(live.current().version()).isEqualTo(RuleSetLoader.defaults().version());
        assertThat(live.current().rules().categorise(withText("Love it")).category()).isEqualTo(Category.PRAISE);
    }

    @Test
    void shouldIgnoreOtherServicesDocumentsOnTheRulesTopic() {
        assertThat(live.apply("sla-policy", "{\"p1\":\"PT1H\"}".getBytes(StandardCharsets.UTF_8), "topic:0@2", T0)).isFalse();
        assertThat(live.status().rejected()).isZero();
    }
}
