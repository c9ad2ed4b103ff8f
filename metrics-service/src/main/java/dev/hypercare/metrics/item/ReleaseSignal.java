package dev.hypercare.metrics.item;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.streams.KeyValue;

/**
 * What the per-release views (volume spikes, uptime) need from an item change, repartitioned by
 * release ({@code release-signals}) so that all of a release's signals meet in one task.
 * <ul>
 *   <li>{@link Kind#ARRIVAL}: an item was triaged for the first time (a redelivered or re-triaged record is
 *       no second arrival): its component and receive time.</li>
 *   <li>{@link Kind#OUTAGE}: an item flagged OUTAGE appeared, was resolved, reopened, re-grouped, or lost
 *       its flag: its receive time, resolution (null while open), issue group and component.</li>
 * </ul>
 *
 * @param at the event time of the update that caused the signal (when a reopen happened)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ReleaseSignal(Kind kind, String feedbackId, String component, Instant receivedAt, boolean outage,
                            Instant resolvedAt, String issueId, Instant at) {

    public enum Kind { ARRIVAL, OUTAGE }

    /** The signals of one item change, keyed by the item's release; none for most lifecycle events. */
    public static List<KeyValue<String, ReleaseSignal>> of(ItemChange change, long timestamp) {
        ItemState before = change.before();
        ItemState after = change.after();
        List<KeyValue<String, ReleaseSignal>> out = new ArrayList<>(2);
        if (after == null || !after.triaged() || after.receivedAt() == null) {
            return out;
        }
        Instant at = Instant.ofEpochMilli(timestamp);
        boolean wasTriaged = before != null && before.triaged();
        if (!wasTriaged) {
            out.add(KeyValue.pair(after.release(), new ReleaseSignal(Kind.ARRIVAL, after.feedbackId(), after.component(),
                    after.receivedAt(), after.outage(), after.resolvedAt(), after.issueId(), at)));
        }
        boolean wasOutage = wasTriaged && before.outage();
        if (after.outage() || wasOutage) {
            boolean changed = !wasTriaged || wasOutage != after.outage()
                    || !Objects.equals(before.resolvedAt(), after.resolvedAt())
                    || !Objects.equals(before.issueId(), after.issueId())
                    || !Objects.equals(before.component(), after.component());
            if (changed) {
                out.add(KeyValue.pair(after.release(), new ReleaseSignal(Kind.OUTAGE, after.feedbackId(), after.component(),
                        after.receivedAt(), after.outage(), after.resolvedAt(), after.issueId(), at)));
            }
        }
        return out;
    }
}
