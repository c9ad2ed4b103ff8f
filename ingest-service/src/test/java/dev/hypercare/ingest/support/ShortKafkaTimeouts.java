package dev.hypercare.ingest.support;

import java.util.HashMap;
import java.util.Map;

/**
 * Producer and acknowledgement timeouts of seconds, with the Retry-After the tests expect: a test that takes the
 * broker away sees its 503 within about two seconds instead of the production ten.
 */
public final class ShortKafkaTimeouts {

    private static final Map<String, String> TIMEOUTS = Map.of(
            "mp.messaging.connector.smallrye-kafka.max.block.ms", "1000",
            "mp.messaging.connector.smallrye-kafka.request.timeout.ms", "1000",
            "mp.messaging.connector.smallrye-kafka.delivery.timeout.ms", "2000",
            "hypercare.ingest.ack-timeout", "4S",
            "hypercare.ingest.retry-after", "7S");

    private ShortKafkaTimeouts() {
    }

    /** The timeouts with a test profile's own overrides on top. */
    public static Map<String, String> with(Map<String, String> overrides) {
        Map<String, String> all = new HashMap<>(TIMEOUTS);
        all.putAll(overrides);
        return all;
    }
}
