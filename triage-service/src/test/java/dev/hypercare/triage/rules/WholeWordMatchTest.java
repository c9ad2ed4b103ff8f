package dev.hypercare.triage.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The keyword search without regexes must find exactly what the whole-word regex found. */
class WholeWordMatchTest {

    private static final Pattern NON_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");

    @Test
    void shouldMatchKeywordsExactlyWhereTheWholeWordRegexMatches() {
        // given: every keyword of the shipped rules, in random texts made of keywords, parts of them and separators
        List<String> keywords = RuleSetLoader.defaults().rules().stream()
                .flatMap(r -> r.when().keywords().stream()).map(TextNormalizer::normalize).distinct().toList();
        List<String> pieces = List.of(" ", "-", "'", ".", "x", "2", "é", "ß", "\u00b2", "\u2167", "\ud835\udc00", "\u0663", "down", "load");
        SplittableRandom random = new SplittableRandom(11);
        int matches = 0;
        for (int n = 0; n < 20_000; n++) {
            String keyword = keywords.get(random.nextInt(keywords.size()));
            StringBuilder text = new StringBuilder();
            for (int i = random.nextInt(8); i >= 0; i--) {
                int kind = random.nextInt(3);
                text.append(kind == 0 ? keyword : kind == 1 ? keywords.get(random.nextInt(keywords.size()))
                        : pieces.get(random.nextInt(pieces.size())));
            }
            Pattern regex = Pattern.compile("(?<![\\p{L}\\p{N}])" + Pattern.quote(keyword) + "(?![\\p{L}\\p{N}])");

            // when
            boolean found = RuleEngine.containsWholeWord(text.toString(), keyword);

            // then
            assertThat(found).as("\"%s\" in \"%s\"", keyword, text).isEqualTo(regex.matcher(text).find());
            matches += found ? 1 : 0;
        }
        assertThat(matches).as("the random texts must also contain matches").isGreaterThan(2000);
    }

    @Test
    void shouldSplitWordsExactlyAsTheNonWordRegexDoes() {
        // given
        String alphabet = " -'.,x2éß\u00b2\u2167\u0663\u00a0\ud835\udc00AaZz09";
        SplittableRandom random = new SplittableRandom(5);
        for (int n = 0; n < 20_000; n++) {
            StringBuilder text = new StringBuilder();
            for (int i = random.nextInt(30); i >= 0; i--) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            Set<String> expected = new HashSet<>();
            for (String word : NON_WORD.split(text)) {
                if (!word.isEmpty()) {
                    expected.add(word);
                }
            }

            // when / then
            assertThat(TextNormalizer.wordSet(text.toString())).as("\"%s\"", text).isEqualTo(expected);
        }
    }
}
