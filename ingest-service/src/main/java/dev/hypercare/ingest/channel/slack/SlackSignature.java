package dev.hypercare.ingest.channel.slack;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Slack's request signing, version {@code v0}: {@code X-Slack-Signature} must equal
 * {@code v0=} + hex(HMAC-SHA256(signing secret, "v0:" + X-Slack-Request-Timestamp + ":" + raw body)).
 *
 * <p>Rule: the raw body bytes are signed (never a re-serialised form), the comparison is constant-time,
 * and a timestamp more than {@link #MAX_AGE} from now (either way) is refused so that a captured
 * request cannot be replayed later.
 */
public final class SlackSignature {

    public static final Duration MAX_AGE = Duration.ofMinutes(5);

    /** Why a request is refused, or {@code null} when it is authentic and fresh. */
    public static String refusal(String secret, String timestamp, String signature, byte[] body, Instant now) {
        if (timestamp == null || signature == null) {
            return "X-Slack-Request-Timestamp and X-Slack-Signature are required";
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.strip());
        } catch (NumberFormatException e) {
            return "X-Slack-Request-Timestamp must be epoch seconds";
        }
        if (Math.abs(now.getEpochSecond() - seconds) > MAX_AGE.toSeconds()) {
            return "the request timestamp is more than 5 minutes away from now";
        }
        byte[] expected = sign(secret, timestamp.strip(), body).getBytes(StandardCharsets.US_ASCII);
        // Constant-time: the time taken must not tell how many leading characters were right.
        if (!MessageDigest.isEqual(expected, signature.strip().getBytes(StandardCharsets.US_ASCII))) {
            return "the signature does not match";
        }
        return null;
    }

    public static String sign(String secret, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update(("v0:" + timestamp + ":").getBytes(StandardCharsets.UTF_8));
            return "v0=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every JVM", e);
        }
    }

    private SlackSignature() {
    }
}
