package dev.hypercare.ingest.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * The lines proposed for {@code ingest-service/src/main/resources/application.properties} (owned by the lead, so they
 * are tried here first): every channel's key serializer from the topic registry, and Micrometer's HTTP server binder
 * off (the service times its own requests as {@code hypercare_ingest_request_seconds}; docs/ingest.md).
 */
public class ProposedProperties implements QuarkusTestProfile {

    public static final Map<String, String> LINES = Map.of(
            "mp.messaging.outgoing.accepted-feedback.key.serializer", "dev.hypercare.ingest.kafka.RegistryKeySerializer",
            "mp.messaging.outgoing.lifecycle-events.key.serializer", "dev.hypercare.ingest.kafka.RegistryKeySerializer",
            "quarkus.micrometer.binder.http-server.enabled", "false");

    @Override
    public Map<String, String> getConfigOverrides() {
        return LINES;
    }
}
