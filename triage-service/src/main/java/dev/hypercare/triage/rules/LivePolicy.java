package dev.hypercare.triage.rules;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * The triage policy in force on this instance, replaced live by documents from {@code hypercare.triage.rules}.
 *
 * <p>Business rule: only the document named {@link #documentName()} is triage's (other keys, such as the
 * SLA policy, belong to other services and are ignored). A valid new version replaces the whole policy at
 * once; an invalid one is rejected with its reason (logged, counted, shown by {@code GET
 * /api/v1/triage/rules}) and the previous policy stays in force. A tombstone (null value) returns to the
 * shipped defaults, which are also in force while the topic is empty.
 *
 * <p>Written by the one global-store thread, read by every stream thread on every record: one volatile
 * read, no lock, no per-record parsing.
 */
public final class LivePolicy {

    private static final Logger LOG = Logger.getLogger(LivePolicy.class);

    /** Why a document was not taken. */
    public record Rejection(String version, String reason, String source, Instant at) {
    }

    /** What {@code GET /api/v1/triage/rules} shows. */
    public record Status(String documentName, String activeVersion, String activeSource, Instant activatedAt,
                         int rules, long accepted, long rejected, Rejection lastRejection) {
    }

    private final String documentName;
    private final TriagePolicy defaults;
    private final PolicyDocument.Defaults fallbacks;
    private final AtomicReference<TriagePolicy> current;
    private final AtomicReference<Rejection> lastRejection = new AtomicReference<>();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();

    public LivePolicy(String documentName, TriagePolicy defaults, PolicyDocument.Defaults fallbacks) {
        this.documentName = documentName;
        this.defaults = defaults;
        this.fallbacks = fallbacks;
        this.current = new AtomicReference<>(defaults);
    }

    public TriagePolicy current() {
        return current.get();
    }

    public String documentName() {
        return documentName;
    }

    /**
     * Applies one record of the rules topic.
     *
     * @return true when the policy in force changed
     */
    public boolean apply(String key, byte[] value, String source, Instant at) {
        if (!documentName.equals(key)) {
            return false;
        }
        if (value == null) {
            LOG.infof("Rules document %s deleted (%s): back to the shipped defaults %s", key, source, defaults.version());
            current.set(defaults);
            return true;
        }
        String version = null;
        try {
            PolicyDocument document = RuleSetLoader.document(value, source);
            version = document.version();
            TriagePolicy policy = document.compile(fallbacks, source, at);
            TriagePolicy previous = current.getAndSet(policy);
            accepted.incrementAndGet();
            LOG.infof("Rules document %s version %s in force (%d rules, %s), replacing %s", key, policy.version(),
                    document.rules().size(), source, previous.version());
            return true;
        } catch (RuntimeException e) {
            rejected.incrementAndGet();
            Rejection rejection = new Rejection(version, e.getMessage(), source, at);
            lastRejection.set(rejection);
            LOG.warnf("Rules document %s rejected (%s), version %s stays in force: %s", key, source,
                    current.get().version(), e.getMessage());
            return false;
        }
    }

    public Status status() {
        TriagePolicy policy = current.get();
        return new Status(documentName, policy.version(), policy.source(), policy.activatedAt(),
                policy.rules().ruleCount(), accepted.get(), rejected.get(), lastRejection.get());
    }

}
