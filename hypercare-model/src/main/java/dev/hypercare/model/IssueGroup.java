package dev.hypercare.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
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

    /** The samples are copied: a record handed to a store or a serializer must not change under it. */
    public IssueGroup {
        sampleIds = sampleIds == null ? null : List.copyOf(sampleIds);
    }
}
