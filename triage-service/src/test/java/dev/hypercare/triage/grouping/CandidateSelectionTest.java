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
