package dev.hypercare.metrics.item;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ItemStateProcessorIndexKeyTest {

    @Test
    void shouldWriteIndexKeysThatSortByDueTimeAsTheFormattedOnesDid() {
        for (long millis : new long[] {-5L, 0L, 7L, 1_740_819_600_000L, 9_999_999_999_999L, 12_345_678_901_234L}) {
            assertThat(ItemStateProcessor.indexKey(millis, "fb-1"))
                    .isEqualTo(String.format("%013d|%s", Math.max(0L, millis), "fb-1"));
        }
        assertThat(ItemStateProcessor.indexKey(999L, "b")).isLessThan(ItemStateProcessor.indexKey(1_000L, "a"));
    }
}
