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

    /** How long to wait for the broker when creating missing registry topics at start. */
    @WithDefault("PT30S")
    Duration topicCreationTimeout();

    interface Rules {
        /** Classpath resource of the rule set used when no file is given. */
        @WithDefault("default-rules.json")
        String resource();

        /** A rule set file that replaces the classpath resource (ops' own rules, without a rebuild). */
        Optional<Path> file();
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
