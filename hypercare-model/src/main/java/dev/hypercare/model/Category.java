package dev.hypercare.model;

/** What kind of feedback an item is. */
public enum Category {
    BUG,
    FEATURE_REQUEST,
    QUESTION,
    PRAISE,
    OTHER
}
