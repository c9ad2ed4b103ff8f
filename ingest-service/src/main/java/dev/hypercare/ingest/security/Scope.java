package dev.hypercare.ingest.security;

import java.util.Locale;

/** What an API key may do. {@code ADMIN} implies the others and may submit on behalf of any app. */
public enum Scope {
    /** Submit feedback (JSON, batch, CloudEvents, e-mail webhook) as the key's own app. */
    SUBMIT,
    /** Record lifecycle events (support tools). */
    LIFECYCLE,
    /** Everything, for any app. */
    ADMIN;

    public static Scope parse(String value) {
        return valueOf(value.strip().toUpperCase(Locale.ROOT));
    }
}
