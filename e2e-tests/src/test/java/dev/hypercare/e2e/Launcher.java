package dev.hypercare.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The repository's {@code ./hypercare} script as a newcomer runs it, on free ports and in its own
 * {@code HYPERCARE_HOME}, so that it never meets a developer's running pipeline; on the jars the build packaged.
 */
final class Launcher {

    static final Path ROOT = Path.of(System.getProperty("hypercare.root", "..")).toAbsolutePath().normalize();
    static final List<String> PORTS = List.of("KAFKA_PORT", "KAFKA_CONTROLLER_PORT", "INGEST_PORT", "TRIAGE_PORT", "METRICS_PORT");

    record Result(int exitCode, String output) {
    }

    final Map<String, String> env = new HashMap<>();
    final Path home;

    Launcher(String homeName) throws IOException {
        home = Path.of("target", homeName).toAbsolutePath();
        env.put("HYPERCARE_HOME", home.toString());
        env.put("HYPERCARE_SKIP_BUILD", "1");
        List<ServerSocket> held = new ArrayList<>();
        try {
            // Held open together so the five ports are distinct.
            for (String port : PORTS) {
                ServerSocket socket = new ServerSocket(0);
                held.add(socket);
                env.put(port, Integer.toString(socket.getLocalPort()));
            }
        } finally {
            for (ServerSocket socket : held) {
                socket.close();
            }
        }
        env.put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** This launcher with an empty home: no pid file, log or data of an earlier run. */
    Launcher fresh() throws IOException {
        if (Files.exists(home)) {
            try (var paths = Files.walk(home)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        return this;
    }

    int port(String name) {
        return Integer.parseInt(env.get(name));
    }

    /** Runs {@code ./hypercare ARGS} to its end (or the timeout), stdout and stderr together. */
    Result run(Duration timeout, String... args) throws Exception {
        Process process = process(args).redirectErrorStream(true).start();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(unreadable: " + e + ")";
            }
        });
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            return new Result(-1, "timed out after " + timeout + "\n" + output.getNow(""));
        }
        return new Result(process.exitValue(), output.get(10, TimeUnit.SECONDS));
    }

    ProcessBuilder process(String... args) {
        List<String> command = new ArrayList<>(List.of("bash", ROOT.resolve("hypercare").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile());
        builder.environment().putAll(env);
        return builder;
    }

    static boolean portOpen(int port) {
        try (var socket = new java.net.Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
