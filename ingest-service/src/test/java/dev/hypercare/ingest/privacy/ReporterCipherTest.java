package dev.hypercare.ingest.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReporterCipherTest {

    private static final String K1 = "k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    private static final String K2 = "k2:Hx4dHBsaGRgXFhUUExIREA8ODQwLCgkIBwYFBAMCAQA=";

    @Test
    void shouldEncryptTheContactIntoAnEnvelopeNamingTheKey() {
        // given
        ReporterCipher cipher = new ReporterCipher(Optional.of(K1), Optional.of("k1"));

        // when
        String envelope = cipher.encrypt("ana@example.com", "id-1");

        // then
        assertThat(envelope).startsWith("enc:v1:k1:").doesNotContain("ana").doesNotContain("example");
        assertThat(cipher.decrypt(envelope, "id-1")).isEqualTo("ana@example.com");
        assertThat(cipher.encrypt("ana@example.com", "id-1")).as("fresh IV each time").isNotEqualTo(envelope);
    }

    @Test
    void shouldNotDecryptAnEnvelopeMovedToAnotherFeedback() {
        ReporterCipher cipher = new ReporterCipher(Optional.of(K1), Optional.of("k1"));
        String envelope = cipher.encrypt("ana@example.com", "id-1");

        assertThatThrownBy(() -> cipher.decrypt(envelope, "id-2")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldStillDecryptOldRecordsAfterTheActiveKeyRotated() {
        // given a record written under k1
        String old = new ReporterCipher(Optional.of(K1), Optional.of("k1")).encrypt("+33612345678", "id-9");

        // when k2 becomes active and k1 stays listed
        ReporterCipher rotated = new ReporterCipher(Optional.of(K1 + "," + K2), Optional.of("k2"));

        // then
        assertThat(rotated.encrypt("x@y.z", "id-10")).startsWith("enc:v1:k2:");
        assertThat(rotated.decrypt(old, "id-9")).isEqualTo("+33612345678");
    }

    @Test
    void shouldRefuseKeysThatAreNotAes256WithoutPrintingThem() {
        assertThatThrownBy(() -> new ReporterCipher(Optional.of("bad:AAEC"), Optional.empty()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("bad").hasMessageNotContaining("AAEC");
    }

    @Test
    void shouldLeaveAnAbsentReporterAbsent() {
        ReporterCipher cipher = new ReporterCipher(Optional.empty(), Optional.empty());
        assertThat(cipher.encrypt(null, "id")).isNull();
        assertThat(cipher.encrypt("  ", "id")).isNull();
        assertThat(cipher.decrypt(cipher.encrypt("a@b.cd", "id"), "id")).isEqualTo("a@b.cd");
    }
}
