package dev.hypercare.metrics.issues;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.hypercare.model.IssueGroup;
import dev.hypercare.model.Kpi;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A release's top recurring issue groups (the value of {@code top-issues-store}, keyed by release), published
 * as {@code R|top-issues|all|period}: value = groups listed, details {@code {"issues": [{issueId, count, priority,
 * category, representativeText, lastSeen}]}}, most reports first.
 *
 * <p>Kept to the top {@value #SIZE} so that an update costs the same whatever the number of groups: a group's
 * report count only grows, so a group that enters the top stays until a bigger one pushes it out; a group that
 * disappears (a tombstone on {@code hypercare.issues}) leaves a gap until another group grows.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TopIssues(List<Entry> issues) {

    public static final int SIZE = 10;
    public static final String KPI = "top-issues";
    private static final int TEXT_CHARS = 200;

    public TopIssues {
        issues = issues == null ? List.of() : List.copyOf(issues);
    }

    public static TopIssues empty() {
        return new TopIssues(List.of());
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Entry(String issueId, long count, String priority, String category, String representativeText, Instant lastSeen) {
        static Entry of(IssueGroup group) {
            String text = group.representativeText();
            return new Entry(group.issueId(), group.count(), String.valueOf(group.priority()), String.valueOf(group.category()),
                    text != null && text.length() > TEXT_CHARS ? text.substring(0, TEXT_CHARS) + "…" : text, group.lastSeen());
        }
    }

    public TopIssues plus(IssueGroup group) {
        List<Entry> next = new ArrayList<>(without(group.issueId()));
        next.add(Entry.of(group));
        next.sort(Comparator.comparingLong(Entry::count).reversed().thenComparing(Entry::issueId));
        return new TopIssues(next.size() > SIZE ? next.subList(0, SIZE) : next);
    }

    public TopIssues minus(IssueGroup group) {
        return new TopIssues(without(group.issueId()));
    }

    private List<Entry> without(String issueId) {
        return issues.stream().filter(e -> !e.issueId().equals(issueId)).toList();
    }

    public Kpi toKpi(String release, Instant computedAt) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("issues", issues);
        return Kpi.of(release, KPI, "all", Kpi.WHOLE_PERIOD, issues.size(), issues.size(), "count", computedAt)
                .with(null, null, details);
    }
}
