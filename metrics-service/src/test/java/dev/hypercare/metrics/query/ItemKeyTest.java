package dev.hypercare.metrics.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hypercare.model.Kpi;
import org.junit.jupiter.api.Test;

/** Which KPI keys the release listing and the SSE stream leave out unless asked for ({@code items=true}). */
class ItemKeyTest {

    @Test
    void shouldTellAnItemsKpiByItsDimensionOnly() {
        assertThat(InteractiveQueries.isItemKey(Kpi.key("2.0", "first-response-ms", "item=fb-1", Kpi.WHOLE_PERIOD))).isTrue();
        assertThat(InteractiveQueries.isItemKey(Kpi.key("2.0", "time-to-acknowledge-ms", "item=fb-1", Kpi.WHOLE_PERIOD))).isTrue();
        assertThat(InteractiveQueries.isItemKey(Kpi.key("2.0", "volume", "all", Kpi.WHOLE_PERIOD))).isFalse();
        assertThat(InteractiveQueries.isItemKey(Kpi.key("2.0", "volume", "category=BUG", "day:2025-03-01"))).isFalse();
        // a release or a window that happens to contain the text is not an item's key
        assertThat(InteractiveQueries.isItemKey(Kpi.key("item=7", "volume", "all", Kpi.WHOLE_PERIOD))).isFalse();
        assertThat(InteractiveQueries.isItemKey("2.0|volume")).isFalse();
    }
}
