package dev.hypercare.triage.grouping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hypercare.kafka.JsonSerde;
import dev.hypercare.model.Category;
import dev.hypercare.model.Priority;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IssueStateSerdeTest {

    private final IssueStateSerde serde = new IssueStateSerde();

    private static IssueState group() {
        Map<String, Double> centroid = new LinkedHashMap<>();
        centroid.put("check", 2.0 + 1e-13);
        centroid.put("payme", Math.log(3));
        centroid.put("connexion", 0.1 + 0.2);
        return new IssueState("issue-f1", "webshop", "2.4.0", Category.BUG, Priority.P3, Priority.P2,
                "Checkout fails — \u00e9\u00e8 \uD83D\uDE00", 0.4242424242, 12, Instant.parse("2025-03-03T09:00:00.123456789Z"),
                Instant.parse("2025-03-03T09:14:00Z"), List.of("f1", "f2"), centroid, List.of(1L, 2L, 3L), 1);
    }

    @Test
    void shouldReadBackExactlyWhatItWrote() {
        // given
        IssueState state = group();

        // when
        IssueState read = serde.deserializer().deserialize("t", serde.serializer().serialize("t", state));

        // then: every value to the bit, and the centroid in the same order (norms are summed in that order)
        assertThat(read).isEqualTo(state);
        assertThat(List.copyOf(read.centroid().keySet())).containsExactly("check", "payme", "connexion");
    }

    @Test
    void shouldKeepNullsAndEmptyLists() {
        IssueState state = new IssueState("issue-x", "a", "r", null, null, null, null, 0, 0, null, null, List.of(), Map.of(),
                List.of(), 0);

        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", state))).isEqualTo(state);
    }

    @Test
    void shouldStillReadStateAnEarlierVersionWroteAsJson() {
        // given a group in the JSON form the store held before
        IssueState state = group();
        byte[] json = new JsonSerde<>(IssueState.class).serializer().serialize("t", state);

        // when / then
        assertThat(serde.deserializer().deserialize("t", json)).isEqualTo(state);
    }

    @Test
    void shouldBeSmallerThanTheJsonForm() {
        IssueState state = group();

        assertThat(serde.serializer().serialize("t", state).length)
                .isLessThan(new JsonSerde<>(IssueState.class).serializer().serialize("t", state).length);
    }
}
