package dev.hypercare.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link StrictUtf8#firstInvalid} finds exactly what the JDK's strict UTF-8 decoder refuses, at the same offset. */
class StrictUtf8BytesTest {

    /** The JDK's strict decoder: the reference the byte-by-byte check is held to. */
    private static int byDecoder(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CoderResult result = decoder.decode(in, CharBuffer.allocate(bytes.length + 1), true);
        if (result.isError()) {
            return in.position();
        }
        return decoder.flush(CharBuffer.allocate(1)).isError() ? in.position() : -1;
    }

    @Test
    void shouldRefuseExactlyWhatTheStrictDecoderRefusesAtTheSameOffset() {
        // given: text mixing ASCII, every well-formed sequence length and their edges, and random bytes
        byte[][] pieces = {
                "a".getBytes(StandardCharsets.UTF_8), "é".getBytes(StandardCharsets.UTF_8), "€".getBytes(StandardCharsets.UTF_8),
                "💥".getBytes(StandardCharsets.UTF_8), "\u07ff\u0800\uffff\ud7ff\ue000".getBytes(StandardCharsets.UTF_8),
                new String(Character.toChars(0x10FFFF)).getBytes(StandardCharsets.UTF_8),
                {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xC1, (byte) 0xBF}, {(byte) 0xE0, (byte) 0x80, (byte) 0x80},
                {(byte) 0xE0, (byte) 0xA0, (byte) 0x80}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xED, (byte) 0x9F, (byte) 0xBF},
                {(byte) 0xF0, (byte) 0x8F, (byte) 0xBF, (byte) 0xBF}, {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
                {(byte) 0xF5}, {(byte) 0xFF}, {(byte) 0x80}, {(byte) 0xBF}, {(byte) 0xE2, (byte) 0x82}, {(byte) 0xF0, (byte) 0x9F}};
        Random random = new Random(20261127);
        for (int n = 0; n < 50_000; n++) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            int parts = 1 + random.nextInt(6);
            for (int p = 0; p < parts; p++) {
                if (random.nextInt(5) == 0) {
                    out.write(random.nextInt(256));
                } else {
                    out.writeBytes(pieces[random.nextInt(pieces.length)]);
                }
            }
            byte[] bytes = out.toByteArray();

            // when / then
            assertThat(StrictUtf8.firstInvalid(bytes)).as(java.util.HexFormat.of().formatHex(bytes)).isEqualTo(byDecoder(bytes));
        }
    }

    @Test
    void shouldAcceptEmptyAndPlainText() {
        assertThat(StrictUtf8.firstInvalid(new byte[0])).isEqualTo(-1);
        assertThat(StrictUtf8.firstInvalid("Größe 💥 café".getBytes(StandardCharsets.UTF_8))).isEqualTo(-1);
    }
}
