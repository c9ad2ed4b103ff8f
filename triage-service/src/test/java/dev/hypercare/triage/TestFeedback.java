package dev.hypercare.triage;

import dev.hypercare.model.FeedbackChannel;
import dev.hypercare.model.RawFeedback;
import java.time.Instant;
import java.util.UUID;

/** Raw feedback for tests: a valid item with sensible defaults; the wither methods change one field. */
public final class TestFeedback {

    public static final Instant RECEIVED_AT = Instant.parse("2025-03-03T09:00:00Z");

    private TestFeedback() {
    }

    public static RawFeedback withText(String text) {
        return new RawFeedback(RawFeedback.SCHEMA_VERSION, UUID.randomUUID().toString(), RECEIVED_AT, "shop-web", "2025.3.0",
                FeedbackChannel.API, null, text, null, null, null, null, null);
    }

    public static RawFeedback withTitle(RawFeedback f, String title) {
        return new RawFeedback(f.schemaVersion(), f.feedbackId(), f.receivedAt(), f.sourceApp(), f.release(), f.channel(),
                title, f.text(), f.component(), f.reporter(), f.affectedUsers(), f.clientId(), f.clientTimestamp());
    }

    public static RawFeedback withChannel(RawFeedback f, FeedbackChannel channel) {
        return new RawFeedback(f.schemaVersion(), f.feedbackId(), f.receivedAt(), f.sourceApp(), f.release(), channel,
                f.title(), f.text(), f.component(), f.reporter(), f.affectedUsers(), f.clientId(), f.clientTimestamp());
    }

    public static RawFeedback withComponent(RawFeedback f, String component) {
        return new RawFeedback(f.schemaVersion(), f.feedbackId(), f.receivedAt(), f.sourceApp(), f.release(), f.channel(),
                f.title(), f.text(), component, f.reporter(), f.affectedUsers(), f.clientId(), f.clientTimestamp());
    }

    public static RawFeedback withAffectedUsers(RawFeedback f, Integer affectedUsers) {
        return new RawFeedback(f.schemaVersion(), f.feedbackId(), f.receivedAt(), f.sourceApp(), f.release(), f.channel(),
                f.title(), f.text(), f.component(), f.reporter(), affectedUsers, f.clientId(), f.clientTimestamp());
    }

    public static RawFeedback withoutRelease(RawFeedback f) {
        return new RawFeedback(f.schemaVersion(), f.feedbackId(), f.receivedAt(), f.sourceApp(), null, f.channel(),
                f.title(), f.text(), f.component(), f.reporter(), f.affectedUsers(), f.clientId(), f.clientTimestamp());
    }
}
