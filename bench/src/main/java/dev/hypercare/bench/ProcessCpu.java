package dev.hypercare.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time a process has used (user + system), from {@code /proc/<pid>/stat}. CPU per record is the
 * figure that survives a busy machine: wall-clock throughput drops when other work takes the cores,
 * CPU spent per record much less so.
 */
final class ProcessCpu {

    private ProcessCpu() {
    }

    /** User + system clock ticks of {@code pid}, or -1 when it cannot be read (not Linux, process gone). */
    static long ticks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return ticksOf(stat);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Fields 14 and 15 (utime, stime); the command name (field 2) may hold spaces, so count after its ')'. */
    static long ticksOf(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        // fields[0] is field 3 (state), so utime (14) is fields[11] and stime (15) fields[12].
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** Microseconds of CPU per unit of work, or NaN when the ticks were not available. */
    static double microsPer(long ticks, long clockTicksPerSecond, long units) {
        if (ticks < 0 || units <= 0) {
            return Double.NaN;
        }
        return ticks * 1e6 / clockTicksPerSecond / units;
    }

    /** {@code name=pid,name=pid} (bench/run's processes) as an ordered map; blank gives an empty one. */
    static Map<String, Long> parsePids(String spec) {
        Map<String, Long> pids = new LinkedHashMap<>();
        for (String entry : spec.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            String[] nameAndPid = entry.split("=", 2);
            if (nameAndPid.length != 2) {
                throw new IllegalArgumentException("expected name=pid, got '" + entry + "'");
            }
            pids.put(nameAndPid[0].trim(), Long.parseLong(nameAndPid[1].trim()));
        }
        return pids;
    }

    /** The CPU ticks of several named processes at one moment (-1 for one that cannot be read). */
    record Snapshot(Map<String, Long> ticks) {

        static Snapshot of(Map<String, Long> pids) {
            Map<String, Long> ticks = new LinkedHashMap<>();
            pids.forEach((name, pid) -> ticks.put(name, ProcessCpu.ticks(pid)));
            return new Snapshot(ticks);
        }

        /** Ticks spent since {@code earlier}, per process; -1 where either side was not readable. */
        Map<String, Long> minus(Snapshot earlier) {
            Map<String, Long> spent = new LinkedHashMap<>();
            ticks.forEach((name, now) -> {
                long before = earlier.ticks.getOrDefault(name, -1L);
                spent.put(name, now < 0 || before < 0 ? -1L : now - before);
            });
            return spent;
        }
    }
}
