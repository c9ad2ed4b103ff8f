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

    @Test
    void shouldGiveBackEveryTermAndOrderThemAsStringsDoWhetherPackedOrNot() {
        // given: random terms of 1-7 chars: ASCII, accented, Greek and CJK letters (packed: 1-5 chars below 4096; others not)
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        char[] alphabet = "abcdez<>\u00e9\u00f1\u03c3\u0436\u4e2d\u0fff\u1000".toCharArray();
        TermDictionary dictionary = new TermDictionary();
        java.util.List<String> terms = new java.util.ArrayList<>();
        Map<String, Integer> ids = new HashMap<>();
        for (int i = 0; i < 20_000; i++) {
            char[] chars = new char[1 + random.nextInt(7)];
            for (int c = 0; c < chars.length; c++) {
                chars[c] = alphabet[random.nextInt(alphabet.length)];
            }
            String term = new String(chars);
            int id = dictionary.idOf(term);
            // then: the same id for the same term, the term back from its id
            assertThat(id).isEqualTo(ids.computeIfAbsent(term, t -> ids.size()));
            assertThat(dictionary.term(id)).isEqualTo(term);
            terms.add(term);
        }
        // and: the order of any two ids' terms is the strings' order
        for (int i = 0; i + 1 < terms.size(); i++) {
            String a = terms.get(i);
            String b = terms.get(random.nextInt(terms.size()));
            assertThat(Integer.signum(dictionary.compare(dictionary.idOf(a), dictionary.idOf(b))))
                    .as("%s vs %s", a, b).isEqualTo(Integer.signum(a.compareTo(b)));
        }
        assertThat(TermDictionary.pack("sync")).isNotZero();
        assertThat(TermDictionary.pack("sync>x")).isZero();
        assertThat(TermDictionary.pack("\u4e2dab")).isZero();
    }
}
