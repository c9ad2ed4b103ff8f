package dev.hypercare.metrics.item;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.hypercare.model.Flag;
import dev.hypercare.model.Category;
import dev.hypercare.model.FeedbackChannel;
import dev.hypercare.model.LifecycleEvent;
import dev.hypercare.model.Priority;
import dev.hypercare.model.SlaEvent;
import dev.hypercare.metrics.sla.SlaDeadlines;
import dev.hypercare.metrics.sla.SlaPolicy;
import dev.hypercare.model.TriagedFeedback;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Everything the metrics-service knows about one feedback item, merged from its triaged record and
 * its lifecycle events: the value of {@code item-state-store}, keyed by feedback id.
 *
 * <p>The rules:
 * <ul>
 *   <li>Every clock starts at the ingest-service's receive time ({@code feedback.receivedAt}); a
 *       time is the lifecycle event's {@code occurredAt} minus that, floored at 0 (a back-dated
 *       event never gives a negative duration).</li>
 *   <li>The first ACKNOWLEDGED and the first RESPONDED applied win: a later one never moves them,
 *       so an emitted per-item time is final.</li>
 *   <li>An event id applied once is ignored when seen again (exactly-once delivery does not remove
 *       a client's or a replay's business duplicates).</li>
 *   <li>Lifecycle events that arrive before the triaged record (the two topics are read
 *       concurrently, and triage takes time) are held in {@link #pending()} and applied, in
 *       arrival order, when the triaged record arrives.</li>
 *   <li>A redelivered or re-triaged record updates release, category, priority and channel but
 *       keeps the first receive time.</li>
 *   <li>RESOLVED sets the resolution time (and the first response, when none came before), REOPENED
 *       counts a reopen and clears the resolution, RATED keeps the latest rating.</li>
 *   <li>An SLA target is met when completed (first response; resolution) by its due time, missed
 *       when completed later or when its breach was raised; a raised event is never raised again.</li>
 * </ul>
 *
 * @param feedbackId       the item's id (the Kafka key)
 * @param release          the release it is about; {@code null} until the triaged record arrived
 * @param category         triage's category
 * @param priority         triage's priority
 * @param channel          how the feedback arrived
 * @param receivedAt       when the ingest-service received it: the start of every clock
 * @param acknowledgedAt   when it was first acknowledged
 * @param firstRespondedAt when support first responded
 * @param resolvedAt       when it was last resolved; {@code null} while open (or reopened)
 * @param reopenCount      how often it was reopened
 * @param rating           the reporter's latest CSAT rating, 1..5
 * @param appliedEventIds  ids of the lifecycle events applied so far (business de-duplication)
 * @param pending          lifecycle events received before the triaged record
 * @param sla              its SLA deadlines (from its priority and receive time); null until triaged
 * @param slaRaised        the SLA events already raised, as {@code TARGET:KIND} (each once at most)
 * @param component        the product component the reporter named; null when none (volume spikes are per component)
 * @param outage           triage flagged it OUTAGE (uptime as users saw it)
 * @param issueId          the issue group triage's decision names, when it names one (null on ordinary items)
 * @param expiredAt        set only on the marker an expired item leaves behind ({@link ItemRetention}): every
 *                         other field but the id is then empty, and updates of the item are ignored
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ItemState(
        String feedbackId,
        String release,
        Category category,
        Priority priority,
        FeedbackChannel channel,
        Instant receivedAt,
        Instant acknowledgedAt,
        Instant firstRespondedAt,
        Instant resolvedAt,
        int reopenCount,
        Integer rating,
        List<String> appliedEventIds,
        List<LifecycleEvent> pending,
        SlaDeadlines sla,
        List<String> slaRaised,
        String component,
        boolean outage,
        String issueId,
        Instant expiredAt) {

    /**
     * Lifecycle events held for an item not triaged yet, at most: an item's real events before its triage are a
     * handful; more come only from a producer writing the topic directly, and each would grow the stored state
     * (further ones are not held).
     */
    static final int MAX_PENDING = 100;
    /**
     * Applied event ids kept for de-duplication, the most recent: a redelivered event is a recent one, and an item with
     * tens of thousands of RESPONDED events would otherwise outgrow its changelog's 1 MB records (~38 bytes an id).
     */
    static final int MAX_APPLIED_IDS = 1_000;

    /** The canonical constructor is the one JSON reads through (the record has three). */
    @JsonCreator
    public ItemState {
        appliedEventIds = appliedEventIds == null ? List.of() : List.copyOf(appliedEventIds);
        pending = pending == null ? List.of() : List.copyOf(pending);
        slaRaised = slaRaised == null ? List.of() : List.copyOf(slaRaised);
    }

    /** A live item (no expiry marker): the shape every state change builds. */
    public ItemState(String feedbackId, String release, Category category, Priority priority, FeedbackChannel channel,
                     Instant receivedAt, Instant acknowledgedAt, Instant firstRespondedAt, Instant resolvedAt,
                     int reopenCount, Integer rating, List<String> appliedEventIds, List<LifecycleEvent> pending,
                     SlaDeadlines sla, List<String> slaRaised, String component, boolean outage, String issueId) {
        this(feedbackId, release, category, priority, channel, receivedAt, acknowledgedAt, firstRespondedAt, resolvedAt,
                reopenCount, rating, appliedEventIds, pending, sla, slaRaised, component, outage, issueId, null);
    }

    /** What an expired item leaves behind: its id and when it expired, nothing else ({@link ItemRetention}). */
    public static ItemState expiredMarker(String feedbackId, Instant at) {
        return new ItemState(feedbackId, null, null, null, null, null, null, null, null, 0, null, List.of(), List.of(),
                null, List.of(), null, false, null, at);
    }

    /** Whether this is the marker of an expired item (its updates are ignored). */
    public boolean expired() {
        return expiredAt != null;
    }

    /** The shape before component, outage flag and issue group were kept; for existing callers. */
    public ItemState(String feedbackId, String release, Category category, Priority priority, FeedbackChannel channel,
                     Instant receivedAt, Instant acknowledgedAt, Instant firstRespondedAt, Instant resolvedAt,
                     int reopenCount, Integer rating, List<String> appliedEventIds, List<LifecycleEvent> pending,
                     SlaDeadlines sla, List<String> slaRaised) {
        this(feedbackId, release, category, priority, channel, receivedAt, acknowledgedAt, firstRespondedAt, resolvedAt,
                reopenCount, rating, appliedEventIds, pending, sla, slaRaised, null, false, null);
    }

    /** An item nothing is known about yet. */
    public static ItemState empty(String feedbackId) {
        return new ItemState(feedbackId, null, null, null, null, null, null, null, null, 0, null, List.of(), List.of(),
                null, List.of(), null, false, null);
    }

    /** Whether the triaged record has arrived, i.e. the item counts towards its release's KPIs. */
    public boolean triaged() {
        return release != null;
    }

    /** Applies one update, whichever of the two inputs it came from. */
    public ItemState apply(ItemUpdate update) {
        if (update.triaged() != null) {
            return apply(update.triaged());
        }
        if (update.lifecycle() != null) {
            return apply(update.lifecycle());
        }
        return this;
    }

    /** Takes triage's view of the item, then replays the lifecycle events that were waiting for it. */
    public ItemState apply(TriagedFeedback triaged) {
        var feedback = triaged.feedback();
        Instant received = receivedAt != null ? receivedAt
                : feedback != null && feedback.receivedAt() != null ? feedback.receivedAt()
                : triaged.triagedAt();
        Category newCategory = triaged.decision() != null ? triaged.decision().category() : category;
        Priority newPriority = triaged.priority() != null ? triaged.priority()
                : triaged.decision() != null ? triaged.decision().priority() : priority;
        ItemState state = new ItemState(feedbackId,
                feedback != null && feedback.release() != null ? feedback.release() : release,
                newCategory, newPriority,
                feedback != null && feedback.channel() != null ? feedback.channel() : channel,
                received, acknowledgedAt, firstRespondedAt, resolvedAt, reopenCount, rating,
                appliedEventIds, List.of(), sla, slaRaised,
                feedback != null && feedback.component() != null ? feedback.component() : component,
                triaged.decision() != null ? triaged.decision().flags() != null && triaged.decision().flags().contains(Flag.OUTAGE) : outage,
                triaged.decision() != null && triaged.decision().issueId() != null ? triaged.decision().issueId() : issueId);
        if (!state.triaged()) {
            return this; // without a release it cannot be attributed to any KPI: not a usable record
        }
        for (LifecycleEvent event : pending) {
            state = state.apply(event);
        }
        return state;
    }

    /** Records one lifecycle event, or holds it until the triaged record arrives. */
    public ItemState apply(LifecycleEvent event) {
        if (event.type() == null || seen(event.eventId())) {
            return this;
        }
        if (!triaged()) {
            if (pending.size() >= MAX_PENDING) {
                return this; // see MAX_PENDING
            }
            List<LifecycleEvent> waiting = new ArrayList<>(pending);
            // Without its note, which no KPI reads: two 600 KB notes once made the state larger than its changelog
            // accepts (1 MB), and the failed write stopped the metrics-service.
            waiting.add(new LifecycleEvent(event.schemaVersion(), event.eventId(), event.feedbackId(), event.type(),
                    event.actor(), event.occurredAt(), event.receivedAt(), event.rating(), null));
            return withPending(waiting);
        }
        Instant at = event.effectiveAt();
        List<String> applied = new ArrayList<>(appliedEventIds);
        if (event.eventId() != null) {
            applied.add(event.eventId());
            if (applied.size() > MAX_APPLIED_IDS) {
                applied.subList(0, applied.size() - MAX_APPLIED_IDS).clear(); // see MAX_APPLIED_IDS
            }
        }
        Instant ack = acknowledgedAt;
        Instant responded = firstRespondedAt;
        Instant resolved = resolvedAt;
        int reopens = reopenCount;
        Integer csat = rating;
        switch (event.type()) {
            case ACKNOWLEDGED -> ack = ack != null ? ack : at;
            case RESPONDED -> responded = responded != null ? responded : at;
            case RESOLVED -> {
                resolved = at;
                // A resolution answers the reporter: it is the first response when none came before (as the first-
                // response SLA of Jira Service Management stops at resolution). Otherwise an item resolved without a
                // RESPONDED would breach its first-response target later, with nothing left to respond to (the
                // ingest-service refuses RESPONDED on a resolved item).
                responded = responded != null ? responded : at;
            }
            case REOPENED -> {
                reopens++;
                resolved = null;
            }
            case RATED -> csat = event.rating() != null ? event.rating() : csat;
        }
        return new ItemState(feedbackId, release, category, priority, channel, receivedAt,
                ack, responded, resolved, reopens, csat, applied, pending, sla, slaRaised, component, outage, issueId);
    }

    /** Milliseconds from receipt to the first acknowledgement, once both are known. */
    public Optional<Long> timeToAcknowledgeMs() {
        return sinceReceived(acknowledgedAt);
    }

    /** Milliseconds from receipt to the first response, once both are known. */
    public Optional<Long> firstResponseMs() {
        return sinceReceived(firstRespondedAt);
    }

    private Optional<Long> sinceReceived(Instant at) {
        if (at == null || receivedAt == null) {
            return Optional.empty();
        }
        // Floored at 0: a caller's clock (occurredAt) may run behind the ingest-service's.
        return Optional.of(Math.max(0L, Duration.between(receivedAt, at).toMillis()));
    }

    private boolean seen(String eventId) {
        return eventId != null
                && (appliedEventIds.contains(eventId)
                || pending.stream().anyMatch(e -> eventId.equals(e.eventId())));
    }

    private ItemState withPending(List<LifecycleEvent> waiting) {
        return new ItemState(feedbackId, release, category, priority, channel, receivedAt, acknowledgedAt,
                firstRespondedAt, resolvedAt, reopenCount, rating, appliedEventIds, waiting, sla, slaRaised, component, outage, issueId);
    }

    // ---- SLA --------------------------------------------------------------------------------

    /**
     * This item with its SLA deadlines computed from its priority and receive time (unchanged when
     * they already match, so a redelivered record changes nothing; a re-triage to another priority
     * moves them, and events already raised stay raised).
     */
    public ItemState withDeadlines(SlaPolicy policy) {
        if (!triaged() || receivedAt == null) {
            return this;
        }
        SlaDeadlines deadlines = policy.deadlines(priority, receivedAt);
        if (deadlines.equals(sla)) {
            return this;
        }
        return new ItemState(feedbackId, release, category, priority, channel, receivedAt, acknowledgedAt,
                firstRespondedAt, resolvedAt, reopenCount, rating, appliedEventIds, pending, deadlines, slaRaised, component, outage, issueId);
    }

    /** Whether this SLA event was already raised for this item (each is raised once at most). */
    public boolean raised(SlaEvent.Target target, SlaEvent.Kind kind) {
        return slaRaised.contains(target + ":" + kind);
    }

    public ItemState withRaised(SlaEvent.Target target, SlaEvent.Kind kind) {
        List<String> raisedNow = new ArrayList<>(slaRaised);
        raisedNow.add(target + ":" + kind);
        return new ItemState(feedbackId, release, category, priority, channel, receivedAt, acknowledgedAt,
                firstRespondedAt, resolvedAt, reopenCount, rating, appliedEventIds, pending, sla, raisedNow, component, outage, issueId);
    }

    /** When the target was met: the first response, or the (latest) resolution; null while pending. */
    public Instant completedAt(SlaEvent.Target target) {
        if (target == SlaEvent.Target.FIRST_RESPONSE) {
            // The resolution when no response was recorded: items resolved before resolutions set the first response
            // (an older build's state) must not breach their first-response target after an upgrade either.
            return firstRespondedAt != null ? firstRespondedAt : resolvedAt;
        }
        return resolvedAt;
    }

    /**
     * Whether a threshold of the SLA was crossed by {@code now}: the target was completed after the
     * threshold, or is still pending and the threshold has passed.
     */
    public boolean crossed(SlaEvent.Target target, SlaEvent.Kind kind, Instant now) {
        Instant threshold = sla == null ? null : sla.threshold(target, kind);
        if (threshold == null) {
            return false;
        }
        Instant completed = completedAt(target);
        return completed != null ? completed.isAfter(threshold) : !now.isBefore(threshold);
    }

    /** The next instant at which a still-pending target crosses a threshold not raised yet. */
    public Optional<Instant> nextThreshold() {
        if (sla == null) {
            return Optional.empty();
        }
        Instant next = null;
        for (SlaEvent.Target target : SlaEvent.Target.values()) {
            if (completedAt(target) != null) {
                continue; // completed targets are decided when the completing event is applied
            }
            for (SlaEvent.Kind kind : SlaEvent.Kind.values()) {
                Instant threshold = sla.threshold(target, kind);
                if (threshold != null && !raised(target, kind) && (next == null || threshold.isBefore(next))) {
                    next = threshold;
                }
            }
        }
        return Optional.ofNullable(next);
    }

    /**
     * The outcome of a target once it is decided: met (completed by its due time), missed (its
     * breach was raised, or it was completed late); empty while pending or without an SLA.
     */
    public Optional<Boolean> slaMet(SlaEvent.Target target) {
        Instant due = sla == null ? null : sla.dueAt(target);
        if (due == null) {
            return Optional.empty();
        }
        if (raised(target, SlaEvent.Kind.BREACH)) {
            return Optional.of(false);
        }
        Instant completed = completedAt(target);
        return completed == null ? Optional.empty() : Optional.of(!completed.isAfter(due));
    }

    /** Whether the item is still open: triaged and not (or no longer) resolved. */
    public boolean open() {
        return triaged() && resolvedAt == null;
    }

    /** Milliseconds from receipt to the (latest) resolution, while resolved. */
    public Optional<Long> resolutionMs() {
        return sinceReceived(resolvedAt);
    }
}
