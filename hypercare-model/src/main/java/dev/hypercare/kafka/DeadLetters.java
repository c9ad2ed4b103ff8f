package dev.hypercare.kafka;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;

/**
 * Header names on {@link Topics#DEADLETTER} records. The value and key are the failed record's own
 * bytes, untouched, so a fixed consumer can re-publish them; the headers say why and from where.
 */
public final class DeadLetters {

    public static final String REASON = "hypercare.dlq.reason";
    public static final String EXCEPTION = "hypercare.dlq.exception";
    public static final String SOURCE_TOPIC = "hypercare.dlq.source.topic";
    public static final String SOURCE_PARTITION = "hypercare.dlq.source.partition";
    public static final String SOURCE_OFFSET = "hypercare.dlq.source.offset";
    public static final String SERVICE = "hypercare.dlq.service";

    private DeadLetters() {
    }

    /** Sets (replacing any earlier value of) a dead-letter header. */
    public static Headers put(Headers headers, String name, Object value) {
        headers.remove(name);
        headers.add(name, String.valueOf(value).getBytes(StandardCharsets.UTF_8));
        return headers;
    }

    public static String get(Headers headers, String name) {
        var header = headers.lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
