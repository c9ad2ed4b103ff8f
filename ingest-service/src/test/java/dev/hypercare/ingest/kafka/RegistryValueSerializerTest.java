package dev.hypercare.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hypercare.kafka.Topics;
import dev.hypercare.model.FeedbackChannel;
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
}
