package dev.hypercare.metrics.kpi;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Thread CPU per buffer record of {@link KpiDeltasSerde} (test scope, not run by surefire): the version-3 form
 * (string table) against the version-2 form of the build before it, in alternating rounds in one JVM, on the deltas
 * one RESPONDED of a P2 BUG reported over the API causes with the default windows (first response: sum, count and
 * sample for 4 dimensions x 3 windows; SLA attainment and breaches alike: 36 deltas). Thread CPU time, not wall
 * clock: the machine is shared. The first rounds warm the JIT.
 *
 * <pre>
 * ./mvnw -q -pl metrics-service test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp metrics-service/target/test-classes:metrics-service/target/classes:$(cat metrics-service/target/cp.txt) \
 *     dev.hypercare.metrics.kpi.KpiBufferCpuBench [rounds, 9] [records per round, 200000]
 * </pre>
 */
public final class KpiBufferCpuBench {

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 9;
        int records = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        Instant at = Instant.parse("2025-03-01T09:12:01.5Z");
        List<KpiDelta> deltas = new ArrayList<>();
        for (String dimension : List.of("all", "category=BUG", "priority=P2", "channel=API")) {
            for (String window : List.of("period", "hour:2025-03-01T09:00:00Z", "day:2025-03-01")) {
                deltas.add(new KpiDelta("2.4.0", KpiName.FIRST_RESPONSE_MS, dimension, window, 720_000, 1,
                        List.of(720_000L), List.of(), at));
                deltas.add(new KpiDelta("2.4.0", KpiName.SLA_ATTAINMENT, dimension, window, 0, 1, List.of(), List.of(), at));
                deltas.add(new KpiDelta("2.4.0", KpiName.SLA_BREACHES, dimension, window, 1, 1, List.of(), List.of(), at));
            }
        }
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        long sink = 0;
        System.out.printf("%d deltas: version 2 %d bytes, version 3 %d bytes%n", deltas.size(),
                KpiDeltasSerde.toBytesVersion2(deltas).length, KpiDeltasSerde.toBytes(deltas).length);
        for (int round = 1; round <= rounds; round++) {
            long t0 = bean.getCurrentThreadCpuTime();
            for (int i = 0; i < records; i++) {
                sink += KpiDeltasSerde.toBytesVersion2(deltas).length;
            }
            long t1 = bean.getCurrentThreadCpuTime();
            for (int i = 0; i < records; i++) {
                sink += KpiDeltasSerde.toBytes(deltas).length;
            }
            long t2 = bean.getCurrentThreadCpuTime();
            System.out.printf("round %d: version 2 %.2f us/record, version 3 %.2f us/record%n", round,
                    (t1 - t0) / 1e3 / records, (t2 - t1) / 1e3 / records);
        }
        System.out.println("(checksum " + sink + ")");
    }
}
