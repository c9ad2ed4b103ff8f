package dev.hypercare.triage.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
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
}
