package dev.hypercare.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hypercare.ingest.feedback.FeedbackSubmission;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand path for the client timestamp reads every value exactly as the mapper's own Instant deserializer does. */
class IsoInstantDeserializerTest {

    private static final ObjectMapper MAPPER = mapper();

    /** The same field without the annotation: the standard path. */
    record Standard(Instant clientTimestamp) {
    }

    private static ObjectMapper mapper() {
        ObjectMapper mapper = new ObjectMapper().findAndRegisterModules();
        new StrictJsonCustomizer().customize(mapper);
        return mapper;
    }

    /** The instant read, or the refusal's class and message. */
    private static Object read(String json, Class<?> type) {
        try {
            Object value = MAPPER.readValue(json, type);
            return value instanceof Standard s ? s.clientTimestamp() : ((FeedbackSubmission) value).clientTimestamp();
        } catch (com.fasterxml.jackson.databind.JsonMappingException e) {
            return e.getClass().getName() + ": " + e.getOriginalMessage() + " at "
                    + e.getPath().stream().map(r -> r.getFieldName()).toList();
        } catch (Exception e) {
            return e.getClass().getName() + ": " + e.getMessage();
        }
    }

    @Test
    void shouldReadEveryTimestampAsTheStandardDeserializerDoes() {
        // given: the common shape with every field at and past its bounds, fractions of 0 to 10 digits, and near misses
        List<String> values = new ArrayList<>(List.of("2025-01-31T09:30:00Z", "2024-02-29T23:59:59.999999999Z", "2025-02-29T00:00:00Z",
                "2025-01-31T24:00:00Z", "2025-12-31T23:59:60Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "2025-01-31t09:30:00z",
                "2025-01-31T09:30:00+00:00", "2025-01-31T09:30:00.Z", " 2025-01-31T09:30:00Z", "2025-01-31T09:30Z", "1738315800",
                "1738315800.5", "", " ", "2025-1-31T09:30:00Z", "+12025-01-31T09:30:00Z", "2025-01-31T09:30:00.1234567890Z",
                "2025-01-31 09:30:00Z", "2025-13-01T00:00:00Z", "2025-00-10T00:00:00Z", "2025-04-31T00:00:00Z", "２０２５-01-31T09:30:00Z"));
        Random random = new Random(20261127);
        String digits = "0123456789";
        for (int n = 0; n < 3000; n++) {
            StringBuilder s = new StringBuilder(String.format("%04d-%02d-%02dT%02d:%02d:%02d", random.nextInt(10000),
                    random.nextInt(14), random.nextInt(33), random.nextInt(26), random.nextInt(62), random.nextInt(62)));
            int fraction = random.nextInt(12) - 1;
            if (fraction >= 0) {
                s.append('.');
                for (int k = 0; k < fraction; k++) {
                    s.append(digits.charAt(random.nextInt(10)));
                }
            }
            s.append(random.nextInt(20) == 0 ? "+01:00" : "Z");
            values.add(s.toString());
        }

        for (String value : values) {
            String json = "{\"sourceApp\":\"a\",\"release\":\"1\",\"text\":\"t\",\"clientTimestamp\":\"" + value + "\"}";

            // when / then
            assertThat(read(json, FeedbackSubmission.class)).as(value).isEqualTo(read(json, Standard.class));
        }
        // and JSON numbers and null too
        for (String raw : List.of("1738315800", "1738315800.123", "null", "true", "[1]")) {
            String json = "{\"clientTimestamp\":" + raw + "}";
            assertThat(read(json, FeedbackSubmission.class)).as(raw).isEqualTo(read(json, Standard.class));
        }
    }
}
