package dev.hypercare.triage.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class TextNormalizerTest {

    @Test
    void shouldFoldAsciiTextExactlyAsTheGeneralPathDoes() {
        // given: random ASCII, weighted towards what matters (spaces of every kind, capitals, control characters)
        String alphabet = " \t\n\013\f\r\u0001\u001f\u007fAZaz09.,'-!?\"" + "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        SplittableRandom random = new SplittableRandom(7);
        for (int n = 0; n < 20_000; n++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(40);
            for (int i = 0; i < length; i++) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }

            // when / then
            assertThat(TextNormalizer.asciiNormalize(text.toString()))
                    .as("\"%s\"", text)
                    .isEqualTo(TextNormalizer.generalNormalize(text.toString()));
        }
    }

    @Test
    void shouldFoldAccentsCaseApostrophesAndSpacesOfNonAsciiText() {
        // given
        String text = "  \u00c7A NE FONCTIONNE\u00a0PLUS \u2019  l\u2019\u00e9cran\t ";

        // when
        String normalized = TextNormalizer.normalize(text);

        // then
        assertThat(normalized).isEqualTo("ca ne fonctionne\u00a0plus ' l'ecran");
        assertThat(normalized).isEqualTo(TextNormalizer.generalNormalize(text));
    }

    @Test
    void shouldFoldAnyTextExactlyAsTheRegularExpressionsDid() {
        // given: random text over accented letters (precomposed and with combining marks of all three kinds: Mn, Mc,
        // Me), typographic apostrophes, Greek capital sigma (lower-cased by context), dotted I, ligatures, surrogate
        // pairs and lone surrogates, every kind of space and control characters
        String[] pieces = {" ", "\t", "\n", "\013", "\f", "\r", "\u0001", "\u00a0", "\u2003", "a", "Z", "7", "'", "\u2019",
            "\u2018", "\u02bc", "\u00e9", "\u00c7", "\u00df", "\u0301", "\u0903", "\u20dd", "\u1e9e", "\u0130", "\u03a3",
            "\u03c3", "\ufb01", "\u4e2d", "\ud83d\ude00", "\ud835\udc00", "\ud83d", "\ude00", "\u00c5", "\u212b", "\u1ea0"};
        Pattern marks = Pattern.compile("\\p{M}+");
        Pattern spaces = Pattern.compile("\\s+");
        SplittableRandom random = new SplittableRandom(13);
        for (int n = 0; n < 50_000; n++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(30);
            for (int i = 0; i < length; i++) {
                text.append(pieces[random.nextInt(pieces.length)]);
            }
            String t = text.toString();
            String stripped = marks.matcher(Normalizer.normalize(t, Normalizer.Form.NFD)).replaceAll("")
                    .replace('\u2019', '\'').replace('\u2018', '\'').replace('\u02BC', '\'');

            // when / then: what the regular expressions gave before
            assertThat(TextNormalizer.stripAccents(t)).as("\"%s\"", t).isEqualTo(stripped);
            assertThat(TextNormalizer.generalNormalize(t)).as("\"%s\"", t)
                    .isEqualTo(spaces.matcher(stripped.toLowerCase(Locale.ROOT)).replaceAll(" ").trim());
        }
    }

    @Test
    void shouldSplitWordsExactlyAsTheRegularExpressionsDid() {
        // given: random text over ASCII, accented and other letters, letter-like and other numbers (Roman numerals,
        // fractions, superscripts), combining marks, apostrophes of every kind, emoji (surrogate pairs) and spaces
        String[] pieces = {" ", "\t", "a", "Z", "7", "_", "'", "\u2019", "-", ".", "\u00e9", "\u00c7", "\u00df", "\u0301",
            "\u2162", "\u00bd", "\u00b2", "\u0663", "\u4e2d", "\u05d0", "\u00a0", "\ud83d\ude00", "\ud835\udc00", "\u02bc", "\u3000"};
        Pattern nonWord = Pattern.compile("[^\\p{L}\\p{N}]+");
        Pattern nonWordOrApostrophe = Pattern.compile("[^\\p{L}\\p{N}']+");
        SplittableRandom random = new SplittableRandom(11);
        for (int n = 0; n < 20_000; n++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(30);
            for (int i = 0; i < length; i++) {
                text.append(pieces[random.nextInt(pieces.length)]);
            }
            String t = text.toString();

            // when / then: the same words in the same order as the non-empty pieces of the split
            assertThat(TextNormalizer.words(t, false)).as("\"%s\"", t).isEqualTo(nonEmpty(nonWord.split(t)));
            assertThat(TextNormalizer.words(t, true)).as("\"%s\" with apostrophes", t)
                    .isEqualTo(nonEmpty(nonWordOrApostrophe.split(t)));
        }
    }

    private static List<String> nonEmpty(String[] pieces) {
        return Arrays.stream(pieces).filter(p -> !p.isEmpty()).toList();
    }
}
