package dev.hypercare.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hypercare.kafka.Json;
import dev.hypercare.model.FeedbackChannel;
import dev.hypercare.model.RawFeedback;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Realistic, varied feedback for the benchmarks, deterministic by index so two runs send the same
 * corpus.
 *
 * <p>Why not one fixed body: a constant payload lets JIT, caches and compression flatter every
 * figure, and exercises one triage rule. Texts are real app-store reviews (English and French) from
 * {@code ../shared/data/classification/*.jsonl} when that folder is there (read, never copied into the
 * tree), mixed with release-hypercare reports that hit the outage, security, data-loss, performance
 * and accessibility rules, so every priority topic receives traffic. Without the data folder only the
 * built-in reports are used. The metadata (app, release, channel, component, reporter, affected
 * users, client id and time) varies too; a raw record averages about 500 bytes of JSON.
 */
public final class FeedbackCorpus {

    /** Share of items taken from the built-in hypercare reports when real reviews are available. */
    private static final double REPORT_SHARE = 0.25;
    /** Reviews shorter than this are noise ("On galaxy s4") that would pull the record size down. */
    private static final int MIN_REVIEW_CHARS = 80;
    private static final int MAX_REVIEW_CHARS = 700;

    static final List<String> REPORTS = List.of(
            "Checkout is down, every payment fails with a 500 error since the 2.4.0 deployment this morning.",
            "The login page is down for all our users in Europe, they get a blank screen after entering the password.",
            "After the update I can see another customer's invoices in my account, this looks like a security problem.",
            "All my saved drafts disappeared after the upgrade, we lost a week of data entry for the whole team.",
            "Search has become very slow since the release, a simple query takes more than 20 seconds to return results.",
            "The new dashboard is not usable with a screen reader, the buttons have no labels and focus jumps around.",
            "It would be great to export the monthly report as CSV as well as PDF, our finance team needs it.",
            "How do I change the billing address on an existing subscription? I cannot find the setting anymore.",
            "Great job on the new release, the app feels much faster and the dark mode looks really nice.",
            "Sync fails intermittently with 'connection reset' on mobile data, works again after a restart of the app.",
            "Le paiement ne fonctionne plus depuis la mise à jour, tous nos clients ont une erreur 503 au moment de valider.",
            "Impossible de se connecter depuis ce matin, le site est en panne pour toute l'équipe support.",
            "Après la mise à jour, des données ont disparu de mon historique, c'est une perte de données grave.",
            "L'application est devenue très lente, chaque page met plus de dix secondes à s'afficher.",
            "Merci pour la nouvelle version, l'interface est plus claire et beaucoup plus agréable à utiliser.",
            "Serait-il possible d'ajouter un export Excel des tableaux de bord ? Ce serait très utile pour nos rapports.",
            "Notifications arrive twice on Android 14 since 2.4.1, and tapping one opens the wrong conversation.",
            "Password reset emails are not delivered to Outlook addresses, our customers are locked out.",
            "The API returns 502 errors for about one request in ten since the migration, our integration is failing.",
            "Comment puis-je ajouter un deuxième administrateur sur notre compte entreprise ?");

    private static final String[] APPS = {"webshop", "mobile-ios", "mobile-android", "partner-portal", "billing", "support-desk"};
    private static final String[] RELEASES = {"2.4.0", "2.4.1", "3.0.0-rc1"};
    private static final String[] COMPONENTS = {"checkout", "login", "search", "payments", "profile", "sync", "notifications", "reports"};
    private static final FeedbackChannel[] CHANNELS = {FeedbackChannel.API, FeedbackChannel.FORM, FeedbackChannel.EMAIL, FeedbackChannel.SLACK};
    private static final String[] TITLES = {"Problem after update", "Feature idea", "Question", "Urgent", "Feedback on the new version", "Bug report"};
    private static final Instant EPOCH = Instant.parse("2026-11-02T08:00:00Z");

    private final List<String> reviews;
    private final long seed;
    /** Part of every client id, empty unless {@link #forThisRun()}. */
    private final String run;

    private FeedbackCorpus(List<String> reviews, long seed, String run) {
        this.reviews = reviews;
        this.seed = seed;
        this.run = run;
    }

    /** The corpus over the reviews in {@code dataDir} (the jsonl files' {@code text}), or the built-in reports only. */
    public static FeedbackCorpus load(Path dataDir, long seed) throws IOException {
        List<String> reviews = new ArrayList<>();
        if (dataDir != null && Files.isDirectory(dataDir)) {
            try (var files = Files.list(dataDir)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".jsonl")).sorted().toList()) {
                    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                        String line;
                        while ((line = reader.readLine()) != null) {
                            JsonNode text = Json.mapper().readTree(line).get("text");
                            if (text != null && text.asText().length() >= MIN_REVIEW_CHARS
                                    && text.asText().length() <= MAX_REVIEW_CHARS) {
                                reviews.add(text.asText());
                            }
                        }
                    }
                }
            }
        }
        return new FeedbackCorpus(List.copyOf(reviews), seed, "");
    }

    public static FeedbackCorpus builtInOnly(long seed) {
        return new FeedbackCorpus(List.of(), seed, "");
    }

    /**
     * The same items, with client ids of their own ({@code client-<seed>-<run>-<index>}, a random run part):
     * the ingest-service answers a client id it already knows as a retry, with the first item's id and no new
     * event, so a second run that submits the same ids to the same pipeline would measure only replays.
     */
    public FeedbackCorpus forThisRun() {
        return new FeedbackCorpus(reviews, seed, Long.toHexString(new java.security.SecureRandom().nextLong()));
    }

    public int reviewCount() {
        return reviews.size();
    }

    /** One item's fields, as an upstream app would send them; the same for the same index. */
    public Item item(long index) {
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index);
        String text = reviews.isEmpty() || random.nextDouble() < REPORT_SHARE
                ? REPORTS.get(random.nextInt(REPORTS.size()))
                : reviews.get(random.nextInt(reviews.size()));
        String title = random.nextInt(3) == 0 ? TITLES[random.nextInt(TITLES.length)] : null;
        String reporter = random.nextInt(2) == 0 ? "user" + random.nextInt(100_000) + "@example.com" : null;
        // Skewed like real reports: most affect one person, a few affect many.
        Integer affected = random.nextInt(4) == 0 ? (int) Math.round(Math.pow(10, random.nextDouble() * 3.5)) : null;
        return new Item(
                APPS[random.nextInt(APPS.length)],
                RELEASES[random.nextInt(RELEASES.length)],
                CHANNELS[random.nextInt(CHANNELS.length)],
                title,
                text,
                COMPONENTS[random.nextInt(COMPONENTS.length)],
                reporter,
                affected,
                "client-" + Long.toHexString(seed) + "-" + (run.isEmpty() ? "" : run + "-") + index,
                EPOCH.plus(Duration.ofSeconds(index)));
    }

    /** The item as the raw topic holds it after ingest, with a deterministic feedback id. */
    public RawFeedback raw(long index, Instant receivedAt) {
        Item item = item(index);
        String feedbackId = UUID.nameUUIDFromBytes(("bench-" + seed + "-" + index).getBytes(StandardCharsets.UTF_8)).toString();
        return new RawFeedback(RawFeedback.SCHEMA_VERSION, feedbackId, receivedAt, item.sourceApp(), item.release(),
                item.channel(), item.title(), item.text(), item.component(), item.reporter(), item.affectedUsers(),
                item.clientId(), item.clientTimestamp());
    }

    /** The item as the JSON body of {@code POST /api/v1/feedback}, on one line, with its client id. */
    public String submissionJson(long index) {
        return submissionJson(index, true);
    }

    /**
     * The item as a JSON body. Without the client id for bodies that are sent more than once (the
     * wrk and open-loop bodies are cycled): the ingest-service treats a known client id as a
     * retry and answers with the original id without a new event, which is not what those runs measure.
     */
    public String submissionJson(long index, boolean withClientId) {
        return toJson(submission(index, withClientId));
    }

    /** {@code size} items as the JSON array body of {@code POST /api/v1/feedback/batch}, on one line. */
    public String batchJson(long firstIndex, int size, boolean withClientId) {
        var array = Json.mapper().createArrayNode();
        for (int i = 0; i < size; i++) {
            array.add(submission(firstIndex + i, withClientId));
        }
        return toJson(array);
    }

    private static String toJson(JsonNode node) {
        try {
            return Json.mapper().writeValueAsString(node);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private ObjectNode submission(long index, boolean withClientId) {
        Item item = item(index);
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("sourceApp", item.sourceApp());
        body.put("release", item.release());
        body.put("channel", item.channel().name());
        if (item.title() != null) {
            body.put("title", item.title());
        }
        body.put("text", item.text());
        body.put("component", item.component());
        if (item.reporter() != null) {
            body.put("reporter", item.reporter());
        }
        if (item.affectedUsers() != null) {
            body.put("affectedUsers", item.affectedUsers());
        }
        if (withClientId) {
            body.put("clientId", item.clientId());
        }
        body.put("clientTimestamp", item.clientTimestamp().toString());
        return body;
    }

    /** One piece of feedback as an upstream app describes it. */
    public record Item(String sourceApp, String release, FeedbackChannel channel, String title, String text,
                       String component, String reporter, Integer affectedUsers, String clientId, Instant clientTimestamp) {
    }
}
