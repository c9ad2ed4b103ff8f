package dev.hypercare.triage.grouping;

import dev.hypercare.model.Category;
import dev.hypercare.model.Priority;
import dev.hypercare.triage.rules.TriagePolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * The recurring-issue groups of one source app and release, and the rule by which reports join them.
 *
 * <p>Business rule:
 * <ul>
 *   <li>A report joins the most similar group of its app and release when the similarity reaches the
 *       policy's {@code groupSimilarity}; otherwise it starts a new group. Similarity is the cosine of the
 *       report's and the group's term vectors ({@link ReportTerms}: character 4-5-grams by default, or word
 *       prefixes), each term weighted by its inverse document frequency
 *       among the release's reports (so "app", "update" or the product's name weigh little).</li>
 *   <li>Only groups with a member within the grouping horizon, and at most the {@code maxGroups} most
 *       recently active ones, are candidates: old groups stop attracting reports, and the cost per report
 *       stays bounded.</li>
 *   <li>Escalation: when {@code escalateAfter} members were received within {@code escalationWindow} (event time,
 *       not arrival order; the window ends at the newest member's time) since the group's last escalation, its priority rises one step (P4 -> P3 ->
 *       P2 -> P1) and the count starts again, so each step is announced once, not on every member. A group never
 *       sits below the most severe priority triage gave one of its members. Feature requests join groups but never
 *       count towards an escalation: a burst of wishes is demand to plan for, not an incident to page anyone about;
 *       a group started by a wish still escalates when reports of a defect in the same thing pile up.</li>
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
    /** Issue id -> the group's slot (its current state, centroid term ids and compact centroid). */
    private final Map<String, Slot> groups = new HashMap<>();
    /**
     * By term id: the groups whose centroid holds the term (issue id -> slot), or null: only groups sharing a term
     * with a report can match it. A HashMap per term with the same keys put and removed in the same sequence as
     * before, so the groups are visited in the same order. The values are the groups' slots, so a visited group
     * needs no further look-up by its id (the HashMap look-ups of every candidate's compact centroid by issue id
     * were the largest single cost of placing a report in the service's profile), and a group that changes is only
     * put under the terms it gained, not re-put under all 40.
     */
    @SuppressWarnings("unchecked")
    private Map<String, Slot>[] index = new Map[1024];
    /** Scratch marks by term id, for the difference of a group's old and new centroid terms and for merging a centroid. */
    private long[] mark = new long[1024];
    /** Scratch: the merged centroid's terms and weights before the heaviest are kept. */
    private int[] mergeIds = new int[256];
    private double[] mergeWeights = new double[256];
    private long marks;
    /** Stamp of the report being placed: a slot seen for this report has {@code seenAt == visit}. */
    private long visit;
    /**
     * Documents holding each term, by term id. Arrays indexed by term id rather than maps keyed by the term: the
     * terms are 3-5 letter strings, whose String hash codes crowd into few buckets (31 = -1 modulo 32), so those
     * maps degenerated into tree bins (4-6 % of triage's CPU in the profile).
     */
    private int[] documentFrequency = new int[1024];
    /** Term -> a small id, for the compact centroids (one lookup per report term, not per candidate and term). */
    private final TermDictionary termIds = new TermDictionary();
    /**
     * The report being placed as a small open-addressing table: term id -> position in the report (slots hold
     * {@code id + 1}, 0 when free). A candidate's dot product looks its 40 centroid terms up here instead of binary
     * searching its centroid for every report term (the largest cost of placing a report: ~40 % of grouping in a
     * 16,000-group profile); small enough to stay in the L1 cache, unlike an array over all the release's term ids.
     */
    private int[] reportTerms = new int[128];
    private int[] reportPositions = new int[128];
    private int reportShift = Integer.SIZE - 7;
    /** The candidate groups of the report being placed (cleared for each report). */
    private final ArrayList<Slot> candidateScratch = new ArrayList<>(CANDIDATE_LOOKUPS_PER_GROUP * 100);
    /** Scratch for one candidate's terms shared with the report: report position and centroid position. */
    private int[] matchReport = new int[CENTROID_TERMS];
    private int[] matchCentroid = new int[CENTROID_TERMS];

    /**
     * One group in memory: its state without the centroid ({@code state.centroid()} is empty), and the centroid as term ids
     * and weights in the centroid's order (heaviest first). Why not the state's {@code Map<String, Double>}: with n-gram
     * terms a release holds thousands of groups, and a boxed map of 40 entries with its own term strings took ~4.5 KB per
     * group (most of the service's live heap); two arrays take ~0.5 KB, and the terms are the dictionary's. The weights stay
     * doubles: the same values, so the same similarities to the bit. The map is rebuilt only to store or publish a group.
     */
    static final class Slot {
        IssueState state;
        int[] termIds;
        double[] weights;
        /** The centroid's IDF-weighted norm and the number of documents when it was computed (-1: not yet, or changed). */
        double norm;
        double normDocuments = -1;
        long seenAt = -1;
        /** {@code state.lastSeen()}'s seconds and nanos: compared for every visited candidate, without the Instant. */
        long lastSeenSeconds;
        int lastSeenNanos;

        /** {@code state.lastSeen().isBefore(t)} for t = (seconds, nanos). */
        boolean lastSeenBefore(long seconds, int nanos) {
            return lastSeenSeconds < seconds || (lastSeenSeconds == seconds && lastSeenNanos < nanos);
        }

        /** Long.MIN_VALUE when it does not fit (more than 9e9 s, about 285 years, from 1970): {@link #firstInOrder} then sorts them all. */
        long lastSeenNanosSinceEpoch() {
            return Math.abs(lastSeenSeconds) < MAX_EPOCH_SECONDS_AS_NANOS ? lastSeenSeconds * 1_000_000_000L + lastSeenNanos : Long.MIN_VALUE;
        }
    }

    /** Most recently active first, as {@code Comparator.comparing(lastSeen).reversed()} (sorted stably). */
    static final Comparator<Slot> MOST_RECENT_FIRST = (a, b) -> {
        int bySeconds = Long.compare(b.lastSeenSeconds, a.lastSeenSeconds);
        return bySeconds != 0 ? bySeconds : Integer.compare(b.lastSeenNanos, a.lastSeenNanos);
    };

    private int termId(String term) {
        int id = termIds.idOf(term);
        if (id >= documentFrequency.length) {
            int size = Math.max(id + 1, documentFrequency.length * 2);
            documentFrequency = Arrays.copyOf(documentFrequency, size);
            index = Arrays.copyOf(index, size);
            mark = Arrays.copyOf(mark, size);
        }
        return id;
    }
    private long documents;
    private final Function<String, Map<String, Double>> vectors;

    /** With the default report terms, character 4-5-grams. */
    public IssueGrouping(String sourceApp, String release, Collection<IssueState> existing) {
        this(sourceApp, release, existing, ReportTerms.CHAR_NGRAMS);
    }

    public IssueGrouping(String sourceApp, String release, Collection<IssueState> existing, ReportTerms terms) {
        this(sourceApp, release, existing, terms::of);
    }

    /**
     * {@code vectors}: a report's text -> its terms. The service uses one of {@link ReportTerms}; the test-scope quality
     * and CPU measurements pass other report vectors through the same grouping.
     */
    IssueGrouping(String sourceApp, String release, Collection<IssueState> existing, Function<String, Map<String, Double>> vectors) {
        this.sourceApp = sourceApp;
        this.release = release;
        this.vectors = vectors;
        // Rebuilt approximately from the centroids after a restart: a term of a group counts once per member.
        for (IssueState group : existing) {
            Map<String, Double> centroid = group.centroid() == null ? Map.of() : group.centroid();
            int[] ids = new int[centroid.size()];
            double[] weights = new double[ids.length];
            int n = 0;
            for (Map.Entry<String, Double> e : centroid.entrySet()) {
                ids[n] = termId(e.getKey()); // may grow the arrays
                weights[n++] = e.getValue();
            }
            Slot slot = put(withoutCentroid(group), ids, weights);
            documents += group.count();
            for (int id : slot.termIds) {
                documentFrequency[id] += (int) group.count();
            }
        }
    }

    public int size() {
        return groups.size();
    }

    /**
     * Drops a group for good (retired: no report joined it for longer than it could ever be a candidate). The document
     * statistics keep its reports, which did happen: the release's other groups are compared as before.
     */
    public void forget(String issueId) {
        Slot slot = groups.remove(issueId);
        if (slot == null || slot.termIds == null) {
            return;
        }
        for (int id : slot.termIds) {
            Map<String, Slot> postings = index[id];
            if (postings != null && postings.remove(issueId) != null && postings.isEmpty()) {
                index[id] = null;
            }
        }
    }

    /**
     * Records a new or changed group: the index drops it under the terms its centroid lost and gains it under the terms
     * it gained, in the centroid's order (the same per-term puts and removals as re-putting it under every term).
     */
    private Slot put(IssueState group, int[] ids, double[] weights) {
        Slot slot = groups.get(group.issueId());
        long old = ++marks;
        if (slot == null) {
            slot = new Slot();
            groups.put(group.issueId(), slot);
        } else {
            for (int id : slot.termIds) {
                mark[id] = old;
            }
        }
        long kept = ++marks;
        for (int id : ids) {
            if (mark[id] == old) {
                mark[id] = kept;
            } else {
                Map<String, Slot> postings = index[id];
                if (postings == null) {
                    postings = new HashMap<>();
                    index[id] = postings;
                }
                postings.put(group.issueId(), slot);
            }
        }
        if (slot.termIds != null) {
            for (int id : slot.termIds) {
                if (mark[id] == old) {
                    Map<String, Slot> postings = index[id];
                    if (postings != null && postings.remove(group.issueId()) != null && postings.isEmpty()) {
                        index[id] = null;
                    }
                }
            }
        }
        slot.state = group;
        slot.lastSeenSeconds = group.lastSeen().getEpochSecond();
        slot.lastSeenNanos = group.lastSeen().getNano();
        slot.termIds = ids;
        slot.weights = weights;
        slot.normDocuments = -1;
        return slot;
    }

    public Result add(String feedbackId, String text, Category category, Priority priority, Instant time,
                      TriagePolicy.Thresholds thresholds, Duration horizon, int maxGroups) {
        Map<String, Double> vector = vectors.apply(text);
        documents++;
        int[] vectorIds = new int[vector.size()];
        int k = 0;
        for (String term : vector.keySet()) {
            int id = termId(term); // first: it may grow the arrays
            documentFrequency[id]++;
            vectorIds[k++] = id;
        }

        Instant oldest = time.minus(horizon);
        long oldestSeconds = oldest.getEpochSecond();
        int oldestNanos = oldest.getNano();
        // One list for every report: growing a new one to the up to 400 candidates cost ~9 % of grouping's samples.
        List<Slot> candidates = candidateScratch;
        candidates.clear();
        long seen = ++visit;
        // Candidates share a term with the report (no shared term, no similarity): an inverted index, not a
        // scan. Rarest terms first, and a bounded number of index entries looked at per report: a term most
        // groups share ("app", the product's name) would otherwise make every report visit every group ever
        // made, and it says least about which group a report belongs to.
        // Sorted as (size, position) longs: the order of a stable sort by size, without a comparator call per pair.
        long[] bySize = new long[vectorIds.length];
        int found = 0;
        for (int i = 0; i < vectorIds.length; i++) {
            Map<String, Slot> ids = index[vectorIds[i]];
            if (ids != null) {
                bySize[found++] = ((long) ids.size() << 32) | i;
            }
        }
        Arrays.sort(bySize, 0, found);
        int budget = CANDIDATE_LOOKUPS_PER_GROUP * maxGroups;
        for (int f = 0; f < found; f++) {
            if (budget <= 0) {
                break;
            }
            Map<String, Slot> ids = index[vectorIds[(int) bySize[f]]];
            for (Slot candidate : ids.values()) {
                if (--budget < 0) {
                    break;
                }
                if (candidate.seenAt != seen) {
                    candidate.seenAt = seen;
                    if (!candidate.lastSeenBefore(oldestSeconds, oldestNanos)) {
                        candidates.add(candidate);
                    }
                }
            }
        }
        if (candidates.size() > maxGroups) {
            candidates = firstInOrder(candidates, maxGroups, Slot::lastSeenNanosSinceEpoch, MOST_RECENT_FIRST);
        }
        IssueState group = null;
        Slot bestSlot = null;
        double best = 0;
        Weighted report = candidates.isEmpty() ? null : weigh(vector, vectorIds);
        if (report != null) {
            indexReport(vectorIds);
        }
        for (Slot slot : candidates) {
            double similarity = similarity(report, slot);
            IssueState candidate = slot.state;
            // Ties go to the earlier group (stable whatever the hash order of the index).
            if (similarity > best || (similarity == best && group != null && candidate.firstSeen().isBefore(group.firstSeen()))) {
                best = similarity;
                group = candidate;
                bestSlot = slot;
            }
        }

        if (group == null || best < thresholds.groupSimilarity()) {
            IssueState created = escalate(new IssueState("issue-" + feedbackId, sourceApp, release, category, priority, priority,
                    representative(text), 1.0, 1, time, time, List.of(feedbackId), Map.of(), escalationTimes(category, time), 0),
                    thresholds);
            int n = 0;
            ensureMergeCapacity(vectorIds.length);
            for (double weight : vector.values()) {
                mergeIds[n] = vectorIds[n];
                mergeWeights[n++] = weight;
            }
            Slot slot = keepHeaviest(created, n);
            return new Result(withCentroid(created, slot), true, created.escalations() > 0, priority, best);
        }

        Slot joinedSlot = bestSlot;
        // Sized for the one more element (a copy then an add grew each list: ~2 % of the service's samples).
        List<String> samples = new ArrayList<>(group.sampleIds().size() + 1);
        samples.addAll(group.sampleIds());
        if (samples.size() < SAMPLE_IDS) {
            samples.add(feedbackId);
        }
        // The member closest to the group so far speaks for it.
        boolean moreTypical = best > group.representativeSimilarity() && group.count() > 1;
        Priority base = moreSevere(group.basePriority(), priority);
        List<Long> recent = new ArrayList<>(group.recentTimes().size() + 1);
        recent.addAll(group.recentTimes());
        recent.addAll(escalationTimes(category, time));
        IssueState joined = new IssueState(group.issueId(), sourceApp, release, group.category(), base,
                moreSevere(group.priority(), base),
                moreTypical ? representative(text) : group.representativeText(),
                moreTypical ? best : (group.count() == 1 ? best : group.representativeSimilarity()),
                group.count() + 1, min(group.firstSeen(), time), max(group.lastSeen(), time), List.copyOf(samples), Map.of(),
                recent, group.escalations());
        IssueState updated = escalate(joined, thresholds);
        // The centroid plus the report's terms (the same sums as Map.merge: old weight + report weight), centroid terms
        // first, then the report's new ones in its order, then the heaviest. A report that joins had candidates, so its
        // terms are in the reportTerms table: no scratch array by term id (8 bytes per term of the release).
        double[] reportWeights = new double[vectorIds.length];
        int r = 0;
        for (double weight : vector.values()) {
            reportWeights[r++] = weight;
        }
        long stamp = ++marks;
        ensureMergeCapacity(joinedSlot.termIds.length + vectorIds.length);
        int n = 0;
        for (int j = 0; j < joinedSlot.termIds.length; j++) {
            int id = joinedSlot.termIds[j];
            int p = reportPosition(id);
            mark[id] = stamp;
            mergeIds[n] = id;
            mergeWeights[n++] = p < 0 ? joinedSlot.weights[j] : joinedSlot.weights[j] + reportWeights[p];
        }
        for (int i = 0; i < vectorIds.length; i++) {
            int id = vectorIds[i];
            if (mark[id] != stamp) {
                mergeIds[n] = id;
                mergeWeights[n++] = reportWeights[i];
            }
        }
        Slot slot = keepHeaviest(updated, n);
        return new Result(withCentroid(updated, slot), false, updated.escalations() > group.escalations(), group.priority(), best);
    }

    private void ensureMergeCapacity(int n) {
        if (mergeIds.length < n) {
            mergeIds = new int[Math.max(n, mergeIds.length * 2)];
            mergeWeights = new double[mergeIds.length];
        }
    }

    /**
     * Keeps the {@value #CENTROID_TERMS} heaviest of the {@code n} merge terms as the group's centroid, heaviest first, then
     * by term: a total order, so the same terms in the same order whatever order they come in (an insertion into the
     * kept 40, no boxing), and puts the group.
     */
    private Slot keepHeaviest(IssueState group, int n) {
        int[] ids = new int[Math.min(n, CENTROID_TERMS)];
        double[] weights = new double[ids.length];
        int size = 0;
        for (int i = 0; i < n; i++) {
            int id = mergeIds[i];
            double w = mergeWeights[i];
            if (size == ids.length) {
                if (!heavier(id, w, ids[size - 1], weights[size - 1])) {
                    continue;
                }
                size--; // the lightest goes
            }
            int at = size;
            while (at > 0 && heavier(id, w, ids[at - 1], weights[at - 1])) {
                ids[at] = ids[at - 1];
                weights[at] = weights[at - 1];
                at--;
            }
            ids[at] = id;
            weights[at] = w;
            size++;
        }
        return put(group, ids, weights);
    }

    /** Heavier first, then the smaller term first (as {@code HEAVIEST_FIRST} ordered map entries). */
    private boolean heavier(int id, double weight, int otherId, double otherWeight) {
        int byWeight = Double.compare(weight, otherWeight);
        return byWeight != 0 ? byWeight > 0 : termIds.compare(id, otherId) < 0;
    }

    private static IssueState withoutCentroid(IssueState g) {
        return new IssueState(g.issueId(), g.sourceApp(), g.release(), g.category(), g.basePriority(), g.priority(),
                g.representativeText(), g.representativeSimilarity(), g.count(), g.firstSeen(), g.lastSeen(), g.sampleIds(),
                Map.of(), g.recentTimes(), g.escalations());
    }

    /** The slot's group with its centroid as a map (term -> weight, in the centroid's order), to store and publish it. */
    private IssueState withCentroid(IssueState g, Slot slot) {
        Map<String, Double> centroid = new LinkedHashMap<>(slot.termIds.length * 2);
        for (int i = 0; i < slot.termIds.length; i++) {
            centroid.put(termIds.term(slot.termIds[i]), slot.weights[i]);
        }
        return new IssueState(g.issueId(), g.sourceApp(), g.release(), g.category(), g.basePriority(), g.priority(),
                g.representativeText(), g.representativeSimilarity(), g.count(), g.firstSeen(), g.lastSeen(), g.sampleIds(),
                centroid, g.recentTimes(), g.escalations());
    }

    /** The member's receive time, if it counts towards an escalation: a wish does not (see the class comment). */
    private static List<Long> escalationTimes(Category category, Instant time) {
        return category == Category.FEATURE_REQUEST ? List.of() : List.of(time.toEpochMilli());
    }

    /** Applies the escalation rule to a group that just gained a member. */
    private static IssueState escalate(IssueState group, TriagePolicy.Thresholds thresholds) {
        if (group.recentTimes().isEmpty()) {
            return group;
        }
        // By receive time, not arrival order: a report that arrives late (its partition catching up after a restart)
        // must neither stretch the window back to its own time nor push a newer time out of the kept list.
        List<Long> times = new ArrayList<>(group.recentTimes());
        times.sort(null);
        long from = times.get(times.size() - 1) - thresholds.escalationWindow().toMillis();
        List<Long> inWindow = times.stream().filter(t -> t >= from).toList();
        if (inWindow.size() < thresholds.escalateAfter() || group.priority() == Priority.P1) {
            // Only the latest escalateAfter times can ever matter: the list stays bounded.
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
    private record Weighted(int[] ids, double[] values, double[] idfs, double norm) {
    }

    /** {@code ids}: the vector's term ids, in its order. */
    private Weighted weigh(Map<String, Double> vector, int[] termIdsInOrder) {
        int[] ids = new int[vector.size()];
        double[] values = new double[ids.length];
        double[] idfs = new double[ids.length];
        double normV = 0;
        int i = 0;
        for (double weight : vector.values()) {
            int id = termIdsInOrder[i];
            double idf = idf(id);
            double v = weight * idf;
            normV += v * v;
            ids[i] = id;
            values[i] = v;
            idfs[i] = idf;
            i++;
        }
        return new Weighted(ids, values, idfs, Math.sqrt(normV));
    }

    private double similarity(Weighted report, Slot slot) {
        // The centroid's terms that the report holds (reportPosition), then summed in the report's term order: the
        // same terms, order and values as a lookup of each report term in the centroid map, so the same sum to the bit.
        int[] centroidIds = slot.termIds;
        double[] centroidWeights = slot.weights;
        int[] terms = reportTerms;
        int mask = terms.length - 1;
        int shift = reportShift;
        int matches = 0;
        for (int j = 0; j < centroidIds.length; j++) {
            int key = centroidIds[j] + 1;
            int at = (key * 0x9E3779B9) >>> shift;
            int p = 0;
            for (int t = terms[at]; t != 0; t = terms[at]) {
                if (t == key) {
                    p = reportPositions[at] + 1;
                    break;
                }
                at = (at + 1) & mask;
            }
            if (p != 0) {
                if (matches == matchReport.length) {
                    matchReport = Arrays.copyOf(matchReport, matches * 2);
                    matchCentroid = Arrays.copyOf(matchCentroid, matches * 2);
                }
                // Insertion by report position (a handful of shared terms at most).
                int k = matches++;
                while (k > 0 && matchReport[k - 1] > p - 1) {
                    matchReport[k] = matchReport[k - 1];
                    matchCentroid[k] = matchCentroid[k - 1];
                    k--;
                }
                matchReport[k] = p - 1;
                matchCentroid[k] = j;
            }
        }
        if (matches == 0) {
            return 0;
        }
        double dot = 0;
        double[] values = report.values();
        double[] idfs = report.idfs();
        for (int k = 0; k < matches; k++) {
            int i = matchReport[k];
            dot += values[i] * centroidWeights[matchCentroid[k]] * idfs[i];
        }
        if (dot == 0) {
            return 0;
        }
        if (slot.normDocuments < 0 || documents - slot.normDocuments > slot.normDocuments / 10) {
            // Summed in the centroid's order.
            double normC = 0;
            for (int i = 0; i < centroidIds.length; i++) {
                double w = centroidWeights[i] * idf(centroidIds[i]);
                normC += w * w;
            }
            slot.norm = Math.sqrt(normC);
            slot.normDocuments = documents;
        }
        return dot / (report.norm() * slot.norm);
    }

    /** Fills {@code reportTerms} with the report's term ids (at most a quarter full: short probes). */
    private void indexReport(int[] ids) {
        int capacity = 128;
        int shift = Integer.SIZE - 7;
        while (capacity < ids.length * 4) {
            capacity *= 2;
            shift--;
        }
        if (reportTerms.length != capacity) {
            reportTerms = new int[capacity];
            reportPositions = new int[capacity];
        } else {
            Arrays.fill(reportTerms, 0);
        }
        reportShift = shift;
        int mask = capacity - 1;
        for (int i = 0; i < ids.length; i++) {
            int key = ids[i] + 1;
            int at = (key * 0x9E3779B9) >>> shift;
            while (reportTerms[at] != 0) {
                at = (at + 1) & mask;
            }
            reportTerms[at] = key;
            reportPositions[at] = i;
        }
    }

    /**
     * Not cached by term id: the value changes with every report (the document count), so a cache only served repeats
     * within one report (a candidate norm's terms), at 16 bytes per term of the release.
     */
    private double idf(int id) {
        return Math.log((documents + 1.0) / (documentFrequency[id] + 1.0)) + 1.0;
    }

    /** The term's position in the report being placed ({@link #indexReport}), or -1. */
    private int reportPosition(int id) {
        int key = id + 1;
        int mask = reportTerms.length - 1;
        int at = (key * 0x9E3779B9) >>> reportShift;
        for (int t = reportTerms[at]; t != 0; t = reportTerms[at]) {
            if (t == key) {
                return reportPositions[at];
            }
            at = (at + 1) & mask;
        }
        return -1;
    }

    private static String representative(String text) {
        return text.length() <= REPRESENTATIVE_CHARS ? text : text.substring(0, REPRESENTATIVE_CHARS - 1) + "\u2026";
    }

    static Priority moreSevere(Priority a, Priority b) {
        return a.ordinal() <= b.ordinal() ? a : b;
    }

    /** Epoch seconds whose nanoseconds since the epoch still fit in a long, with room for the nano part. */
    static final long MAX_EPOCH_SECONDS_AS_NANOS = 9_000_000_000L;

    /**
     * The first {@code max} items of {@code items} stably sorted by {@code order}, in that order: the same list as
     * sorting them all and keeping the head, but only the kept ones are sorted (a report finds up to 400 candidate
     * groups for 100 places). {@code key} must rank items as {@code order} does, largest first (equal keys, equal
     * rank); an item whose key is {@code Long.MIN_VALUE} (out of range) makes this sort them all instead.
     *
     * <p>Why it is the same list: the stable sort's head holds every item ranked above the max-th one's key, then the
     * earliest (in input order) of those with that key, up to max; those are picked here in input order, and a stable
     * sort of them keeps the input order among equals, as the full sort did.
     */
    static <T> List<T> firstInOrder(List<T> items, int max, ToLongFunction<T> key, Comparator<? super T> order) {
        int n = items.size();
        if (n <= max) {
            return items;
        }
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            keys[i] = key.applyAsLong(items.get(i));
            if (keys[i] == Long.MIN_VALUE) {
                List<T> all = new ArrayList<>(items);
                all.sort(order);
                return all.subList(0, max);
            }
        }
        long cut = kthSmallest(keys.clone(), n - max);
        int above = 0;
        for (long k : keys) {
            if (k > cut) {
                above++;
            }
        }
        int equalsKept = max - above;
        List<T> kept = new ArrayList<>(max);
        for (int i = 0; i < n; i++) {
            if (keys[i] > cut || (keys[i] == cut && equalsKept-- > 0)) {
                kept.add(items.get(i));
            }
        }
        kept.sort(order);
        return kept;
    }

    /** The value that would be at index {@code k} of {@code a} sorted ascending (quickselect; {@code a} is reordered). */
    static long kthSmallest(long[] a, int k) {
        int lo = 0;
        int hi = a.length - 1;
        while (lo < hi) {
            long pivot = a[(lo + hi) >>> 1];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    long t = a[i];
                    a[i] = a[j];
                    a[j] = t;
                    i++;
                    j--;
                }
            }
            // [lo, j] <= pivot <= [i, hi], and (j, i) holds only the pivot's value.
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                return a[k];
            }
        }
        return a[k];
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
