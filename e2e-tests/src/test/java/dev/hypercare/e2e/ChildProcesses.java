package dev.hypercare.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** What the broker and service processes of the suite share: ports, their logs, and how they end. */
final class ChildProcesses {

    private ChildProcesses() {
    }

    /**
     * JVM flag of every broker and service process the suite starts: the client (C1) compiler only. A test's process
     * lives seconds to a few minutes, and C2's compilations cost 3-4 s of CPU per service start on the 2-core CI
     * machine (triage 10-11 -> 7 s of CPU to ready, ingest 7-8.5 -> 4.7-5 s, metrics 6-6.7 -> 4 s), paid back only in
     * longer runs. It changes how fast the shipped code runs, not what it does. {@code ./hypercare} (QuickstartIT),
     * {@code bench/run} and the container images run with C2, as shipped (docs/reliability.md, "Method").
     */
    static final String TEST_JIT = "-XX:TieredStopAtLevel=1";

    /** Every port {@link #freePort} has returned in this JVM. */
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    /**
     * Kills the given child if the test JVM exits without closing it (a failsafe timeout, Ctrl-C),
     * so that no broker or service outlives the build and holds its ports.
     */
    static void reapOnExit(Process child) {
        Runtime.getRuntime().addShutdownHook(new Thread(child::destroyForcibly, "reap-" + child.pid()));
    }

    /** SIGTERM, so the child shuts down cleanly; SIGKILL if it has not ended within {@code grace}. */
    static void stop(Process process, Duration grace) throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    /** The last 40 lines of a child's log, for a failure message. */
    static String logTail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    static int freePort() throws IOException {
        // Never the same port twice in this JVM: a port is free when asked for, but taken only once its process binds
        // it, and two calls before that can get the same one (a broker once got 44257 as its client and its controller
        // port, and failed to start).
        while (true) {
            try (ServerSocket socket = new ServerSocket(0)) {
                if (HANDED_OUT.add(socket.getLocalPort())) {
                    return socket.getLocalPort();
                }
            }
        }
    }
}
