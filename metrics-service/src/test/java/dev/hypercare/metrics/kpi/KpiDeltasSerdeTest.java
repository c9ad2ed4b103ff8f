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
    void shouldWriteEachSharedStringOnceSoARecordIsSmallerThanTheEarlierForm() {
        // given: the deltas of a new item (volume and backlog, 3 windows x 4 dimensions), sharing one release
        Instant at = Instant.parse("2025-03-01T09:00:01.5Z");
        List<KpiDelta> deltas = new java.util.ArrayList<>();
        for (String dimension : List.of("all", "category=BUG", "priority=P2", "channel=API")) {
            for (String window : List.of("period", "hour:2025-03-01T09:00:00Z", "day:2025-03-01")) {
                deltas.add(new KpiDelta("2.0", KpiName.VOLUME, dimension, window, 1, 1, List.of(), List.of(), at));
            }
            deltas.add(new KpiDelta("2.0", KpiName.OPEN_BACKLOG, dimension, "period", 1, 1, List.of(), List.of(), at));
        }
        deltas.add(new KpiDelta(null, null, null, null, 0, 0, List.of(5L), List.of(7L, 8L), null));

        // when
        byte[] bytes = KpiDeltasSerde.toBytes(deltas);

        // then: read back equal, and under 70 % of the size of the earlier form (each delta keeps its numbers and time)
        assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(deltas);
        assertThat(bytes.length).isLessThan(KpiDeltasSerde.toBytesVersion2(deltas).length * 7 / 10);
    }

    @Test
    void shouldStillWriteVersion2WhichTheBuildBeforeThisOneReads() {
        // given
        List<KpiDelta> deltas = List.of(new KpiDelta("2.0", KpiName.VOLUME, "all", "period", 1, 1, List.of(), List.of(),
                Instant.parse("2025-03-01T09:00:00Z")));

        // when / then: a rolling update may hand this buffer to a replica that reads version 2 only
        assertThat(serde.serializer().serialize("t", deltas)).isEqualTo(KpiDeltasSerde.toBytesVersion2(deltas));
    }

    @Test
    void shouldReadTheVersion2RecordsOfTheBuildBeforeThisOne() {
        // given: one change's deltas as the build before this one buffered them
        Instant at = Instant.parse("2025-03-01T09:00:01.5Z");
        List<KpiDelta> deltas = List.of(
                new KpiDelta("2.0", KpiName.FIRST_RESPONSE_MS, "all", "period", 60_000, 1, List.of(60_000L), List.of(), at),
                new KpiDelta("2.0", KpiName.CSAT, "channel=API", "day:2025-03-01", 4, 1, List.of(4L), List.of(5L), null));

        // when / then
        assertThat(serde.deserializer().deserialize("t", KpiDeltasSerde.toBytesVersion2(deltas))).isEqualTo(deltas);
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
