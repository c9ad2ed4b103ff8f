package dev.hypercare.triage.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.pemistahl.lingua.api.Language;
import com.github.pemistahl.lingua.api.LanguageDetectorBuilder;
import dev.hypercare.kafka.Json;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The language detector: known sentences in each candidate language, and, on the labelled reviews of
 * {@code ../shared/data/classification} (skipped without them, saying why), agreement with Lingua's own
 * low-accuracy detector on the same 120-character samples and with the reviews' language labels. Prints the
 * figures docs/triage.md quotes: {@code ./mvnw -q -pl triage-service test -Dtest=LanguageDetectorTest}.
 */
class LanguageDetectorTest {

    private static final List<String> LANGUAGES = List.of("en", "fr", "de", "es", "it", "nl", "pt");
    private static LanguageDetector detector;

    @BeforeAll
    static void load() {
        detector = new LanguageDetector(LANGUAGES);
    }

    @Test
    void shouldTellTheCandidateLanguagesApart() {
        assertThat(detector.detect("Checkout is down, every payment fails with a 500 error since this morning")).isEqualTo("en");
        assertThat(detector.detect("Impossible de me connecter depuis la mise à jour, l'application plante au démarrage"))
                .isEqualTo("fr");
        assertThat(detector.detect("Seit dem Update stürzt die App beim Start ab und ich kann mich nicht anmelden"))
                .isEqualTo("de");
        assertThat(detector.detect("Desde la actualización la aplicación se cierra al abrirla y no puedo entrar")).isEqualTo("es");
        assertThat(detector.detect("Dopo l'aggiornamento l'applicazione si chiude appena la apro e non riesco ad accedere"))
                .isEqualTo("it");
        assertThat(detector.detect("Sinds de update loopt de app vast bij het opstarten en kan ik niet meer inloggen"))
                .isEqualTo("nl");
        assertThat(detector.detect("Desde a atualização o aplicativo fecha quando abro e não consigo entrar na minha conta"))
                .isEqualTo("pt");
    }

    @Test
    void shouldLeaveTextsWithoutLettersUndetermined() {
        assertThat(detector.detect("")).isEqualTo(LanguageDetector.UNDETERMINED);
        assertThat(detector.detect("   ")).isEqualTo(LanguageDetector.UNDETERMINED);
        assertThat(detector.detect("500 !!! 2.4.0")).isEqualTo(LanguageDetector.UNDETERMINED);
        assertThat(detector.detect(null)).isEqualTo(LanguageDetector.UNDETERMINED);
    }

    @Test
    void shouldNotAnswerACandidateForATextMostlyInAnotherScript() {
        // an Arabic review with a few French words: none of the (Latin-script) candidates, as Lingua answers
        assertThat(detector.detect("تطبيق رائع فيه كل ما تحتاجه، شكراً هواوي Excellente application"))
                .isEqualTo(LanguageDetector.UNDETERMINED);
        assertThat(detector.detect("Приложение постоянно падает после обновления")).isEqualTo(LanguageDetector.UNDETERMINED);
    }

    @Test
    void givenWordsWithLettersOnlySomeCandidatesUse_whenDetected_thenTheAnswerIsLinguas() {
        // given: short texts whose accented letters narrow the candidates (Lingua's second rule: ñ Spanish, ã/õ
        // Portuguese, î/û/ë/è French and others), mixed with ASCII words, which hold none of those letters
        List<String> texts = List.of("año niño señor", "mañana app crash", "não são irmãs", "põe isso aqui ok",
                "sûr le dîner", "noël sûr", "très app", "è più", "ok ok ñ", "übung", "caña mañana niño test app login",
                "crash bug îles ñandú ãe", "NAÏVE CAFÉ", "ÃO ÑO");
        var lingua = LanguageDetectorBuilder.fromLanguages(LANGUAGES.stream().map(LanguageDetectorTest::language)
                .toArray(Language[]::new)).withLowAccuracyMode().build();

        for (String text : texts) {
            // when
            String ours = detector.detect(text);

            // then
            Language theirs = lingua.detectLanguageOf(sample(text));
            assertThat(ours).as(text).isEqualTo(theirs == Language.UNKNOWN ? LanguageDetector.UNDETERMINED
                    : theirs.getIsoCode639_1().toString().toLowerCase(Locale.ROOT));
        }
    }

