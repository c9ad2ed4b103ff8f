package dev.hypercare.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hypercare.kafka.Topics;
import dev.hypercare.model.FeedbackChannel;
import dev.hypercare.model.LifecycleEvent;
import dev.hypercare.model.LifecycleType;
import dev.hypercare.model.RawFeedback;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class RegistryValueSerializerTest {

    private final RegistryValueSerializer serializer = new RegistryValueSerializer();

    @Test
    void shouldWriteExactlyTheBytesTheRegistrySerdeReadsBack() {
        // given
        var feedback = new RawFeedback(RawFeedback.SCHEMA_VERSION, "f-1", Instant.parse("2025-03-01T10:15:30.123Z"),
                "shop-web", "2.4.0", FeedbackChannel.API, null, "It crashes", null, null, null, null, null);

        // when
        byte[] bytes = serializer.serialize(Topics.FEEDBACK_RAW.name(), feedback);

        // then: ISO instants, nulls left out, and the triage-service's serde reads the same record
        String json = new String(bytes, StandardCharsets.UTF_8);
        assertThat(json).contains("\"receivedAt\":\"2025-03-01T10:15:30.123Z\"").doesNotContain("null");
        assertThat(Topics.FEEDBACK_RAW.valueSerde().deserializer().deserialize(Topics.FEEDBACK_RAW.name(), bytes))
                .isEqualTo(feedback);
    }

    @Test
    void shouldRefuseATopicMissingFromTheRegistry() {
        assertThatThrownBy(() -> serializer.serialize("feedback-raw-typo", "x"))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("not in the Hypercare topic registry");
    }

    @Test
    void shouldWriteEachTopicWithItsOwnSerdeWhenOneSerializerAlternatesBetweenTopics() {
        // given: one serializer used for the raw topic, then the lifecycle topic, then the raw topic again
        var feedback = new RawFeedback(RawFeedback.SCHEMA_VERSION, "f-2", Instant.parse("2025-03-01T10:15:30Z"),
                "shop-web", "2.4.0", FeedbackChannel.API, null, "Slow", null, null, null, null, null);
        var event = new LifecycleEvent(LifecycleEvent.SCHEMA_VERSION, "e-1", "f-2", LifecycleType.ACKNOWLEDGED, "on-call",
                Instant.parse("2025-03-01T10:16:00Z"), Instant.parse("2025-03-01T10:16:01Z"), null, null);

        // when
        byte[] raw = serializer.serialize(Topics.FEEDBACK_RAW.name(), feedback);
        byte[] lifecycle = serializer.serialize(Topics.FEEDBACK_LIFECYCLE.name(), event);
        byte[] rawAgain = serializer.serialize(Topics.FEEDBACK_RAW.name(), feedback);

        // then: each as its topic's registered serde writes it
        assertThat(raw).isEqualTo(Topics.FEEDBACK_RAW.valueSerde().serializer().serialize(Topics.FEEDBACK_RAW.name(), feedback));
        assertThat(lifecycle)
                .isEqualTo(Topics.FEEDBACK_LIFECYCLE.valueSerde().serializer().serialize(Topics.FEEDBACK_LIFECYCLE.name(), event));
        assertThat(rawAgain).isEqualTo(raw);
        // and a topic missing from the registry is still refused after a known one was cached
        assertThatThrownBy(() -> serializer.serialize("feedback-raw-typo", feedback))
                .isInstanceOf(SerializationException.class);
    }
}
