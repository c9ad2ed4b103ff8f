package dev.hypercare.triage.grouping;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Grouping keeps the most recent candidate groups of a report: the head of a stable sort, without sorting all. */
class CandidateSelectionTest {

    /** A candidate: its time, and where it came in (to see the order among equal times). */
    private record Candidate(long time, int arrival) {
    }

    private static final Comparator<Candidate> MOST_RECENT_FIRST = (a, b) -> Long.compare(b.time(), a.time());

    @Test
    void givenMoreCandidatesThanPlaces_whenTheMostRecentAreKept_thenTheSameListInTheSameOrderAsSortingAllOfThem() {
        SplittableRandom random = new SplittableRandom(3);
        for (int round = 0; round < 20_000; round++) {
            // given: up to 400 candidates, times from few distinct values (many ties, as reports of one second) to many
            int n = 1 + random.nextInt(400);
            int max = 1 + random.nextInt(120);
            int distinct = 1 + random.nextInt(round % 2 == 0 ? 5 : 10_000);
            List<Candidate> candidates = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                candidates.add(new Candidate(1_700_000_000_000_000_000L + random.nextInt(distinct) * 1_000L, i));
            }
            List<Candidate> sortedAll = new ArrayList<>(candidates);
            sortedAll.sort(MOST_RECENT_FIRST);
            // (as grouping did: sorted only when there are more candidates than places)
            List<Candidate> expected = n > max ? sortedAll.subList(0, max) : candidates;

            // when
            List<Candidate> kept = IssueGrouping.firstInOrder(candidates, max, Candidate::time, MOST_RECENT_FIRST);

            // then
            assertThat(kept).as("n=%d max=%d distinct=%d", n, max, distinct).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void givenGroupsSeenInTheSameSecondOrBefore1970_whenTheMostRecentAreKept_thenTheSelectionKeyOrdersThemAsTheComparator() {
        // The selection ranks by lastSeenNanosSinceEpoch, the final order by MOST_RECENT_FIRST (seconds, then nanos):
        // a key that ignored the nanos, or the sign of seconds before 1970, would keep other groups than the sort.
        SplittableRandom random = new SplittableRandom(11);
        for (int round = 0; round < 20_000; round++) {
            // given
            int n = 1 + random.nextInt(300);
            int max = 1 + random.nextInt(120);
            int seconds = 1 + random.nextInt(round % 2 == 0 ? 3 : 1_000);
            long base = round % 3 == 0 ? -1_000_000L : 1_700_000_000L;
            List<IssueGrouping.Slot> slots = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                IssueGrouping.Slot slot = new IssueGrouping.Slot();
                slot.lastSeenSeconds = base + random.nextInt(seconds);
                slot.lastSeenNanos = random.nextInt(round % 4 == 0 ? 2 : 1_000_000_000);
                slots.add(slot);
            }
            List<IssueGrouping.Slot> sortedAll = new ArrayList<>(slots);
            sortedAll.sort(IssueGrouping.MOST_RECENT_FIRST);
            List<IssueGrouping.Slot> expected = n > max ? sortedAll.subList(0, max) : slots;

            // when
            List<IssueGrouping.Slot> kept = IssueGrouping.firstInOrder(slots, max, IssueGrouping.Slot::lastSeenNanosSinceEpoch,
                    IssueGrouping.MOST_RECENT_FIRST);

            // then: the very same objects, in the same order
            assertThat(kept).as("n=%d max=%d base=%d", n, max, base).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void givenACandidateWhoseTimeDoesNotFitTheSelection_whenTheMostRecentAreKept_thenAllAreSortedAsBefore() {
        // given: one time out of the selection's range (Long.MIN_VALUE marks it)
        List<Candidate> candidates = List.of(new Candidate(5, 0), new Candidate(Long.MIN_VALUE, 1), new Candidate(7, 2),
                new Candidate(5, 3));

        // when
        List<Candidate> kept = IssueGrouping.firstInOrder(candidates, 2, Candidate::time, MOST_RECENT_FIRST);

        // then
        assertThat(kept).containsExactly(new Candidate(7, 2), new Candidate(5, 0));
    }

    @Test
    void givenRandomValues_whenTheKthSmallestIsSelected_thenItIsTheValueAtKOfTheSortedArray() {
        SplittableRandom random = new SplittableRandom(9);
        for (int round = 0; round < 20_000; round++) {
            long[] values = new long[1 + random.nextInt(300)];
            int bound = 1 + random.nextInt(round % 2 == 0 ? 4 : 1_000_000);
            for (int i = 0; i < values.length; i++) {
                values[i] = random.nextInt(bound) - bound / 2;
            }
            long[] sorted = values.clone();
            Arrays.sort(sorted);
            int k = random.nextInt(values.length);

            assertThat(IssueGrouping.kthSmallest(values.clone(), k)).isEqualTo(sorted[k]);
        }
    }
}
