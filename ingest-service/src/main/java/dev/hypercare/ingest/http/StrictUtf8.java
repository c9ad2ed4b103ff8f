package dev.hypercare.ingest.http;

import dev.hypercare.http.Problem;
import dev.hypercare.ingest.problem.ProblemException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Request text must be UTF-8, strictly: a byte sequence that is not UTF-8 is refused with a 400
 * problem naming the part, never decoded into U+FFFD or into something else.
 *
 * <p>Why not leave it to the parsers: Jackson decodes overlong forms ({@code C0 AF} becomes "/") and
 * code points above U+10FFFF (into lone surrogates) without complaint, and the form and multipart
 * decoders replace bad bytes with U+FFFD; either way the raw topic would carry text the client never
 * wrote. The JDK's decoder with {@link CodingErrorAction#REPORT} refuses all of these (overlong,
 * surrogates, truncated and out-of-range sequences).
 */
public final class StrictUtf8 {

    public static final String MESSAGE = "must be valid UTF-8";

    private StrictUtf8() {
    }

    /** The offset of the first byte that is not part of valid UTF-8, or -1 when all are. */
    public static int firstInvalid(byte[] bytes) {
        int i = 0;
        while (i < bytes.length && bytes[i] >= 0) {
            i++; // ASCII: the common case costs one comparison per byte
        }
        if (i == bytes.length) {
            return -1;
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, i, bytes.length - i);
        CharBuffer out = CharBuffer.allocate(bytes.length - i);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            return in.position();
        }
        result = decoder.flush(out);
        return result.isError() ? in.position() : -1;
    }

    /** Refuses bytes that are not valid UTF-8 with a 400 naming {@code part}. */
    public static void require(byte[] bytes, String part) {
        int at = firstInvalid(bytes);
        if (at >= 0) {
            throw invalid(part, MESSAGE + " (invalid byte sequence at offset " + at + ")");
        }
    }

    /**
     * Refuses an already decoded value holding U+FFFD: the form and multipart decoders put it where
     * the client's bytes were not UTF-8. A client that really means U+FFFD is refused too, the price
     * of not letting a silently mangled text through.
     */
    public static void requireNoReplacement(String value, String part) {
        if (value != null && value.indexOf('\uFFFD') >= 0) {
            throw invalid(part, MESSAGE + " (it holds U+FFFD, the mark of bytes that were not UTF-8)");
        }
    }

    private static ProblemException invalid(String part, String message) {
        return new ProblemException(400, ProblemException.INVALID_ENCODING, "Invalid encoding",
                "The request's " + part + " is not valid UTF-8.", List.of(new Problem.FieldError(part, message)), null);
    }
}
