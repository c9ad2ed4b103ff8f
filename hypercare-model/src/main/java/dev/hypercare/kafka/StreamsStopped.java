package dev.hypercare.kafka;

import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Whether a query failed because this instance's Kafka Streams stopped for good, which the two streams services
 * answer with a 503 that asks for no retry: waiting mends nothing, only a restart does.
 */
public final class StreamsStopped {

    private StreamsStopped() {
    }

    /** ERROR is final for a KafkaStreams instance (PENDING_ERROR leads only there); NOT_RUNNING may be a shutdown. */
    public static boolean byError(KafkaStreams.State state) {
        return state == KafkaStreams.State.ERROR || state == KafkaStreams.State.PENDING_ERROR;
    }

    /** The reason to give a client when {@code streams} stopped by an error, else empty (a retry may succeed). */
    public static Optional<String> reason(KafkaStreams streams) {
        KafkaStreams.State state = streams.state();
        return byError(state)
                ? Optional.of("Kafka Streams stopped by an error (state " + state + "); this instance needs a restart, see its log")
                : Optional.empty();
    }
}
