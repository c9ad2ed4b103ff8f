package dev.hypercare.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hypercare.model.FeedbackChannel;
import dev.hypercare.model.RawFeedback;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CloudEventHeadersTest {

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource(delimiter = '|', nullValues = "NULL", textBlock = """
            shop-web          | 2.4.0     | 2026-11-27T12:00:00Z
            shop-web          | 2.4.0     | 2026-11-27T12:00:00.120Z
            shop-web          | 2.4.0     | 2026-11-27T12:00:00.007Z
            shop-web          | 2.4.0     | 2026-11-27T12:00:00.100Z
            shop-web          | 2.4.0     | 2026-11-27T12:00:00.123456789Z
            shop-web          | 2.4.0     | 0001-01-01T00:00:00Z
            shop-web          | 2.4.0     | +10000-01-01T00:00:00.5Z
            mobile ios/é&x=1  | 3.0.0-rc1 | 2026-01-02T03:04:05.999Z
            partner-portal    | NULL      | 1999-12-31T23:59:59.100Z
            """)
    void shouldWriteTheSameHeadersAsTheCloudEventsSdk(String sourceApp, String release, String receivedAt) {
        // given
        RawFeedback record = new RawFeedback(RawFeedback.SCHEMA_VERSION, "0b6f1c3e-8f2a-4c1d-9e7b-5a4d3c2b1a00",
                Instant.parse(receivedAt), sourceApp, release, FeedbackChannel.API, null, "text", null, null, null, null, null);

        // when
        Headers direct = KafkaPublisher.cloudEventHeaders(record);
        Headers bySdk = KafkaPublisher.cloudEventHeadersBySdk(record);

        // then: same keys in the same order, same bytes (twice, the second time from the source cache)
        assertThat(asText(direct)).isEqualTo(asText(bySdk));
        assertThat(asText(KafkaPublisher.cloudEventHeaders(record))).isEqualTo(asText(bySdk));
    }

    private static List<String> asText(Headers headers) {
        return Arrays.stream(headers.toArray()).map(CloudEventHeadersTest::asText).toList();
    }

    private static String asText(Header header) {
        return header.key() + "=" + Arrays.toString(header.value());
    }
}
