package dev.hypercare.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hypercare.kafka.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Records that carry collections copy them: a value handed to a state store's cache or a serializer is read
 * later, and must not change when the code that built it keeps using its list, set or map.
 */
class ImmutableRecordsTest {

    private static final Instant NOW = Instant.parse("2026-11-28T05:00:00Z");

    @Test
    void givenAnIssueGroupWhenItsBuildersSampleListChangesThenTheGroupKeepsItsSamples() {
        List<String> samples = new ArrayList<>(List.of("id-1", "id-2"));
        IssueGroup group = new IssueGroup(1, "issue-1", "shop", "2.0", Category.BUG, Priority.P3, "checkout fails",
                2, NOW, NOW, samples);

        samples.add("id-3");

        assertThat(group.sampleIds()).containsExactly("id-1", "id-2");
        assertThatThrownBy(() -> group.sampleIds().add("id-4")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(new IssueGroup(1, "issue-1", "shop", "2.0", Category.BUG, Priority.P3, "x", 0, NOW, NOW, null)
                .sampleIds()).isNull();
    }

    @Test
    void givenAKpiWhenItsDetailsMapChangesThenTheKpiKeepsItsDetailsInOrderWithNullValues() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("5", 3);
        details.put("1", null);
        details.put("3", 1);
        Kpi kpi = Kpi.of("2.0", "csat", "all", "period", 4.2, 4, "score", NOW).with(null, null, details);

        details.put("2", 9);

        assertThat(kpi.details()).containsExactly(Map.entry("5", 3), new java.util.AbstractMap.SimpleEntry<>("1", null),
                Map.entry("3", 1));
        assertThatThrownBy(() -> kpi.details().put("4", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThat(Kpi.of("2.0", "volume", "all", "period", 1, 1, "count", NOW).details()).isNull();
    }

    @Test
    void givenFlagsInAnyOrderWhenADecisionIsWrittenThenItsJsonListsThemInTheEnumsOrderAndTheSetIsFixed() {
        List<Flag> reversed = new ArrayList<>(List.of(Flag.values()));
        java.util.Collections.reverse(reversed);
        Set<Flag> flags = new HashSet<>(reversed);
        List<String> signals = new ArrayList<>(List.of("keyword:\"down\" -> OUTAGE"));
        TriageDecision decision = new TriageDecision(Category.BUG, flags, Level.HIGH, Level.HIGH, Priority.P1, 1.0, false,
                new TriageDecision.Explanation("rule:outage", "1", signals, "HIGH x HIGH -> P1"));

        flags.clear();
        signals.add("later");

        assertThat(decision.flags()).containsExactly(Flag.values());
        assertThat(decision.explanation().signals()).containsExactly("keyword:\"down\" -> OUTAGE");
        assertThatThrownBy(() -> decision.flags().add(Flag.values()[0])).isInstanceOf(UnsupportedOperationException.class);
        RawFeedback feedback = new RawFeedback(1, "id-1", NOW, "shop", "2.0", FeedbackChannel.API, null, "down", null, null,
                3, null, null);
        String json = new String(Topics.FEEDBACK_TRIAGED.valueSerde().serializer()
                .serialize("t", TriagedFeedback.of(feedback, decision, NOW)), StandardCharsets.UTF_8);
        StringBuilder inEnumOrder = new StringBuilder();
        for (Flag flag : Flag.values()) {
            inEnumOrder.append(inEnumOrder.isEmpty() ? "" : ",").append('"').append(flag.name()).append('"');
        }
        assertThat(json).contains("\"flags\":[" + inEnumOrder + "]");
        assertThat(new TriageDecision(Category.OTHER, Set.of(), Level.LOW, Level.LOW, Priority.P4, 0.5, true, null).flags())
                .isEmpty();
    }

    @Test
    void givenADecisionReadFromJsonThenItsCollectionsAreImmutableToo() {
        RawFeedback feedback = new RawFeedback(1, "id-1", NOW, "shop", "2.0", FeedbackChannel.API, null, "down", null, null,
                3, null, null);
        TriageDecision decision = new TriageDecision(Category.BUG, new HashSet<>(Set.of(Flag.values()[0])), Level.HIGH,
                Level.HIGH, Priority.P1, 1.0, false, new TriageDecision.Explanation("rule:x", "1", List.of("s"), "c"));
        var serde = Topics.FEEDBACK_TRIAGED.valueSerde();
        TriagedFeedback back = serde.deserializer().deserialize("t",
                serde.serializer().serialize("t", TriagedFeedback.of(feedback, decision, NOW)));

        assertThat(back.decision()).isEqualTo(decision);
        assertThatThrownBy(() -> back.decision().explanation().signals().add("x")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> back.decision().flags().clear()).isInstanceOf(UnsupportedOperationException.class);
    }
}
