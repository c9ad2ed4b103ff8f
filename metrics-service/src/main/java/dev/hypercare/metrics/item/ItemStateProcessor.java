package dev.hypercare.metrics.item;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hypercare.metrics.sla.LiveSlaPolicy;
import dev.hypercare.metrics.sla.SlaPolicy;
import dev.hypercare.metrics.streams.CatchUpClock;
import dev.hypercare.model.SlaEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * Folds each item's updates into its {@link ItemState} (kept in a key-value store by feedback id),
 * keeps its SLA clocks, and forwards an {@link ItemChange} only when the state actually changed:
 * duplicates stop here.
 *
 * <p>SLA rule: each (target, kind) is raised at most once per item, when its threshold is crossed,
 * either by an event that completes the target late, or by the wall clock while the target is still
 * pending, so an item nobody touches still breaches. "Now" is the wall clock once the task has caught up with its
 * input, and its stream time while it reads a backlog ({@link CatchUpClock}): an item answered in time is not
 * breached because its answer is still further down the backlog. The clock is checked by punctuation every
 * {@code checkInterval}, at most {@code maxPerCheck} due items per task and check; a deadline index ({@code <dueAt millis, 13 digits>|<feedback id>} -> id)
 * lets each check read only the items whose next threshold has passed instead of every item.
 *
 * <p>Expiry ({@link ItemRetention}): an index ({@code <expires millis>|<feedback id>} -> id, store
 * {@code expiryStore}) is kept beside the deadline index and rewritten only when an item's expiry moves
 * (triaged, resolved, reopened). Wall-clock punctuation every {@code checkInterval} reads at most
 * {@code maxPerCheck} due entries: a due item is replaced by its expired marker and an {@link ItemChange#expiry}
 * is forwarded (its per-item KPIs get tombstones downstream); a due marker is deleted. An update of an item
 * whose marker is in the store is ignored and counted ({@link ItemEvents#ignoredLate}).
 *
 * <p>The Processor API rather than a DSL {@code aggregate}: the KPI step needs the state before and
 * after each update, and punctuation must emit records of its own.
 */
public final class ItemStateProcessor implements Processor<String, ItemUpdate, String, ItemChange> {

    private final String itemStore;
    private final String deadlineStore;
    private final String rulesStore;
    private final LiveSlaPolicy policy;
    private final Duration checkInterval;
    private final int maxPerCheck;
    private final Consumer<SlaEvent> onSlaEvent;
    private final String expiryStore;
    private final ItemRetention retention;
    private final ItemEvents events;
    // Its inputs are source topics: a restarted task reads its backlog at once.
    private final CatchUpClock clock = new CatchUpClock(Duration.ofMillis(CatchUpClock.CAUGHT_UP_MS));
    private ProcessorContext<String, ItemChange> context;
    private KeyValueStore<String, String> expiries;
    private KeyValueStore<String, ItemState> items;
    private KeyValueStore<String, String> deadlines;
    private KeyValueStore<String, ValueAndTimestamp<JsonNode>> rules;

    /**
     * @param rulesStore the global store of {@code hypercare.triage.rules}, whose {@code sla-policy}
     *                   document overrides the configured policy live
     */
    public ItemStateProcessor(String itemStore, String deadlineStore, String rulesStore, SlaPolicy policy,
                              Duration checkInterval, int maxPerCheck, Consumer<SlaEvent> onSlaEvent, String expiryStore,
                              ItemRetention retention, ItemEvents events) {
        this.maxPerCheck = maxPerCheck;
        this.expiryStore = expiryStore;
        this.retention = retention;
        this.events = events;
        this.itemStore = itemStore;
        this.deadlineStore = deadlineStore;
        this.rulesStore = rulesStore;
        this.policy = new LiveSlaPolicy(policy);
        this.checkInterval = checkInterval;
        this.onSlaEvent = onSlaEvent;
    }

    @Override
    public void init(ProcessorContext<String, ItemChange> context) {
        this.context = context;
        this.items = context.getStateStore(itemStore);
        this.deadlines = context.getStateStore(deadlineStore);
        this.rules = context.getStateStore(rulesStore);
        this.expiries = context.getStateStore(expiryStore);
        context.schedule(checkInterval, PunctuationType.WALL_CLOCK_TIME, this::checkDeadlines);
        context.schedule(retention.checkInterval(), PunctuationType.WALL_CLOCK_TIME, this::expire);
    }

    @Override
    public void process(Record<String, ItemUpdate> record) {
        clock.read(context, record.timestamp());
        if (record.key() == null || record.value() == null) {
            return; // not attributable to an item
        }
        ItemState before = items.get(record.key());
        if (before != null && before.expired()) {
            // Applying it would count the item in the aggregates a second time (they kept it when it expired).
            events.ignoredLate(record.key(), record.value().triaged() != null ? "triaged" : "lifecycle");
            return;
        }
        ItemState applied = (before != null ? before : ItemState.empty(record.key())).apply(record.value());
        // An item's deadlines are set when it is triaged, and again only if its priority changes:
        // a policy edited later applies to the items triaged after it, not retroactively.
        if (applied.triaged() && (applied.sla() == null || before == null || before.priority() != applied.priority())) {
            applied = applied.withDeadlines(currentPolicy());
        }
        update(record.key(), before, applied, record.timestamp());
    }

    private SlaPolicy currentPolicy() {
        ValueAndTimestamp<JsonNode> document = rules.get(LiveSlaPolicy.DOCUMENT);
        return policy.current(document == null ? null : document.value());
    }

    /**
     * Raises what the wall clock has made due, for the items whose next threshold has passed: at most
     * {@code maxPerCheck} of them (the earliest due first), the rest at the next check. Unbounded, a check after a
     * long stop (or a burst of items triaged together) read and rewrote every due item in one punctuation, holding
     * the stream thread and the transaction for as long.
     */
    private void checkDeadlines(long wallClockMs) {
        long now = clock.now(context);
        List<KeyValue<String, String>> due = new ArrayList<>();
        try (var iterator = deadlines.range(indexKey(0L, ""), indexKey(now, "\uffff"))) {
            while (iterator.hasNext() && due.size() < maxPerCheck) {
                due.add(iterator.next());
            }
        }
        for (KeyValue<String, String> entry : due) {
            // Dropped first: update() indexes the item's next threshold again if it has one.
            deadlines.delete(entry.key);
            ItemState item = items.get(entry.value);
            if (item != null) {
                update(entry.value, item, item, wallClockMs);
            }
        }
    }

    private void update(String id, ItemState before, ItemState applied, long timestamp) {
        // The stream thread's wall clock says "when was this computed"; SLA thresholds are judged against the
        // catch-up clock. Both are controllable in tests (TopologyTestDriver's mock time).
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        List<SlaEvent> raised = new ArrayList<>();
        ItemState after = raise(applied, Instant.ofEpochMilli(clock.now(context)), raised);
        if (after.equals(before)) {
            return;
        }
        items.put(id, after);
        reindex(id, before, after);
        reindexExpiry(id, before, after);
        raised.forEach(onSlaEvent);
        context.forward(new Record<>(id, new ItemChange(before, after, now, raised), timestamp));
    }

    private ItemState raise(ItemState item, Instant now, List<SlaEvent> raised) {
        if (item.sla() == null) {
            return item;
        }
        ItemState state = item;
        for (SlaEvent.Target target : SlaEvent.Target.values()) {
            for (SlaEvent.Kind kind : SlaEvent.Kind.values()) {
                if (!state.raised(target, kind) && state.crossed(target, kind, now)) {
                    state = state.withRaised(target, kind);
                    raised.add(new SlaEvent(SlaEvent.SCHEMA_VERSION, state.feedbackId(), state.release(),
                            state.priority(), target, kind, state.sla().target(target), state.sla().dueAt(target), now));
                }
            }
        }
        return state;
    }

    private void reindex(String id, ItemState before, ItemState after) {
        var previous = before == null ? null : before.nextThreshold().orElse(null);
        var next = after.nextThreshold().orElse(null);
        if (previous != null && !previous.equals(next)) {
            deadlines.delete(indexKey(previous.toEpochMilli(), id));
        }
        if (next != null) {
            deadlines.put(indexKey(next.toEpochMilli(), id), id);
        }
    }

    private void reindexExpiry(String id, ItemState before, ItemState after) {
        Instant previous = before == null ? null : retention.expiresAt(before);
        Instant next = retention.expiresAt(after);
        if (previous != null && !previous.equals(next)) {
            expiries.delete(indexKey(previous.toEpochMilli(), id));
        }
        if (next != null && !next.equals(previous)) {
            expiries.put(indexKey(next.toEpochMilli(), id), id);
        }
    }

    /**
     * Expires what the wall clock has made due, at most {@code maxPerCheck} entries (the oldest first; the
     * rest at the next check): an item becomes its marker, and its per-item KPIs are withdrawn downstream;
     * a marker is deleted.
     */
    private void expire(long wallClockMs) {
        List<KeyValue<String, String>> due = new ArrayList<>();
        try (var iterator = expiries.range(indexKey(0L, ""), indexKey(wallClockMs, "\uffff"))) {
            while (iterator.hasNext() && due.size() < retention.maxPerCheck()) {
                due.add(iterator.next());
            }
        }
        Instant now = Instant.ofEpochMilli(wallClockMs);
        for (KeyValue<String, String> entry : due) {
            expiries.delete(entry.key);
            String id = entry.value;
            ItemState item = items.get(id);
            if (item == null) {
                continue;
            }
            if (item.expired()) {
                items.delete(id);
                continue;
            }
            item.nextThreshold().ifPresent(threshold -> deadlines.delete(indexKey(threshold.toEpochMilli(), id)));
            if (retention.markerRetention().isZero()) {
                items.delete(id);
            } else {
                ItemState marker = ItemState.expiredMarker(id, now);
                items.put(id, marker);
                expiries.put(indexKey(retention.expiresAt(marker).toEpochMilli(), id), id);
            }
            events.expired(item);
            if (item.triaged()) {
                context.forward(new Record<>(id, ItemChange.expiry(item, now), wallClockMs));
            }
        }
    }

    /** Zero-padded millis first, so the index sorts by due time as strings. */
    static String indexKey(long epochMillis, String feedbackId) {
        // Same as String.format("%013d|%s", ...), which parsed its pattern on every one of the (several per event) calls.
        String millis = Long.toString(Math.max(0L, epochMillis));
        StringBuilder key = new StringBuilder(14 + feedbackId.length());
        for (int i = millis.length(); i < 13; i++) {
            key.append('0');
        }
        return key.append(millis).append('|').append(feedbackId).toString();
    }
}
