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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
 *       severe priority triage gave one of its members. Feature-request groups grow but never escalate: a
 *       burst of wishes is demand to plan for, not an incident to page anyone about.</li>
 * </ul>
 * Not thread-safe: one instance per stream task and app|release key, kept in the task's cache.
 */
public final class IssueGrouping {

    static final int CENTROID_TERMS = 40;
    /** Index entries looked at per report, per candidate group allowed: bounds the cost of placing a report. */
    static final int CANDIDATE_LOOKUPS_PER_GROUP = 4;
    static final int SAMPLE_IDS = 10;
    static final int REPRESENTATIVE_CHARS = 280;

    /** Where a report went. */
    public record Result(IssueState group, boolean created, boolean escalated, Priority previousPriority, double similarity) {
    }

    private final String sourceApp;
    private final String release;
    private final Map<String, IssueState> groups = new HashMap<>();
    /** Term -> ids of the groups whose centroid holds it: only groups sharing a term with a report can match it. */
    private final Map<String, Set<String>> index = new HashMap<>();
    private final Map<String, Integer> documentFrequency = new HashMap<>();
    /** IDF values of the report being placed (cleared per report: the frequencies change with every report). */
    private final Map<String, Double> idfCache = new HashMap<>();
    /**
     * Issue id -> {weighted centroid norm, documents when computed}. A norm is recomputed when its group changes
     * or the release has grown by a tenth since: IDF drifts slowly, and recomputing every candidate's norm for
     * every report would dominate the cost.
     */
    private final Map<String, double[]> norms = new HashMap<>();
    private long documents;

    public IssueGrouping(String sourceApp, String release, Collection<IssueState> existing) {
        this.sourceApp = sourceApp;
        this.release = release;
        // Rebuilt approximately from the centroids after a restart: a term of a group counts once per member.
        for (IssueState group : existing) {
            put(group, null);
            documents += group.count();
            group.centroid().keySet().forEach(term -> documentFrequency.merge(term, (int) group.count(), Integer::sum));
        }
    }

    public int size() {
        return groups.size();
    }

    private void put(IssueState group, IssueState previous) {
        if (previous != null) {
            for (String term : previous.centroid().keySet()) {
                if (!group.centroid().containsKey(term)) {
                    Set<String> ids = index.get(term);
                    if (ids != null && ids.remove(previous.issueId()) && ids.isEmpty()) {
                        index.remove(term);
                    }
                }
            }
        }
        group.centroid().keySet().forEach(term -> index.computeIfAbsent(term, t -> new HashSet<>()).add(group.issueId()));
        groups.put(group.issueId(), group);
        norms.remove(group.issueId());
    }

