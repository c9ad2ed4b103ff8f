package dev.hypercare.triage.grouping;

import dev.hypercare.model.IssueGroup;
import dev.hypercare.model.TriagedFeedback;

/** What the grouping step emits: a group's new state for {@code hypercare.issues}, or an escalation alert. */
public sealed interface GroupingOutcome {

    /** Keyed by issue id. */
    record GroupUpdate(IssueGroup group) implements GroupingOutcome {
    }

    /** Keyed by the feedback id of the report that tipped the group over; goes to the P1 topic. */
    record Alert(TriagedFeedback alert) implements GroupingOutcome {
    }
}
