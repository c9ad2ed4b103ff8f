package dev.hypercare.ingest.kafka;

/**
 * The broker did not acknowledge a record in time (unreachable, timed out, or it refused it). The
 * record is not known to be durable, so the HTTP layer must answer 503 with Retry-After, never 202.
 */
public class BrokerUnavailableException extends RuntimeException {

    public BrokerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