    @Test
    void shouldAnswerAsLinguaDoesOnTheLabelledReviews() throws IOException {
        Path dir = dataDir();
        assumeTrue(dir != null, "no ../shared/data/classification beside the checkout");
        List<String[]> reviews = new ArrayList<>();
        try (var files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".jsonl")).sorted().toList()) {
                for (String line : Files.readAllLines(file)) {
                    if (!line.isBlank()) {
                        JsonNode row = Json.mapper().readTree(line);
                        reviews.add(new String[] {row.path("text").asText(), row.path("lang").asText()});
                    }
                }
            }
        }
        var lingua = LanguageDetectorBuilder.fromLanguages(LANGUAGES.stream().map(LanguageDetectorTest::language)
                .toArray(Language[]::new)).withLowAccuracyMode().withPreloadedLanguageModels().build();
        Function<String, String> linguaDetect = text -> {
            Language l = lingua.detectLanguageOf(sample(text));
            return l == Language.UNKNOWN ? LanguageDetector.UNDETERMINED : l.getIsoCode639_1().toString().toLowerCase(Locale.ROOT);
        };

        int same = 0;
        int oursMatchLabel = 0;
        int linguaMatchesLabel = 0;
        List<String> differences = new ArrayList<>();
        for (String[] review : reviews) {
            String ours = detector.detect(review[0]);
            String theirs = linguaDetect.apply(review[0]);
            if (ours.equals(theirs)) {
                same++;
            } else if (differences.size() < 15) {
                differences.add(theirs + " -> " + ours + ": " + sample(review[0]));
            }
            oursMatchLabel += ours.equals(review[1]) ? 1 : 0;
            linguaMatchesLabel += theirs.equals(review[1]) ? 1 : 0;
        }
        double agreement = 100.0 * same / reviews.size();
        System.out.printf(Locale.ROOT, "Language detection on %d labelled reviews: same answer as Lingua %.2f %%; label match"
                        + " %.2f %% (Lingua %.2f %%)%n", reviews.size(), agreement, 100.0 * oursMatchLabel / reviews.size(),
                100.0 * linguaMatchesLabel / reviews.size());
        differences.forEach(d -> System.out.println("  lingua " + d));
        System.out.printf(Locale.ROOT, "CPU per text: this detector %.1f us, Lingua %.1f us (thread CPU of the calling"
                        + " thread only; Lingua's work on the fork-join pool is not in it)%n",
                cpuPerCall(reviews, detector::detect), cpuPerCall(reviews, linguaDetect));

        assertThat(agreement).isGreaterThanOrEqualTo(99.0);
        assertThat(oursMatchLabel).isGreaterThanOrEqualTo(linguaMatchesLabel - reviews.size() / 200);
    }

    private static double cpuPerCall(List<String[]> reviews, Function<String, String> detect) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double best = Double.MAX_VALUE;
        for (int round = 0; round < 3; round++) {
            long start = threads.getCurrentThreadCpuTime();
            for (String[] review : reviews) {
                detect.apply(review[0]);
            }
            best = Math.min(best, (threads.getCurrentThreadCpuTime() - start) / 1000.0 / reviews.size());
        }
        return best;
    }

    /** The sample the service's detector looks at, for Lingua to see the same text. */
    private static String sample(String text) {
        if (text.length() <= LanguageDetector.MAX_CHARS) {
            return text;
        }
        int cut = text.lastIndexOf(' ', LanguageDetector.MAX_CHARS);
        return text.substring(0, cut > LanguageDetector.MAX_CHARS / 2 ? cut : LanguageDetector.MAX_CHARS);
    }

    private static Language language(String iso) {
        for (Language language : Language.values()) {
            if (language != Language.UNKNOWN && language.getIsoCode639_1().toString().equalsIgnoreCase(iso)) {
                return language;
            }
        }
        throw new IllegalArgumentException(iso);
    }

    private static Path dataDir() {
        for (Path candidate : List.of(Path.of("../../shared/data/classification"), Path.of("../shared/data/classification"))) {
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
