package dev.hypercare.model;

/** Where a piece of feedback entered Hypercare. Part of the triage input and a KPI dimension. */
public enum FeedbackChannel {
    API,
    CLOUDEVENTS,
    SLACK,
    EMAIL,
    FORM
}
