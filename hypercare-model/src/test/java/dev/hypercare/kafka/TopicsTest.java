package dev.hypercare.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hypercare.model.FeedbackChannel;
import dev.hypercare.model.Priority;
import dev.hypercare.model.RawFeedback;
import java.time.Instant;
import java.util.Arrays;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class TopicsTest {

    @Test
    void everyTopicNameIsDeclaredOnce() {
        assertThat(Topics.ALL).extracting(Topic::name).doesNotHaveDuplicates().allMatch(n -> n.startsWith("hypercare."));
    }

    @Test
    void everyPriorityHasItsOwnTopicInTheRegistry() {
        assertThat(Arrays.stream(Priority.values()).map(Topics::forPriority))
                .doesNotHaveDuplicates()
                .allMatch(Topics.ALL::contains);
        assertThat(Topics.forPriority(Priority.P1).name()).isEqualTo("hypercare.feedback.priority.p1");
    }

    @Test
    void stateTopicsAreCompactedAndKeptForever() {
        assertThat(Topics.ALL).filteredOn(Topic::compacted).extracting(Topic::name)
                .containsExactlyInAnyOrder("hypercare.kpis", "hypercare.issues", "hypercare.triage.rules");
        assertThat(Topics.KPIS.configs()).containsEntry("cleanup.policy", "compact").containsEntry("retention.ms", "-1");
    }

    @Test
    void rawFeedbackRoundTripsAsIsoJsonAndToleratesUnknownFields() {
        var serde = (JsonSerde<RawFeedback>) Topics.FEEDBACK_RAW.valueSerde();
        var feedback = new RawFeedback(1, "id-1", Instant.parse("2026-11-27T10:00:00Z"), "shop", "2.0",
                FeedbackChannel.API, null, "checkout is down", null, null, 3, null, null);

        byte[] json = serde.toBytes(feedback);

        assertThat(new String(json)).contains("\"receivedAt\":\"2026-11-27T10:00:00Z\"").doesNotContain("title");
        String withExtraField = new String(json).replace("{", "{\"addedInV2\":true,");
        assertThat(serde.fromBytes(withExtraField.getBytes())).isEqualTo(feedback);
    }

    @Test
    void unreadableJsonIsASerializationException() {
        var serde = (JsonSerde<RawFeedback>) Topics.FEEDBACK_RAW.valueSerde();
        assertThatThrownBy(() -> serde.fromBytes("{not json".getBytes()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("RawFeedback");
    }
}
