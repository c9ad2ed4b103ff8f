package dev.hypercare.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

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
}
