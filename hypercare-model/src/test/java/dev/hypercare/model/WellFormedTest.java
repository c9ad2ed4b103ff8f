package dev.hypercare.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hypercare.kafka.JsonSerde;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WellFormedTest {

    @Test
    void shouldKeepAWellFormedTextAsItIsWithoutACopy() {
        String text = "Checkout fails 🙂 — l'écran reste blanc";

        assertThat(WellFormed.text(text)).isSameAs(text);
        assertThat(WellFormed.text(null)).isNull();
    }

    @Test
    void shouldReplaceEachUnpairedSurrogateAndKeepThePairs() {
        assertThat(WellFormed.text("cut at \uD83D")).isEqualTo("cut at \uFFFD");
        assertThat(WellFormed.text("\uDE42 then 🙂 then \uD83D\uD83D🙂")).isEqualTo("\uFFFD then 🙂 then \uFFFD\uFFFD🙂");
    }

    @Test
    void shouldRepairTheTextsOfARawRecordWhateverProducerWroteIt() {
        // given a raw record as another producer may write it: a lone surrogate escape in the component and the text
        String json = """
                {"schemaVersion":1,"feedbackId":"f-1","receivedAt":"2026-11-29T10:00:00Z","sourceApp":"app","release":"1.0",
                 "text":"crash \\ud83d","component":"\\ud83d"}""";

        // when it is read with the topic's serde
        RawFeedback feedback = new JsonSerde<>(RawFeedback.class).deserializer()
                .deserialize("hypercare.feedback.raw", json.getBytes(StandardCharsets.UTF_8));

        // then its texts are well-formed, so any reader can use them as JSON field names
        assertThat(feedback.component()).isEqualTo("\uFFFD");
        assertThat(feedback.text()).isEqualTo("crash \uFFFD");
        JsonSerde<Map> maps = new JsonSerde<>(Map.class);
        byte[] keyed = maps.serializer().serialize("t", Map.of(feedback.component(), 1));
        assertThat(maps.deserializer().deserialize("t", keyed)).containsEntry("\uFFFD", 1);
    }

    @Test
    void shouldRepairTheTextsOfALifecycleEvent() {
        LifecycleEvent event = new LifecycleEvent(1, "e-1", "f-1", LifecycleType.RESPONDED, "ops \uD83D", null, null, null, "\uDE42");

        assertThat(event.actor()).isEqualTo("ops \uFFFD");
        assertThat(event.note()).isEqualTo("\uFFFD");
    }
}
