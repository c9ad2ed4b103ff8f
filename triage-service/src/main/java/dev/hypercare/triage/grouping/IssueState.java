package dev.hypercare.triage.grouping;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.hypercare.model.Category;
import dev.hypercare.model.IssueGroup;
import dev.hypercare.model.Priority;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One issue group as the grouping store keeps it: the published {@link IssueGroup} fields plus what
 * matching and escalation need (the summed term vector of the members, the event times of the members since
 * the last escalation).
 *
 * @param basePriority  the most severe priority triage gave any member
 * @param priority      the group's priority: the base priority raised by escalations
 * @param centroid      term -> summed weight over members (the strongest {@value IssueGrouping#CENTROID_TERMS} kept)
 * @param recentTimes   event times (ms) of members since the last escalation, within the escalation window
 * @param escalations   how many times the group escalated
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record IssueState(String issueId, String sourceApp, String release, Category category, Priority basePriority,
                         Priority priority, String representativeText, double representativeSimilarity, long count,
                         Instant firstSeen, Instant lastSeen, List<String> sampleIds, Map<String, Double> centroid,
                         List<Long> recentTimes, int escalations) {

    public IssueGroup toIssueGroup() {
        return new IssueGroup(IssueGroup.SCHEMA_VERSION, issueId, sourceApp, release, category, priority, representativeText,
                count, firstSeen, lastSeen, sampleIds);
    }
}
