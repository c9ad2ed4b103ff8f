package dev.hypercare.ingest.channel.form;

import dev.hypercare.http.Problem;
import dev.hypercare.ingest.http.StrictUtf8;
import dev.hypercare.ingest.problem.ProblemException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An {@code application/x-www-form-urlencoded} body decoded strictly: percent escapes and {@code +}
 * are undone on the bytes, then each name and value must be UTF-8 (what the page's
 * {@code accept-charset} asks browsers for). The generic form decoder instead reads a stray escape
 * such as {@code %FF} as some other character, so the raw topic would hold text nobody typed.
 *
 * <p>Rule: a value that is not UTF-8, or a malformed escape, is a 400 problem naming its field; the
 * first of repeated names wins.
 */
final class UrlEncodedForm {

    private UrlEncodedForm() {
    }

    static Map<String, String> parse(byte[] body) {
        Map<String, String> fields = new LinkedHashMap<>();
        int start = 0;
        while (start <= body.length) {
            int end = indexOf(body, (byte) '&', start);
            int equals = indexOf(body, (byte) '=', start);
            if (end > start) {
                int nameEnd = equals >= 0 && equals < end ? equals : end;
                String name = decode(body, start, nameEnd, "body");
                String value = nameEnd < end ? decode(body, nameEnd + 1, end, name) : "";
                fields.putIfAbsent(name, value);
            }
            start = end + 1;
        }
        return fields;
    }

    private static int indexOf(byte[] bytes, byte wanted, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return bytes.length;
    }

    private static String decode(byte[] body, int from, int to, String field) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(to - from);
        for (int i = from; i < to; i++) {
            byte b = body[i];
            if (b == '+') {
                out.write(' ');
            } else if (b == '%') {
                int high = i + 1 < to ? Character.digit(body[i + 1], 16) : -1;
                int low = i + 2 < to ? Character.digit(body[i + 2], 16) : -1;
                if (high < 0 || low < 0) {
                    throw new ProblemException(400, Problem.VALIDATION, "Invalid request", "Invalid field(s): " + field,
                            List.of(new Problem.FieldError(field, "has a malformed percent escape")), null);
                }
                out.write(high * 16 + low);
                i += 2;
            } else {
                out.write(b);
            }
        }
        byte[] bytes = out.toByteArray();
        StrictUtf8.require(bytes, field);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
