package dev.hypercare.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hypercare.kafka.Topics;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The channel topics live in application.properties; they must be the registry's names, nothing else. */
class ChannelTopicsTest {

    private static final Properties CONFIG = new Properties();

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = ChannelTopicsTest.class.getResourceAsStream("/application.properties")) {
            CONFIG.load(in);
        }
    }

    @Test
    void shouldSendAcceptedFeedbackToTheRegistrysRawTopic() {
        assertThat(topicOf(KafkaPublisher.ACCEPTED_FEEDBACK)).isEqualTo(Topics.FEEDBACK_RAW.name());
    }

    @Test
    void shouldSendLifecycleEventsToTheRegistrysLifecycleTopic() {
        assertThat(topicOf(KafkaPublisher.LIFECYCLE_EVENTS)).isEqualTo(Topics.FEEDBACK_LIFECYCLE.name());
    }

    @Test
    void shouldProduceDurablyWithBoundedWaits() {
        String connector = "mp.messaging.connector.smallrye-kafka.";
        assertThat(CONFIG.getProperty(connector + "acks")).isEqualTo("all");
        assertThat(CONFIG.getProperty(connector + "enable.idempotence")).isEqualTo("true");
        assertThat(CONFIG.getProperty(connector + "max.block.ms")).isNotBlank();
        assertThat(CONFIG.getProperty(connector + "delivery.timeout.ms")).isNotBlank();
        assertThat(CONFIG.getProperty(connector + "request.timeout.ms")).isNotBlank();
    }

    private static String topicOf(String channel) {
        return CONFIG.getProperty("mp.messaging.outgoing." + channel + ".topic");
    }
}
