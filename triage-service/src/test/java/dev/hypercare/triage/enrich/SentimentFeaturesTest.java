package dev.hypercare.triage.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hypercare.triage.rules.TextNormalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SentimentFeaturesTest {

    private static final Pattern NON_WORD = Pattern.compile("[^\\p{L}\\p{N}']+");

    @Test
    void shouldHashUnigramsAndBigramsAsTheConcatenatedWordsWouldHash() {
        // given: the model was trained on hash(token) and hash(previous + " " + token)
        String text = "  Ne marche PLUS depuis la mise \u00e0 jour!! l'app crashes, not working at all 404 ";
        int mask = (1 << 17) - 1;

        // when
        int[] features = SentimentModel.features(text, mask);

        // then
        List<Integer> expected = new ArrayList<>();
        String previous = "<s>";
        for (String token : NON_WORD.split(TextNormalizer.normalize(text))) {
            if (!token.isEmpty()) {
                expected.add(SentimentModel.hash(token) & mask);
                expected.add(SentimentModel.hash(previous + ' ' + token) & mask);
                previous = token;
            }
        }
        assertThat(features).containsExactly(expected.stream().mapToInt(Integer::intValue).toArray());
    }
}