    public Result add(String feedbackId, String text, Category category, Priority priority, Instant time,
                      TriagePolicy.Thresholds thresholds, Duration horizon, int maxGroups) {
        Map<String, Double> vector = TermVector.of(text);
        documents++;
        vector.keySet().forEach(term -> documentFrequency.merge(term, 1, Integer::sum));
        idfCache.clear();

        Instant oldest = time.minus(horizon);
        List<IssueState> candidates = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        // Candidates share a term with the report (no shared term, no similarity): an inverted index, not a
        // scan. Rarest terms first, and a bounded number of index entries looked at per report: a term most
        // groups share ("app", the product's name) would otherwise make every report visit every group ever
        // made, and it says least about which group a report belongs to.
        List<Set<String>> postings = new ArrayList<>();
        for (String term : vector.keySet()) {
            Set<String> ids = index.get(term);
            if (ids != null) {
                postings.add(ids);
            }
        }
        postings.sort(Comparator.comparingInt(Set::size));
        int budget = CANDIDATE_LOOKUPS_PER_GROUP * maxGroups;
        for (Set<String> ids : postings) {
            if (budget <= 0) {
                break;
            }
            for (String id : ids) {
                if (--budget < 0) {
                    break;
                }
                IssueState candidate = groups.get(id);
                if (seen.add(id) && !candidate.lastSeen().isBefore(oldest)) {
                    candidates.add(candidate);
                }
            }
        }
        if (candidates.size() > maxGroups) {
            candidates.sort(Comparator.comparing(IssueState::lastSeen).reversed());
            candidates = candidates.subList(0, maxGroups);
        }
        IssueState group = null;
        double best = 0;
        Weighted report = candidates.isEmpty() ? null : weigh(vector);
        for (IssueState candidate : candidates) {
            double similarity = similarity(report, candidate);
            // Ties go to the earlier group (stable whatever the hash order of the index).
            if (similarity > best || (similarity == best && group != null && candidate.firstSeen().isBefore(group.firstSeen()))) {
                best = similarity;
                group = candidate;
            }
        }

        if (group == null || best < thresholds.groupSimilarity()) {
            IssueState created = escalate(new IssueState("issue-" + feedbackId, sourceApp, release, category, priority, priority,
                    representative(text), 1.0, 1, time, time, List.of(feedbackId), top(vector), List.of(time.toEpochMilli()), 0),
                    thresholds);
            put(created, null);
            return new Result(created, true, created.escalations() > 0, priority, best);
        }

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
        put(updated, group);
        return new Result(updated, false, updated.escalations() > group.escalations(), group.priority(), best);
    }

    /** Applies the escalation rule to a group that just gained a member at {@code recentTimes}' last time. */
    private static IssueState escalate(IssueState group, TriagePolicy.Thresholds thresholds) {
        long now = group.recentTimes().get(group.recentTimes().size() - 1);
        long from = now - thresholds.escalationWindow().toMillis();
        List<Long> inWindow = group.recentTimes().stream().filter(t -> t >= from).toList();
        if (inWindow.size() < thresholds.escalateAfter() || group.priority() == Priority.P1
                || group.category() == Category.FEATURE_REQUEST) {
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

    /**
     * The report's terms with their IDF-weighted values and norm, computed once per report rather than once per
     * candidate group. Same terms, same order and same arithmetic as before, so the same similarities to the bit.
     */
    private record Weighted(String[] terms, double[] values, double[] idfs, double norm) {
    }

    private Weighted weigh(Map<String, Double> vector) {
        String[] terms = new String[vector.size()];
        double[] values = new double[terms.length];
        double[] idfs = new double[terms.length];
        double normV = 0;
        int i = 0;
        for (Map.Entry<String, Double> e : vector.entrySet()) {
            double idf = idf(e.getKey());
            double v = e.getValue() * idf;
            normV += v * v;
            terms[i] = e.getKey();
            values[i] = v;
            idfs[i] = idf;
            i++;
        }
        return new Weighted(terms, values, idfs, Math.sqrt(normV));
    }

    private double similarity(Weighted report, IssueState group) {
        Map<String, Double> centroid = group.centroid();
        double dot = 0;
        String[] terms = report.terms();
        double[] values = report.values();
        double[] idfs = report.idfs();
        for (int i = 0; i < terms.length; i++) {
            Double c = centroid.get(terms[i]);
            if (c != null) {
                dot += values[i] * c * idfs[i];
            }
        }
        if (dot == 0) {
            return 0;
        }
        double[] norm = norms.get(group.issueId());
        if (norm == null || documents - norm[1] > norm[1] / 10) {
            double normC = 0;
            for (Map.Entry<String, Double> e : centroid.entrySet()) {
                double c = e.getValue() * idf(e.getKey());
                normC += c * c;
            }
            norm = new double[] {Math.sqrt(normC), documents};
            norms.put(group.issueId(), norm);
        }
        return dot / (report.norm() * norm[0]);
    }

    private double idf(String term) {
        Double cached = idfCache.get(term);
        if (cached == null) {
            cached = Math.log((documents + 1.0) / (documentFrequency.getOrDefault(term, 0) + 1.0)) + 1.0;
            idfCache.put(term, cached);
        }
        return cached;
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
