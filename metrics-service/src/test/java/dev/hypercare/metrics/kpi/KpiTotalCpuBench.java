package dev.hypercare.metrics.kpi;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Thread CPU per delta a sketched KPI total takes, as {@code kpi-store} sees it (test scope, not run by surefire):
 * the total read back from its binary form ({@link KpiTotalSerde}), the delta added ({@link KpiTotal#plus}), the total
 * written, and every tenth time its records built ({@link KpiTotal#toKpis}, what a commit publishes). Twelve totals
 * (first-response-ms of 4 dimensions x 3 windows) take deltas in turn, each already holding 5,000 times of 1 s to 2 days.
 * Thread CPU time, not wall clock: the machine is shared. The first rounds warm the JIT.
 *
 * <pre>
 * ./mvnw -q -pl metrics-service test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp metrics-service/target/test-classes:metrics-service/target/classes:$(cat metrics-service/target/cp.txt) \
 *     dev.hypercare.metrics.kpi.KpiTotalCpuBench [rounds, 7] [deltas per round, 100000]
 * </pre>
 */
public final class KpiTotalCpuBench {

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        int perRound = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        Random random = new Random(42);
        Instant at = Instant.parse("2025-03-01T09:12:01.5Z");
        List<byte[]> stored = new ArrayList<>();
        for (String dimension : List.of("all", "category=BUG", "priority=P2", "channel=API")) {
            for (String window : List.of("period", "hour:2025-03-01T09:00:00Z", "day:2025-03-01")) {
                List<Long> values = new ArrayList<>();
                for (int i = 0; i < 5_000; i++) {
                    values.add(1_000L + (long) (random.nextDouble() * 172_800_000L));
                }
                KpiTotal total = KpiTotal.empty().plus(new KpiDelta("2.4.0", KpiName.FIRST_RESPONSE_MS, dimension, window,
                        values.stream().mapToLong(Long::longValue).sum(), values.size(), values, List.of(), at));
                stored.add(KpiTotalSerde.toBytes(total));
            }
        }
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        long sink = 0;
        for (int round = 1; round <= rounds; round++) {
            long t0 = bean.getCurrentThreadCpuTime();
            for (int i = 0; i < perRound; i++) {
                int key = i % stored.size();
                KpiTotal total = KpiTotalSerde.fromBytes(stored.get(key));
                long value = 1_000L + (long) (random.nextDouble() * 172_800_000L);
                total = total.plus(new KpiDelta(total.release(), total.kpi(), total.dimension(), total.window(), value, 1,
                        List.of(value), List.of(), at));
                stored.set(key, KpiTotalSerde.toBytes(total));
                if (i % 10 == 0) {
                    sink += total.toKpis().size();
                }
            }
            long t1 = bean.getCurrentThreadCpuTime();
            System.out.printf("round %d: %.2f us per delta%n", round, (t1 - t0) / 1e3 / perRound);
        }
        System.out.println("(checksum " + sink + ")");
    }
}
