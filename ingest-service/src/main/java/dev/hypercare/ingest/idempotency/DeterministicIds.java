package dev.hypercare.ingest.idempotency;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * Feedback ids derived from what the client already knows: a name-based UUID (RFC 9562 version 5,
 * SHA-1) of the scope and the client's idempotency key.
 *
 * <p>Rule: the same (scope, key) gives the same feedback id on every replica, after every restart
 * and forever, with no shared state. The scope keeps two apps' keys apart: {@code app:<sourceApp>}
 * for the JSON API, {@code ce:app:<sourceApp>|<source>} for CloudEvents (source + id is unique by the spec,
 * within one app), {@code slack:<team>} for Slack event ids, {@code email:<app>} for Message-IDs,
 * {@code form:<app>} for the form's one-time token. The id is also the Kafka key, so even a duplicate that slips past the
 * seen-view lands in the same partition under the same id and the triage-service's dedup by
 * feedback id drops it.
 */
public final class DeterministicIds {

    /** Hypercare's namespace for name-based ids (itself a v5 id of "hypercare.dev" in the URL namespace). */
    static final UUID NAMESPACE = UUID.fromString("5d0f4a1e-6f3a-5b8c-9e2d-7c1b0a4f3e21");

    private DeterministicIds() {
    }

    public static String feedbackId(String scope, String idempotencyKey) {
        return nameBased(NAMESPACE, scope + '\u0000' + idempotencyKey).toString();
    }

    static UUID nameBased(UUID namespace, String name) {
        MessageDigest sha1 = SHA1.get();
        sha1.reset();
        sha1.update(namespace == NAMESPACE ? NAMESPACE_BYTES : bytesOf(namespace));
        byte[] hash = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x50); // version 5
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80); // IETF variant
        ByteBuffer bytes = ByteBuffer.wrap(hash, 0, 16);
        return new UUID(bytes.getLong(), bytes.getLong());
    }

    private static byte[] bytesOf(UUID namespace) {
        return ByteBuffer.allocate(16).putLong(namespace.getMostSignificantBits())
                .putLong(namespace.getLeastSignificantBits()).array();
    }

    private static final byte[] NAMESPACE_BYTES = bytesOf(NAMESPACE);

    /** One digest per thread: MessageDigest.getInstance is a provider lookup on every call. */
    private static final ThreadLocal<MessageDigest> SHA1 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every JVM", e);
        }
    });
}
