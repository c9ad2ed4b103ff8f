package dev.hypercare.triage.grouping;

import dev.hypercare.model.Category;
import dev.hypercare.model.Priority;
import dev.hypercare.triage.rules.TriagePolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The recurring-issue groups of one source app and release, and the rule by which reports join them.
 *
 * <p>Business rule:
 * <ul>
 *   <li>A report joins the most similar group of its app and release when the similarity reaches the
 *       policy's {@code groupSimilarity}; otherwise it starts a new group. Similarity is the cosine of the
 *       report's and the group's {@link TermVector}s, each term weighted by its inverse document frequency
 *       among the release's reports (so "app", "update" or the product's name weigh little).</li>
 *   <li>Only groups with a member within the grouping horizon, and at most the {@code maxGroups} most
 *       recently active ones, are candidates: old groups stop attracting reports, and the cost per report
 *       stays bounded.</li>
 *   <li>Escalation: when {@code escalateAfter} members arrive within {@code escalationWindow} (event time)
 *       since the group's last escalation, its priority rises one step (P4 -> P3 -> P2 -> P1) and the count
 *       starts again, so each step is announced once, not on every member. A group never sits below the most
 *       severe priority triage gave one of its members.</li>
 * </ul>
 * Not thread-safe: one instance per stream task and app|release key, kept in the task's cache.
 */
public final class IssueGrouping {

    static final int CENTROID_TERMS = 40;
    static final int SAMPLE_IDS = 10;
    static final int REPRESENTATIVE_CHARS = 280;

    /** Where a report went. */
    public record Result(IssueState group, boolean created, boolean escalated, Priority previousPriority, double similarity) {
    }

    private final String sourceApp;
    private final String release;
    /** Ordered by last activity, most recent last. */
    private final List<IssueState> groups = new ArrayList<>();
    private final Map<String, Integer> documentFrequency = new HashMap<>();
    private long documents;

    public IssueGrouping(String sourceApp, String release, Collection<IssueState> existing) {
        this.sourceApp = sourceApp;
        this.release = release;
        groups.addAll(existing);
        groups.sort(Comparator.comparing(IssueState::lastSeen));
        // Rebuilt approximately from the centroids after a restart: a term of a group counts once per member.
        for (IssueState group : existing) {
            documents += group.count();
            group.centroid().keySet().forEach(term -> documentFrequency.merge(term, (int) group.count(), Integer::sum));
        }
    }

    public int size() {
        return groups.size();
    }

    public Result add(String feedbackId, String text, Category category, Priority priority, Instant time,
                      TriagePolicy.Thresholds thresholds, Duration horizon, int maxGroups) {
        Map<String, Double> vector = TermVector.of(text);
        documents++;
        vector.keySet().forEach(term -> documentFrequency.merge(term, 1, Integer::sum));

        int bestIndex = -1;
        double best = 0;
        Instant oldest = time.minus(horizon);
        int compared = 0;
        for (int i = groups.size() - 1; i >= 0 && compared < maxGroups; i--) {
            IssueState candidate = groups.get(i);
            if (candidate.lastSeen().isBefore(oldest)) {
                break;
            }
            compared++;
            double similarity = similarity(vector, candidate.centroid());
            if (similarity > best) {
                best = similarity;
                bestIndex = i;
            }
        }

        if (bestIndex < 0 || best < thresholds.groupSimilarity()) {
            IssueState created = escalate(new IssueState("issue-" + feedbackId, sourceApp, release, category, priority, priority,
                    representative(text), 1.0, 1, time, time, List.of(feedbackId), top(vector), List.of(time.toEpochMilli()), 0),
                    thresholds);
            groups.add(created);
            return new Result(created, true, created.escalations() > 0, priority, best);
        }

        IssueState group = groups.remove(bestIndex);
        Map<String, Double> centroid = new HashMap<>(group.centroid());
        vector.forEach((term, weight) -> centroid.merge(term, weight, Double::sum));
        List<String> samples = new ArrayList<>(group.sampleIds());
        if (samples.size() < SAMPLE_IDS) {
            samples.add(feedbackId);
        }
        // The member closest to the group so far speaks for it.
        boolean moreTypical = best > group.representativeSimilarity() && group.count() > 1;
        Priority base = moreSevere(group.basePriority(), priority);
        List<Long> recent = new ArrayList<>(group.recentTimes());
        recent.add(time.toEpochMilli());
        IssueState joined = new IssueState(group.issueId(), sourceApp, release, group.category(), base,
                moreSevere(group.priority(), base),
                moreTypical ? representative(text) : group.representativeText(),
                moreTypical ? best : (group.count() == 1 ? best : group.representativeSimilarity()),
                group.count() + 1, min(group.firstSeen(), time), max(group.lastSeen(), time), List.copyOf(samples), top(centroid),
                recent, group.escalations());
        IssueState updated = escalate(joined, thresholds);
        groups.add(updated);
        return new Result(updated, false, updated.escalations() > group.escalations(), group.priority(), best);
    }

