package dev.hypercare.triage.grouping;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TermDictionaryTest {

    @Test
    void shouldGiveEachTermOneIdInOrderOfFirstSightAcrossGrowth() {
        // given: many short terms whose String hash codes crowd (3-5 letter prefixes, as TermVector makes them)
        TermDictionary dictionary = new TermDictionary();
        Map<String, Integer> expected = new HashMap<>();
        // when: each term is looked up twice, the dictionary growing many times in between
        for (int round = 0; round < 2; round++) {
            for (char a = 'a'; a <= 'z'; a++) {
                for (char b = 'a'; b <= 'z'; b++) {
                    for (char c = 'a'; c <= 'z'; c += 5) {
                        String term = "" + a + b + c;
                        int id = dictionary.idOf(term);
                        // then: the first sight gives the next id, every later one the same id
                        assertThat(id).isEqualTo(expected.computeIfAbsent(term, t -> expected.size()));
                    }
                }
            }
        }
        assertThat(dictionary.size()).isEqualTo(expected.size()).isEqualTo(26 * 26 * 6);
        assertThat(dictionary.idOf("conne")).isEqualTo(expected.size());
        assertThat(dictionary.idOf("conne")).isEqualTo(expected.size());
    }
}
