package dev.hypercare.triage.streams;

import dev.hypercare.model.RawFeedback;

/** Result of the parse step: a usable feedback item, or the original bytes bound for the dead-letter topic. */
sealed interface ParseOutcome {

    record Parsed(RawFeedback feedback) implements ParseOutcome {
    }

    /** The record's value exactly as read; the reason travels in the record's dead-letter headers. */
    record Rejected(byte[] originalValue) implements ParseOutcome {
    }
}
