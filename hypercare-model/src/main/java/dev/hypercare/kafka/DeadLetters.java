package dev.hypercare.kafka;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

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

    /**
     * A dead letter's headers: a copy of the failed record's own (the input record's headers object must not change
     * under other processors) with why, and which service; {@link #from} adds where it was read.
     *
     * @param exception what failed to parse it, or {@code null}
     */
    public static Headers of(Headers original, String reason, Exception exception, String service) {
        Headers headers = new RecordHeaders(original.toArray());
        put(headers, REASON, reason);
        if (exception != null) {
            put(headers, EXCEPTION, exception.getClass().getName() + ": " + exception.getMessage());
        }
        return put(headers, SERVICE, service);
    }

    /** Adds the topic, partition and offset the failed record was read from. */
    public static Headers from(Headers headers, String topic, int partition, long offset) {
        put(headers, SOURCE_TOPIC, topic);
        put(headers, SOURCE_PARTITION, partition);
        return put(headers, SOURCE_OFFSET, offset);
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
