package dev.hypercare.triage.classifier;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextFeaturesTest {

    @Test
    void givenAccentsCaseDigitsAndPunctuation_whenTokenised_thenFoldedWithQuestionAndExclamationKept() {
        assertThat(TextFeatures.tokens("Écran", "L'appli ne SYNCHRONISE plus depuis la v4.2 ?!"))
                .containsExactly("ecran", "l", "appli", "ne", "synchronise", "plus", "depuis", "la", "v0", "0", "?", "!");
    }

    @Test
    void givenNoTitle_whenTokenised_thenOnlyTheText() {
        assertThat(TextFeatures.tokens(null, "Crash on start")).containsExactly("crash", "on", "start");
    }

    @Test
    void givenAText_whenCounted_thenIndicesAreSortedDistinctAndTheWordBlockComesFirst() {
        TextFeatures features = new TextFeatures(FeatureSpec.DEFAULT);

        TextFeatures.Counts counts = features.count(null, "crash crash crash after the update");

        int[] index = counts.index();
        for (int i = 1; i < index.length; i++) {
            assertThat(index[i]).isGreaterThan(index[i - 1]);
        }
        assertThat(counts.wordEnd()).isBetween(5, 10); // 5 distinct words + 4 distinct bigrams, minus any collision
        for (int i = 0; i < index.length; i++) {
            assertThat(index[i] < FeatureSpec.DEFAULT.wordDim()).isEqualTo(i < counts.wordEnd());
        }
        assertThat(counts.count()).contains(3f);
    }

    @Test
    void givenTheSameText_whenCountedTwice_thenIdentical() {
        TextFeatures features = new TextFeatures(FeatureSpec.DEFAULT);

        TextFeatures.Counts a = features.count("t", "Même texte, same text");
        TextFeatures.Counts b = features.count("t", "Même texte, same text");

        assertThat(a.index()).isEqualTo(b.index());
        assertThat(a.count()).isEqualTo(b.count());
    }

    @Test
    void givenAMegabyteOfText_whenTokenised_thenOnlyTheFirstCharactersCount() {
        String huge = "crash ".repeat(200_000);

        assertThat(TextFeatures.tokens(null, huge)).hasSize(TextFeatures.MAX_CHARS / 6 + 1);
    }

    @Test
    void givenTheWordsOnlySpec_whenCounted_thenNoCharacterFeatures() {
        TextFeatures.Counts counts = new TextFeatures(FeatureSpec.WORDS_ONLY).count(null, "crash after the update");

        assertThat(counts.wordEnd()).isEqualTo(counts.index().length);
    }
}
