package dev.hypercare.triage.classifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The allocation-free classification path gives what the previous implementation (frozen in
 * {@link ReferenceClassifier}) gave: the same category, the same confidence and probabilities to
 * the bit, the same signals, and the same feature ids and counts (so {@code train} builds the same
 * model). Checked on hand-written texts committed with the tests, on seeded random texts over the
 * characters that take different folding routes (ASCII, the Latin table, the Normalizer fallback,
 * surrogates, text past the 20,000-character cut), and on the Mini-BAR texts when ../shared/data
 * is present.
 */
class EquivalentToReferenceTest {

    record Item(String title, String text) {
    }

    private static LinearTextClassifier shipped;
    private static List<LinearTextClassifier> smallModels;

    @BeforeAll
    static void models() {
        shipped = ClassifierModels.loadDefault();
        smallModels = List.of(
                ClassifierTrainer.train(Samples.small(), new ClassifierTrainer.Options("small", Samples.SMALL_SPEC, List.of(10.0), 2,
                        true, 1)).model(),
                ClassifierTrainer.train(Samples.small(), new ClassifierTrainer.Options("words", FeatureSpec.WORDS_ONLY, List.of(1.0), 2,
                        false, 1)).model(),
                ClassifierTrainer.train(Samples.small().stream().filter(e -> e.label() != dev.hypercare.model.Category.OTHER).toList(),
                        new ClassifierTrainer.Options("two-class", new FeatureSpec(10, 11, false, 1, 8), List.of(4.0), 2, true, 1))
                        .model());
    }

    @Test
    void givenTheShippedModelAndTheCommittedTexts_whenClassified_thenSameCategoryConfidenceSignalsAndFeaturesAsTheReference() throws IOException {
        List<Item> items = committedTexts();
        assertThat(items).hasSizeGreaterThan(40);

        int withSignals = assertSameAnswers(shipped, items);

        assertThat(withSignals).as("items with at least one signal (so signals are compared, not just empty lists)")
                .isGreaterThan(items.size() / 2);
    }

    @Test
    void givenSeededRandomTextsOverEveryFoldingRoute_whenClassifiedByEveryModel_thenSameAsTheReference() {
        List<Item> items = randomTexts(new Random(20261127), 1000);

        assertSameAnswers(shipped, items);
        for (LinearTextClassifier model : smallModels) {
            assertSameAnswers(model, items);
        }
    }

    @Test
    void givenEveryBmpCharacterAndEverySymbolCodePointBetweenWordsAndMarks_whenCounted_thenSameFeaturesAsTheReference() {
        List<Item> items = new ArrayList<>();
        for (int c = 0; c <= 0xFFFF; c++) {
            String ch = String.valueOf((char) c);
            items.add(new Item(null, "ab" + ch + "cd " + ch + "\u0301\u0345" + ch + " x" + ch + ch + "y \u0316" + ch + "Σ"));
        }
        for (int cp = 0x1EF00; cp < 0x1FC00; cp++) {
            String ch = new String(Character.toChars(cp));
            items.add(new Item(null, "ab" + ch + "cd " + ch + "\u0301" + ch + "x" + ch + ch + "y"));
        }
        for (int cp : new int[] {0x10400, 0x1D400, 0x1D7CE, 0x2F800, 0xE0041}) {
            items.add(new Item(null, "ab" + new String(Character.toChars(cp)) + "cd"));
        }

        assertSameFeatures(FeatureSpec.DEFAULT, items);
        long byLookUp = items.stream().filter(i -> TextFeatures.foldsByLookUp(i.text())).count();
        assertThat(byLookUp).as("items that took the look-up route (so it, not only the Normalizer, was compared)")
                .isGreaterThan(65_000);
    }

    @Test
    void givenCommonReviewCharacters_whenFolded_thenByLookUpAndOnlyDecomposableSymbolsNeedTheNormalizer() {
        assertThat(TextFeatures.foldsByLookUp("L’appli coûte 5 € « trop » ❤️ 👍🏻 😡 Σίσυφος 中文 한국어 العربية — ½ ﬁ e\u0301")).isTrue();
        assertThat(TextFeatures.foldsByLookUp("bold \ud835\udc01ug")).isFalse();
        assertThat(TextFeatures.foldsByLookUp("squared \ud83c\udd30")).isFalse();
    }

