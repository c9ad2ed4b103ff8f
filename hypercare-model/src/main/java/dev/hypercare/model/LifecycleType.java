package dev.hypercare.model;

/** What support did with an item, or what its reporter said about the outcome. */
public enum LifecycleType {
    ACKNOWLEDGED,
    RESPONDED,
    RESOLVED,
    REOPENED,
    /** The reporter's satisfaction, CSAT 1..5, in {@link LifecycleEvent#rating()}. */
    RATED
}
