package dev.hypercare.triage;

import dev.hypercare.triage.enrich.Enricher;
import dev.hypercare.triage.enrich.LanguageDetector;
import dev.hypercare.triage.enrich.SentimentModel;
import dev.hypercare.triage.rules.LivePolicy;
import dev.hypercare.triage.rules.PolicyDocument;
import dev.hypercare.triage.rules.RuleSetLoader;
import dev.hypercare.triage.rules.TriagePolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The shipped policy and enrichment, as the service builds them from application.properties' defaults. */
public final class TestPolicies {

    public static final String DOCUMENT = "triage-policy";
    private static Enricher enricher;

    private TestPolicies() {
    }

    public static PolicyDocument.Defaults fallbacks(int escalateAfter, Duration window) {
        return new PolicyDocument.Defaults(100, 10, Map.of(
                "HIGH", Map.of("HIGH", "P1", "MEDIUM", "P2", "LOW", "P3"),
                "MEDIUM", Map.of("HIGH", "P2", "MEDIUM", "P3", "LOW", "P4"),
                "LOW", Map.of("HIGH", "P3", "MEDIUM", "P4", "LOW", "P4")),
                new TriagePolicy.Thresholds(0.6, 0.2, escalateAfter, window));
    }

    public static LivePolicy live() {
        return live(10, Duration.ofMinutes(15));
    }

    public static LivePolicy live(int escalateAfter, Duration window) {
        PolicyDocument.Defaults fallbacks = fallbacks(escalateAfter, window);
        TriagePolicy defaults = RuleSetLoader.documentFromClasspath(RuleSetLoader.DEFAULT_RESOURCE)
                .compile(fallbacks, "defaults", Instant.EPOCH);
        return new LivePolicy(DOCUMENT, defaults, fallbacks);
    }

    /** Loading the language models takes a second or two: once per test JVM. */
    public static synchronized Enricher enricher() {
        if (enricher == null) {
            enricher = new Enricher(new LanguageDetector(List.of("en", "fr", "de", "es")),
                    SentimentModel.fromClasspath(SentimentModel.DEFAULT_RESOURCE));
        }
        return enricher;
    }
}
