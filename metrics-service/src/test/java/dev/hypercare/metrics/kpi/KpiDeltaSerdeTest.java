package dev.hypercare.metrics.kpi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hypercare.kafka.JsonSerde;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class KpiDeltaSerdeTest {

    private final KpiDeltaSerde serde = new KpiDeltaSerde();

    @Test
    void shouldReadBackEveryFieldOfADelta() {
        // given
        KpiDelta delta = new KpiDelta("2.0", KpiName.FIRST_RESPONSE_MS, "category=BUG", "hour:2025-03-01T09:00:00Z",
                -1234.5, -2, List.of(60_000L, 1L), List.of(5L), Instant.parse("2025-03-01T09:00:01.123456789Z"));

        // when
        KpiDelta read = serde.deserializer().deserialize("t", serde.serializer().serialize("t", delta));

        // then
        assertThat(read).isEqualTo(delta);
    }

    @Test
    void shouldReadNullFieldsAndEmptyLists() {
        KpiDelta delta = new KpiDelta(null, KpiName.VOLUME, "all", "period", 1, 1, List.of(), List.of(), null);
        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", delta))).isEqualTo(delta);
    }

    @Test
    void shouldReadTheJsonAnEarlierBuildLeftInTheChangelog() {
        // given: the buffer's value as the JSON serde wrote it before this format
        KpiDelta delta = new KpiDelta("2.0", KpiName.CSAT, "all", "day:2025-03-01", 4, 1, List.of(4L), List.of(),
                Instant.parse("2025-03-01T09:00:00Z"));
        byte[] json = new JsonSerde<>(KpiDelta.class).serializer().serialize("t", delta);

        // when / then
        assertThat(serde.deserializer().deserialize("t", json)).isEqualTo(delta);
    }
}
