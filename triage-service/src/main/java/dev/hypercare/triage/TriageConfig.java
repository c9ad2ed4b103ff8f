package dev.hypercare.triage;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** The triage-service's own settings, all under {@code hypercare.triage} in application.properties. */
@ConfigMapping(prefix = "hypercare.triage")
public interface TriageConfig {

    Rules rules();

    Impact impact();

    /**
     * The priority matrix, impact first then urgency: {@code hypercare.triage.matrix.HIGH.MEDIUM=P2}
     * means impact HIGH x urgency MEDIUM gives P2. All nine cells must be given.
     */
    Map<String, Map<String, String>> matrix();

    Dedup dedup();

    Review review();

    Enrich enrich();

    Classifier classifier();

    Output output();

    Replay replay();

    Grouping grouping();

    Escalation escalation();

    /** How long to wait for the broker when creating missing registry topics at start. */
    @WithDefault("PT30S")
    Duration topicCreationTimeout();

    interface Rules {
        /** Classpath resource of the rule set used when no file is given. */
        @WithDefault("default-rules.json")
        String resource();

        /** A rule set file that replaces the classpath resource (ops' own rules, without a rebuild). */
        Optional<Path> file();

        /**
         * Whether documents on {@code hypercare.triage.rules} replace the policy live. A replay with its own
         * rules file turns this off so that the live document does not override the file.
         */
        @WithDefault("true")
        boolean live();

        /** Key of triage's document on {@code hypercare.triage.rules}; other keys belong to other services. */
        @WithDefault("triage-policy")
        String document();
    }

    interface Output {
        /**
         * Appended to every output topic's name: empty for the live service; a replay may write to its own
         * topics, e.g. {@code .replay-march} gives {@code hypercare.feedback.triaged.replay-march}.
         */
        Optional<String> suffix();

        /**
         * Appended to the issue groups' and escalation alerts' topics instead ({@code hypercare.issues},
         * {@code hypercare.feedback.priority.p1}); default: {@link #suffix()}. A replay into the live topics sets it:
         * its groups start empty at its start time, so published live they would twin the live groups and page the
         * on-call team again for escalations it already had.
         */
        Optional<String> groupingSuffix(); // hypercare.triage.output.grouping-suffix
    }

    interface Replay {
        /**
         * Start a fresh replay's consumer group at this time of the raw topic (its application id must differ
         * from the live one's). Without it a new application id starts at the topic's beginning.
         */
        Optional<java.time.Instant> from();
    }

    interface Classifier {
        /** Whether items no rule categorises go to the trained classifier. */
        @WithDefault("true")
        boolean enabled();

        /** A model file (from triage-classifier's {@code train}) replacing the default model shipped in its jar. */
        Optional<Path> model();

        /**
         * For a model with an embedding head (the default model has one): below this confidence of the sparse model
         * the sentence embedding gives a second opinion (~7-9 ms CPU per such item). 0 turns the cascade off.
         */
        @WithDefault("0.55")
        double cascadeBelow();
    }

    interface Enrich {
        /** Candidate languages of language detection (ISO 639-1); fewer is faster and surer on short texts. */
        @WithDefault("en,fr,de,es,it,nl,pt")
        java.util.List<String> languages();
    }

    interface Review {
        /** A classifier answer below this confidence is marked {@code needsReview} (rules documents may override). */
        @WithDefault("0.6")
        double belowConfidence();
    }

    interface Grouping {
        /** Minimum similarity (0..1) for a report to join an existing issue group (rules documents may override). */
        @WithDefault("0.2")
        double similarity();

        /** A group with no new member for this long is no longer offered to new reports. */
        @WithDefault("P14D")
        Duration horizon();

        /** At most this many groups per source app and release are compared with a new report (the most recent). */
        @WithDefault("500")
        int maxGroupsPerRelease();

        /**
         * Which terms of a report are compared: {@code char-ngrams} (character 4-5-grams of each word: groups
         * inflections and English/French cognates, held-out ARI 0.197 against 0.110) or {@code word-prefixes} (the
         * first five letters of each word: ~2.8x less grouping CPU per report). Stored groups stay readable either way.
         */
        @WithDefault("char-ngrams")
        dev.hypercare.triage.grouping.ReportTerms terms();
    }

    interface Escalation {
        /** This many new members of a group within the window raise its priority one step (P3 -> P2 -> P1). */
        @WithDefault("10")
        int after();

        /** The sliding event-time window of the escalation. */
        @WithDefault("PT15M")
        Duration window();
    }

    interface Impact {
        /** From this many affected users on, impact is HIGH whatever the flags. */
        @WithDefault("100")
        int highAffectedUsers();

        /** From this many affected users on, impact is at least MEDIUM. */
        @WithDefault("10")
        int mediumAffectedUsers();
    }

    interface Dedup {
        /**
         * A second raw record with the same feedback id within this window is dropped. It bounds the
         * de-duplication store; ingest-service idempotency already covers client retries.
         */
        @WithDefault("P7D")
        Duration window();
    }
}
