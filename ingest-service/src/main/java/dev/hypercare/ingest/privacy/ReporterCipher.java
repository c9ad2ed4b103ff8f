package dev.hypercare.ingest.privacy;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Encrypts the reporter's contact (e-mail address, Slack user, phone) before it is written to Kafka.
 *
 * <p>Rule: the contact never leaves the service in clear. It becomes an envelope string
 * {@code enc:v1:<keyId>:<base64url(iv || ciphertext || tag)>}: AES-256-GCM with a fresh 96-bit IV,
 * the feedback id as associated data (an envelope copied onto another item does not decrypt), and
 * the key id so that keys can rotate: new records use {@code hypercare.ingest.privacy.active-key-id},
 * older records stay readable as long as their key is still listed in
 * {@code hypercare.ingest.privacy.keys} ({@code id:base64key,id2:base64key}, from the environment or
 * a secret). Without configured keys a random key lives only as long as the process, with a warning:
 * contacts stay protected but cannot be decrypted after a restart (good enough for a local run).
 */
@ApplicationScoped
@Startup // a malformed key must fail the start, not the first request that carries a reporter
public class ReporterCipher {

    public static final String PREFIX = "enc:v1:";
    private static final Logger LOG = Logger.getLogger(ReporterCipher.class);
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecureRandom random = new SecureRandom();
    private final Map<String, SecretKey> keys;
    private final String activeKeyId;
    private final String envelopePrefix;

    public ReporterCipher(@ConfigProperty(name = "hypercare.ingest.privacy.keys") Optional<String> keys,
                          @ConfigProperty(name = "hypercare.ingest.privacy.active-key-id") Optional<String> activeKeyId) {
        this.keys = parse(keys.orElse(""));
        if (this.keys.isEmpty()) {
            byte[] material = new byte[32];
            random.nextBytes(material);
            String id = "ephemeral";
            this.keys.put(id, new SecretKeySpec(material, "AES"));
            this.activeKeyId = id;
            LOG.warn("No hypercare.ingest.privacy.keys configured: reporter contacts are encrypted with a per-process "
                    + "key and cannot be decrypted after a restart. Configure keys for production.");
        } else {
            this.activeKeyId = activeKeyId.orElse(this.keys.keySet().iterator().next());
            if (!this.keys.containsKey(this.activeKeyId)) {
                throw new IllegalStateException("hypercare.ingest.privacy.active-key-id names no configured key: " + this.activeKeyId);
            }
        }
        this.envelopePrefix = PREFIX + this.activeKeyId + ":";
    }

    static Map<String, SecretKey> parse(String spec) {
        Map<String, SecretKey> parsed = new LinkedHashMap<>();
        for (String entry : spec.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int colon = entry.indexOf(':');
            if (colon <= 0) {
                throw new IllegalStateException("hypercare.ingest.privacy.keys entries must be id:base64key");
            }
            byte[] material = Base64.getDecoder().decode(entry.substring(colon + 1).strip());
            if (material.length != 32) {
                // The message names the key id only: never the key.
                throw new IllegalStateException("privacy key " + entry.substring(0, colon).strip() + " must be 32 bytes (AES-256)");
            }
            parsed.put(entry.substring(0, colon).strip(), new SecretKeySpec(material, "AES"));
        }
        return parsed;
    }

    public String activeKeyId() {
        return activeKeyId;
    }

    /** The envelope of {@code contact} bound to {@code feedbackId}; null and blank stay as they are. */
    public String encrypt(String contact, String feedbackId) {
        if (contact == null || contact.isBlank()) {
            return null;
        }
        try {
            // One cipher and one DRBG per thread, re-initialised with a fresh IV for every contact
            // (re-keying the same key is skipped by the provider): Cipher.getInstance (a provider
            // lookup), the AES key schedule and the process-wide lock of the default NativePRNG were
            // most of this method's cost per event.
            PerThread mine = PER_THREAD.get();
            byte[] plain = contact.strip().getBytes(StandardCharsets.UTF_8);
            byte[] out = new byte[IV_BYTES + plain.length + TAG_BITS / 8];
            mine.nextIv();
            System.arraycopy(mine.iv, 0, out, 0, IV_BYTES);
            Cipher cipher = mine.cipher;
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(activeKeyId), new GCMParameterSpec(TAG_BITS, mine.iv));
            cipher.updateAAD(feedbackId.getBytes(StandardCharsets.UTF_8));
            int written = cipher.doFinal(plain, 0, plain.length, out, IV_BYTES);
            if (written != out.length - IV_BYTES) {
                throw new IllegalStateException("AES-GCM wrote " + written + " bytes, expected " + (out.length - IV_BYTES));
            }
            return envelopePrefix + Base64.getUrlEncoder().withoutPadding().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    /** A thread's encryption state: never shared, so neither needs a lock. */
    private static final class PerThread {
        /** IVs drawn from the DRBG 64 at a time: its cost is mostly per call, not per byte. */
        private static final int IVS_PER_DRAW = 64;

        final Cipher cipher;
        final SecureRandom random;
        final byte[] iv = new byte[IV_BYTES];
        private final byte[] drawn = new byte[IV_BYTES * IVS_PER_DRAW];
        private int next = drawn.length;

        PerThread() {
            try {
                cipher = Cipher.getInstance("AES/GCM/NoPadding");
                random = SecureRandom.getInstance("DRBG");
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES-GCM or DRBG unavailable", e);
            }
        }

        /** A fresh random 96-bit IV into {@link #iv}; each drawn byte is used once and then overwritten. */
        void nextIv() {
            if (next == drawn.length) {
                random.nextBytes(drawn);
                next = 0;
            }
            System.arraycopy(drawn, next, iv, 0, IV_BYTES);
            Arrays.fill(drawn, next, next + IV_BYTES, (byte) 0);
            next += IV_BYTES;
        }
    }

    private static final ThreadLocal<PerThread> PER_THREAD = ThreadLocal.withInitial(PerThread::new);

    /** The contact inside an envelope made for {@code feedbackId}, for support tools holding the key. */
    public String decrypt(String envelope, String feedbackId) {
        if (envelope == null || !envelope.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not a reporter envelope");
        }
        String rest = envelope.substring(PREFIX.length());
        int colon = rest.indexOf(':');
        SecretKey key = keys.get(rest.substring(0, colon));
        if (key == null) {
            throw new IllegalArgumentException("unknown key id " + rest.substring(0, colon));
        }
        try {
            byte[] in = Base64.getUrlDecoder().decode(rest.substring(colon + 1));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, IV_BYTES));
            cipher.updateAAD(feedbackId.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(in, IV_BYTES, in.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("envelope does not decrypt with key " + rest.substring(0, colon), e);
        }
    }
}