    /** Applies the escalation rule to a group that just gained a member at {@code recentTimes}' last time. */
    private static IssueState escalate(IssueState group, TriagePolicy.Thresholds thresholds) {
        long now = group.recentTimes().get(group.recentTimes().size() - 1);
        long from = now - thresholds.escalationWindow().toMillis();
        List<Long> inWindow = group.recentTimes().stream().filter(t -> t >= from).toList();
        if (inWindow.size() < thresholds.escalateAfter() || group.priority() == Priority.P1) {
            // Only the last escalateAfter times can ever matter: the list stays bounded.
            List<Long> kept = inWindow.size() > thresholds.escalateAfter()
                    ? inWindow.subList(inWindow.size() - thresholds.escalateAfter(), inWindow.size()) : inWindow;
            return withRecent(group, List.copyOf(kept), group.priority(), group.escalations());
        }
        Priority raised = Priority.values()[group.priority().ordinal() - 1];
        return withRecent(group, List.of(), raised, group.escalations() + 1);
    }

    private static IssueState withRecent(IssueState g, List<Long> recent, Priority priority, int escalations) {
        return new IssueState(g.issueId(), g.sourceApp(), g.release(), g.category(), g.basePriority(), priority,
                g.representativeText(), g.representativeSimilarity(), g.count(), g.firstSeen(), g.lastSeen(), g.sampleIds(),
                g.centroid(), recent, escalations);
    }

    private double similarity(Map<String, Double> vector, Map<String, Double> centroid) {
        double dot = 0;
        double normV = 0;
        for (Map.Entry<String, Double> e : vector.entrySet()) {
            double idf = idf(e.getKey());
            double v = e.getValue() * idf;
            normV += v * v;
            Double c = centroid.get(e.getKey());
            if (c != null) {
                dot += v * c * idf;
            }
        }
        if (dot == 0) {
            return 0;
        }
        double normC = 0;
        for (Map.Entry<String, Double> e : centroid.entrySet()) {
            double c = e.getValue() * idf(e.getKey());
            normC += c * c;
        }
        return dot / Math.sqrt(normV * normC);
    }

    private double idf(String term) {
        return Math.log((documents + 1.0) / (documentFrequency.getOrDefault(term, 0) + 1.0)) + 1.0;
    }

    private static Map<String, Double> top(Map<String, Double> vector) {
        if (vector.size() <= CENTROID_TERMS) {
            return Map.copyOf(vector);
        }
        Map<String, Double> top = new LinkedHashMap<>();
        vector.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(CENTROID_TERMS)
                .forEach(e -> top.put(e.getKey(), e.getValue()));
        return top;
    }

    private static String representative(String text) {
        return text.length() <= REPRESENTATIVE_CHARS ? text : text.substring(0, REPRESENTATIVE_CHARS - 1) + "\u2026";
    }

    static Priority moreSevere(Priority a, Priority b) {
        return a.ordinal() <= b.ordinal() ? a : b;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
