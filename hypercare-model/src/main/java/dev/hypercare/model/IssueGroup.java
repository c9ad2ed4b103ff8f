package dev.hypercare.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A group of reports about the same underlying problem: the value of the compacted
 * {@code hypercare.issues}, keyed by {@link #issueId()}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record IssueGroup(
        int schemaVersion,
        String issueId,
        String sourceApp,
        String release,
        Category category,
        Priority priority,
        String representativeText,
        long count,
        Instant firstSeen,
        Instant lastSeen,
        List<String> sampleIds) {

    public static final int SCHEMA_VERSION = 1;

    /** Sample ids a group may carry (the triage-service keeps ten). */
    public static final int MAX_SAMPLE_IDS = 100;

    /**
     * The fields that break the issues topic's contract, as {@link RawFeedback#invalidFields}: an id or name over
     * {@link RawFeedback#MAX_NAME} characters, a '|' in the names that join KPI key parts, a representative text over a
     * fifth of {@link RawFeedback#MAX_TEXT}, more than {@link #MAX_SAMPLE_IDS} sample ids or one over the name limit. The
     * triage-service writes no such group; the metrics-service leaves out one another producer wrote: three groups with
     * 400,000-character ids made a release's top-issues record larger than its changelog accepts, and the service
     * stopped on every restart.
     */
    public List<String> invalidFields() {
        List<String> invalid = new ArrayList<>();
        RawFeedback.name(invalid, "issueId", issueId, false);
        RawFeedback.name(invalid, "sourceApp", sourceApp, true);
        RawFeedback.name(invalid, "release", release, true);
        if (representativeText != null && representativeText.length() > RawFeedback.MAX_TEXT / 5) {
            invalid.add("representativeText");
        }
        if (sampleIds != null && (sampleIds.size() > MAX_SAMPLE_IDS
                || sampleIds.stream().anyMatch(id -> id != null && id.length() > RawFeedback.MAX_NAME))) {
            invalid.add("sampleIds");
        }
        return invalid;
    }

    /** The samples are copied: a record handed to a store or a serializer must not change under it. */
    public IssueGroup {
        sampleIds = sampleIds == null ? null : List.copyOf(sampleIds);
    }
}
