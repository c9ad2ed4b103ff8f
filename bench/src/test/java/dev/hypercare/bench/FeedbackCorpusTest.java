package dev.hypercare.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hypercare.kafka.Topics;
import dev.hypercare.model.RawFeedback;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FeedbackCorpusTest {

    private final FeedbackCorpus corpus = FeedbackCorpus.builtInOnly(7);

    @Test
    void sameIndexSameItemOtherIndexOtherItem() {
        assertThat(corpus.item(12)).isEqualTo(corpus.item(12));
        Set<String> bodies = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            bodies.add(corpus.submissionJson(i));
        }
        assertThat(bodies).hasSize(100);
    }

    @Test
    void rawRecordsRoundTripThroughTheRegistrySerdeAndAreKeyable() {
        var serde = Topics.FEEDBACK_RAW.valueSerde();
        RawFeedback raw = corpus.raw(3, Instant.parse("2026-11-27T10:00:00Z"));
        byte[] bytes = serde.serializer().serialize(Topics.FEEDBACK_RAW.name(), raw);
        assertThat(serde.deserializer().deserialize(Topics.FEEDBACK_RAW.name(), bytes)).isEqualTo(raw);
        assertThat(raw.feedbackId()).isEqualTo(corpus.raw(3, Instant.EPOCH).feedbackId());
        // No raw line break: ProducerPerformance's payload file is one record per line.
        assertThat(new String(bytes)).doesNotContain("\n");
    }

    @Test
    void cycledBodiesCarryNoClientIdSoTheyAreNotTakenForRetries() throws Exception {
        assertThat(corpus.submissionJson(5, false)).doesNotContain("clientId");
        var batch = dev.hypercare.kafka.Json.mapper().readTree(corpus.batchJson(10, 25, false));
        assertThat(batch.isArray()).isTrue();
        assertThat(batch).hasSize(25);
        assertThat(batch.get(0).has("clientId")).isFalse();
        assertThat(batch.get(0).get("text").asText()).isEqualTo(corpus.item(10).text());
    }

    @Test
    void givenTwoRunsWhenTheySubmitTheSameIndexThenOnlyTheirClientIdsDiffer() throws Exception {
        // A client id the ingest-service knows is answered as a retry: a second run must not reuse the first's.
        FeedbackCorpus first = corpus.forThisRun();
        FeedbackCorpus second = FeedbackCorpus.builtInOnly(7).forThisRun();
        assertThat(first.item(12).clientId()).isNotEqualTo(second.item(12).clientId());
        assertThat(first.item(12).clientId()).isNotEqualTo(first.item(13).clientId());
        var sent = dev.hypercare.kafka.Json.mapper().readTree(first.submissionJson(12));
        assertThat(sent.get("clientId").asText()).isEqualTo(first.item(12).clientId());
        assertThat(first.item(12).text()).isEqualTo(second.item(12).text()).isEqualTo(corpus.item(12).text());
    }

    @Test
    void submissionsCarryTheRequiredFields() {
        String body = corpus.submissionJson(5);
        assertThat(body).contains("\"sourceApp\"", "\"release\"", "\"text\"");
    }
}
