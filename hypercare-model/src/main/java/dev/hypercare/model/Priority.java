package dev.hypercare.model;

/** Triage outcome: P1 is "page the on-call team now", P4 is "look at it when convenient". */
public enum Priority {
    P1,
    P2,
    P3,
    P4
}
