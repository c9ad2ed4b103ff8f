package dev.hypercare.metrics.kpi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hypercare.kafka.JsonSerde;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.zip.Deflater;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class KpiTotalSerdeTest {

    private final KpiTotalSerde serde = new KpiTotalSerde();

    @Test
    void shouldReadBackATotalWithItsHistogram() {
        // given
        String sketch = LatencySketch.empty().update(List.of(60_000L, 120_000L, 3_600_000L), List.of()).encode();
        KpiTotal total = new KpiTotal("2.0", KpiName.FIRST_RESPONSE_MS, "priority=P1", "day:2025-03-01",
                3_780_000, 3, sketch, Instant.parse("2025-03-01T09:00:01.5Z"));

        // when
        KpiTotal read = serde.deserializer().deserialize("t", serde.serializer().serialize("t", total));

        // then
        assertThat(read).isEqualTo(total);
        assertThat(read.toKpis()).isEqualTo(total.toKpis());
    }

    @Test
    void shouldReadATotalWithoutHistogram() {
        KpiTotal total = new KpiTotal("2.0", KpiName.VOLUME, "all", "period", 12, 12, null, null);
        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", total))).isEqualTo(total);
    }

    @Test
    void shouldReadTheJsonAndCompressedHistogramAnEarlierBuildLeftInTheChangelog() {
        // given: a total as the JSON serde wrote it, its histogram deflated as the earlier LatencySketch did
        Histogram histogram = new Histogram(1, 400L * 24 * 3600 * 1000, 2);
        histogram.recordValue(60_000);
        histogram.recordValue(90_000);
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoCompressedByteBuffer(buffer, Deflater.BEST_SPEED);
        byte[] compressed = new byte[length];
        buffer.rewind();
        buffer.get(compressed);
        KpiTotal old = new KpiTotal("2.0", KpiName.RESOLUTION_MS, "all", "period", 150_000, 2,
                Base64.getEncoder().encodeToString(compressed), Instant.parse("2025-03-01T09:00:00Z"));
        byte[] json = new JsonSerde<>(KpiTotal.class).serializer().serialize("t", old);

        // when
        KpiTotal read = serde.deserializer().deserialize("t", json);

        // then: same total, same percentiles, and the next delta updates its histogram
        assertThat(read).isEqualTo(old);
        LatencySketch sketch = LatencySketch.decode(read.sketch());
        assertThat(sketch.count()).isEqualTo(2);
        assertThat(sketch.percentile(99)).isEqualTo(histogram.getValueAtPercentile(99));
        KpiTotal next = read.plus(new KpiDelta("2.0", KpiName.RESOLUTION_MS, "all", "period", 30_000, 1,
                List.of(30_000L), List.of(), Instant.parse("2025-03-01T09:01:00Z")));
        assertThat(LatencySketch.decode(next.sketch()).count()).isEqualTo(3);
    }
}
