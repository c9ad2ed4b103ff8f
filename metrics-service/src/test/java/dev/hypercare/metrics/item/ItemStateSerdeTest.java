package dev.hypercare.metrics.item;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hypercare.kafka.JsonSerde;
import dev.hypercare.metrics.sla.SlaDeadlines;
import dev.hypercare.model.Category;
import dev.hypercare.model.FeedbackChannel;
import dev.hypercare.model.LifecycleEvent;
import dev.hypercare.model.LifecycleType;
import dev.hypercare.model.Priority;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ItemStateSerdeTest {

    private static final Instant RECEIVED = Instant.parse("2025-03-01T09:00:00.123456789Z");

    private final ItemStateSerde serde = new ItemStateSerde();

    @Test
    void shouldReadBackEveryFieldOfAnItem() {
        // given: every field set, a pending event, SLA deadlines and raised events
        LifecycleEvent waiting = new LifecycleEvent(LifecycleEvent.SCHEMA_VERSION, "ev-9", "fb-1", LifecycleType.RATED,
                "reporter", RECEIVED.plusSeconds(90), RECEIVED.plusSeconds(91), 4, "thanks");
        ItemState item = new ItemState("fb-1", "2.0", Category.BUG, Priority.P1, FeedbackChannel.SLACK, RECEIVED,
                RECEIVED.plusSeconds(10), RECEIVED.plusSeconds(60), RECEIVED.plusSeconds(3600), 2, 5,
                List.of("ev-1", "ev-2"), List.of(waiting),
                new SlaDeadlines(Duration.ofMinutes(15), RECEIVED.plusSeconds(720), RECEIVED.plusSeconds(900),
                        Duration.ofHours(4), RECEIVED.plusSeconds(11_520), RECEIVED.plusSeconds(14_400)),
                List.of("FIRST_RESPONSE:WARNING"), "payments", true, "issue-7", null);

        // when
        ItemState read = serde.deserializer().deserialize("t", serde.serializer().serialize("t", item));

        // then
        assertThat(read).isEqualTo(item);
    }

    @Test
    void shouldReadBackAnItemWithNothingKnownAndAnExpiredMarker() {
        ItemState empty = ItemState.empty("fb-2");
        ItemState marker = ItemState.expiredMarker("fb-3", RECEIVED);
        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", empty))).isEqualTo(empty);
        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", marker))).isEqualTo(marker);
    }

    @Test
    void shouldReadTheJsonAnEarlierBuildLeftInTheChangelog() {
        // given: the item as the JSON serde wrote it before this format
        ItemState item = new ItemState("fb-4", "2.0", Category.QUESTION, Priority.P3, FeedbackChannel.API, RECEIVED,
                null, RECEIVED.plusSeconds(5), null, 0, null, List.of("ev-1"), List.of(), null, List.of());
        byte[] json = new JsonSerde<>(ItemState.class).serializer().serialize("t", item);

        // when / then
        assertThat(serde.deserializer().deserialize("t", json)).isEqualTo(item);
    }
}