    @Test
    void givenEveryCharacterOfTheFoldTableBetweenWords_whenCounted_thenSameFeaturesAsTheReference() {
        List<Item> items = new ArrayList<>();
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < 0x300; c++) {
            items.add(new Item(null, "ab" + c + "cd " + c + " x" + c + c + "y"));
            all.append(c);
        }
        items.add(new Item("T" + all, all.toString()));

        for (FeatureSpec spec : List.of(FeatureSpec.DEFAULT, FeatureSpec.WORDS_ONLY, new FeatureSpec(24, 24, true, 1, 8))) {
            assertSameFeatures(spec, items);
        }
    }

    @Test
    void givenTextsAroundTheCharacterCut_whenCounted_thenTheCutFallsWhereTheReferenceCutsIncludingInsideTheTitleSeparator() {
        List<Item> items = new ArrayList<>();
        for (int titleLength : new int[] {TextFeatures.MAX_CHARS - 2, TextFeatures.MAX_CHARS - 1, TextFeatures.MAX_CHARS,
                TextFeatures.MAX_CHARS + 5}) {
            items.add(new Item("crash ".repeat(titleLength / 6) + "x".repeat(titleLength % 6), "tail words after the cut"));
            items.add(new Item("é".repeat(titleLength), "tail"));
        }
        items.add(new Item(null, "crash ".repeat(10_000)));
        items.add(new Item(null, "½".repeat(TextFeatures.MAX_CHARS + 10)));
        items.add(new Item(null, "a".repeat(30_000)));
        items.add(new Item("title", "é".repeat(TextFeatures.MAX_CHARS - 9) + "😡 plante"));

        assertSameFeatures(FeatureSpec.DEFAULT, items);
        assertSameAnswers(shipped, items);
    }

    @Test
    void givenTheMiniBarTexts_whenClassifiedAndCounted_thenSameAsTheReferenceForEveryOne() throws IOException {
        Path dir = Samples.sharedData().resolve("classification");
        List<Item> items = LabelledData.read(List.of(dir.resolve("minibar-en.jsonl"), dir.resolve("minibar-fr.jsonl")),
                LabelledData.Selection.ALL).stream().map(e -> new Item(e.title(), e.text())).toList();

        assertSameAnswers(shipped, items);
        assertSameFeatures(FeatureSpec.DEFAULT, items);
    }

    @Test
    void givenPushValues_whenFormattedToTwoDecimals_thenAsStringFormatIncludingHalfwayCases() {
        Random random = new Random(7);
        List<Double> values = new ArrayList<>(List.of(0.0, 0.005, 0.015, 0.125, 0.145, 1.005, 2.675, 0.995, 9.995, 99.995, 1e-9,
                Double.MIN_VALUE, 123456.785, 1e9, 0.3049999999999999, 0.30500000000000005));
        for (int i = 0; i < 20_000; i++) {
            values.add(random.nextDouble() * (i % 3 == 0 ? 1 : 20));
            int cents = random.nextInt(5000);
            double halfway = (cents + 0.5) / 100;
            values.add(halfway);
            values.add(Math.nextUp(halfway));
            values.add(Math.nextDown(halfway));
        }

        for (double v : values) {
            assertThat(LinearTextClassifier.twoDecimals(v)).as("%s", v).isEqualTo(String.format(Locale.ROOT, "%.2f", v));
        }
    }

    /** Returns how many items had at least one signal. */
    private static int assertSameAnswers(LinearTextClassifier model, List<Item> items) {
        ReferenceClassifier reference = new ReferenceClassifier(model);
        int withSignals = 0;
        for (Item item : items) {
            FeedbackClassifier.Prediction expected = reference.classify(item.title(), item.text());
            FeedbackClassifier.Prediction actual = model.classify(item.title(), item.text());
            // Prediction is a record: its equals compares the confidence with Double.compare, i.e. to the bit.
            assertThat(actual).as("%s on %s", model.version(), item).isEqualTo(expected);
            assertThat(Double.doubleToRawLongBits(actual.confidence())).isEqualTo(Double.doubleToRawLongBits(expected.confidence()));
            assertThat(model.probabilities(item.title(), item.text())).as("%s", item)
                    .containsExactly(reference.probabilities(item.title(), item.text()));
            if (!expected.signals().isEmpty()) {
                withSignals++;
            }
        }
        return withSignals;
    }

    private static void assertSameFeatures(FeatureSpec spec, List<Item> items) {
        TextFeatures features = new TextFeatures(spec);
        for (Item item : items) {
            TextFeatures.Counts expected = ReferenceClassifier.count(spec, item.title(), item.text());
            TextFeatures.Counts actual = features.count(item.title(), item.text());
            assertThat(actual.index()).as("%s %s", spec, item).isEqualTo(expected.index());
            assertThat(actual.count()).as("%s %s", spec, item).isEqualTo(expected.count());
            assertThat(actual.wordEnd()).as("%s %s", spec, item).isEqualTo(expected.wordEnd());
            assertThat(TextFeatures.tokens(item.title(), item.text())).isEqualTo(ReferenceClassifier.tokens(item.title(), item.text()));
        }
    }

    private static List<Item> committedTexts() throws IOException {
        List<Item> items = new ArrayList<>();
        try (InputStream in = EquivalentToReferenceTest.class.getResourceAsStream("equivalence-texts.txt")) {
            String all = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (String line : all.split("\n", -1)) {
                if (line.startsWith("#") || line.isEmpty()) {
                    continue;
                }
                String unescaped = unescape(line);
                int tab = unescaped.indexOf('\t');
                items.add(tab < 0 ? new Item(null, unescaped) : new Item(unescaped.substring(0, tab), unescaped.substring(tab + 1)));
            }
        }
        return items;
    }

    /** The file writes combining marks as \\uXXXX, so an editor cannot silently compose them. */
    private static String unescape(String line) {
        Matcher m = Pattern.compile("\\\\u([0-9a-fA-F]{4})").matcher(line);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(b, Matcher.quoteReplacement(String.valueOf((char) Integer.parseInt(m.group(1), 16))));
        }
        return m.appendTail(b).toString();
    }

    private static final String[] WORDS = {"crash", "crashes", "sync", "please", "add", "dark", "mode", "great", "love", "app",
        "error", "login", "plante", "synchronisation", "ajouter", "option", "merci", "bug", "update", "mise", "jour", "export",
        "not", "working", "would", "nice", "the", "it", "a", "données", "écran", "très", "bien"};
    /** Characters from each folding route: ASCII, the Latin table, the Normalizer fallback, lone and paired surrogates. */
    private static final String ODD = "?!.,;:'\"-_/\\()[]{}<>@#%&*+=~^`|0123456789 \t\n\r\u00a0\u00ad"
            + "éèêëàâäîïôöùûüçœæÉÈÀÇŒÆßÿŸñÑåøÅØıİĲĳŉſǄǅǆ½¼¾²³¹µªº´¨¸¯˘˙˚˛˜˝ʼʰ"
            + "\u0301\u0300\u0327\u0308\u20dd\u0903ΣσςΑάﬁﬂ…’“”–—€™①Ⅻ１２ＡＡｂ٣४ก中文한"
            + "\ud83d\ude21\ud83d\udc4d\ud835\udc01\ud83c\udd70\ud801\udc00\ud83d\udd25\ud83d";

    private static List<Item> randomTexts(Random random, int count) {
        List<Item> items = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int titleKind = random.nextInt(4);
            String title = switch (titleKind) {
                case 0 -> null;
                case 1 -> " ";
                default -> randomText(random, 1 + random.nextInt(4));
            };
            String text = random.nextInt(50) == 0 ? null : randomText(random, random.nextInt(i % 100 == 0 ? 4000 : 60));
            items.add(new Item(title, text));
        }
        return items;
    }

    private static String randomText(Random random, int pieces) {
        StringBuilder b = new StringBuilder();
        boolean onlyLatin = random.nextBoolean();
        for (int p = 0; p < pieces; p++) {
            if (random.nextInt(3) > 0) {
                String word = WORDS[random.nextInt(WORDS.length)];
                b.append(random.nextInt(5) == 0 ? word.toUpperCase(Locale.ROOT) : word);
            } else {
                int run = 1 + random.nextInt(3);
                for (int r = 0; r < run; r++) {
                    char c = ODD.charAt(random.nextInt(ODD.length()));
                    b.append(onlyLatin && c >= 0x300 ? ' ' : c);
                }
            }
            if (random.nextInt(4) > 0) {
                b.append(' ');
            }
        }
        return b.toString();
    }
}
