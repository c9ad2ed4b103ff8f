package dev.hypercare.triage.grouping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hypercare.model.Category;
import dev.hypercare.model.Priority;
import dev.hypercare.triage.rules.TriagePolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * How the shipped grouping groups reports that have no cluster labels (issue reports: JSONL with repo, title, text):
 * per repo, the reports shuffled, one minute apart, one release; prints the number of groups, the largest, and the pairs
 * of reports that share a group, and with {@code -Dshow=1} the groups' titles. {@code -Draw=1} compares the n-grams of the
 * whole text, as before {@link TemplateText} (docs/triage-quality.md, "Grouping issue reports written in templates").
 *
 * <pre>
 * java -cp "$CP" dev.hypercare.triage.grouping.GroupingOnIssueFiles issues.jsonl...
 * </pre>
 */
public final class GroupingOnIssueFiles {

    private GroupingOnIssueFiles() {
    }

    public static void main(String[] args) throws Exception {
        ObjectMapper json = new ObjectMapper();
        Map<String, List<JsonNode>> byRepo = new TreeMap<>();
        for (String file : args) {
            for (String line : Files.readAllLines(Path.of(file))) {
                JsonNode row = json.readTree(line);
                byRepo.computeIfAbsent(row.path("repo").asText(), k -> new ArrayList<>()).add(row);
            }
        }
        TriagePolicy.Thresholds thresholds = new TriagePolicy.Thresholds(0.6, 0.2, 10, Duration.ofMinutes(15));
        Instant t0 = Instant.parse("2025-01-01T00:00:00Z");
        for (Map.Entry<String, List<JsonNode>> repo : byRepo.entrySet()) {
            List<JsonNode> rows = new ArrayList<>(repo.getValue());
            Collections.shuffle(rows, new Random(7));
            IssueGrouping grouping = Boolean.getBoolean("raw")
                    ? new IssueGrouping("app", "r", List.of(), CharNgramTermVector::of)
                    : new IssueGrouping("app", "r", List.of());
            Map<String, List<String>> groups = new LinkedHashMap<>();
            for (int i = 0; i < rows.size(); i++) {
                JsonNode row = rows.get(i);
                // As IssueGroupingProcessor joins them
                String text = row.path("title").asText() + ". " + row.path("text").asText();
                IssueGrouping.Result placed = grouping.add("r" + i, text, Category.BUG, Priority.P3, t0.plusSeconds(60L * i),
                        thresholds, Duration.ofDays(3650), 100);
                groups.computeIfAbsent(placed.group().issueId(), k -> new ArrayList<>())
                        .add(row.path("label").asText() + ": " + row.path("title").asText());
            }
            int largest = groups.values().stream().mapToInt(List::size).max().orElse(0);
            long pairs = groups.values().stream().mapToLong(g -> (long) g.size() * (g.size() - 1) / 2).sum();
            System.out.printf("%-22s %d reports -> %d groups, largest %d, pairs in a group %d%n", repo.getKey(), rows.size(),
                    groups.size(), largest, pairs);
            if (Boolean.getBoolean("show")) {
                groups.values().stream().filter(g -> g.size() > 1).forEach(g -> System.out.println("    " + g));
            }
        }
    }
}
