package dev.hypercare.metrics.kpi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hypercare.kafka.JsonSerde;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class KpiDeltasSerdeTest {

    private final KpiDeltasSerde serde = new KpiDeltasSerde();

    @Test
    void shouldReadBackTheDeltasOfOneChangeInOrder() {
        // given: what one RESPONDED causes, in part
        Instant at = Instant.parse("2025-03-01T09:00:01.5Z");
        List<KpiDelta> deltas = List.of(
                new KpiDelta("2.0", KpiName.FIRST_RESPONSE_MS, "all", "period", 60_000, 1, List.of(60_000L), List.of(), at),
                new KpiDelta("2.0", KpiName.FIRST_RESPONSE_MS, "item=fb-1", "period", 60_000, 1, List.of(), List.of(), at),
                new KpiDelta("2.0", KpiName.SLA_ATTAINMENT, "priority=P2", "day:2025-03-01", 100, 1, List.of(), List.of(), null));

        // when / then
        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", deltas))).isEqualTo(deltas);
        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", List.of()))).isEmpty();
    }

    @Test
    void shouldReadTheOneDeltaPerKeyThatEarlierBuildsBuffered() {
        // given: a buffered delta as the binary (version 1) and the JSON buffers of earlier builds wrote it
        KpiDelta delta = new KpiDelta("2.0", KpiName.VOLUME, "all", "period", 3, 3, List.of(), List.of(),
                Instant.parse("2025-03-01T09:00:00Z"));
        byte[] binary = new KpiDeltaSerde().serializer().serialize("t", delta);
        byte[] json = new JsonSerde<>(KpiDelta.class).serializer().serialize("t", delta);

        // when / then
        assertThat(serde.deserializer().deserialize("t", binary)).containsExactly(delta);
        assertThat(serde.deserializer().deserialize("t", json)).containsExactly(delta);
    }
}
