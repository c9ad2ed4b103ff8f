package dev.hypercare.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One Hypercare service running as its own JVM from its packaged {@code quarkus-run.jar}, exactly as
 * {@code ./hypercare run} and the container images run it, so that it can really be killed.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final int port;
    private final Path log;
    private final Path stateDir;
    private final List<String> command;
    /** Environment variables set for the process on top of the test JVM's (null: inherited as is). */
    private final Map<String, String> environment;
    private Process process;

    private ServiceProcess(String name, int port, Path log, Path stateDir, List<String> command) {
        this(name, port, log, stateDir, command, null);
    }

    private ServiceProcess(String name, int port, Path log, Path stateDir, List<String> command,
                           Map<String, String> environment) {
        this.name = name;
        this.port = port;
        this.log = log;
        this.stateDir = stateDir;
        this.command = command;
        this.environment = environment;
    }

    /** The checkout's root, where the packaged services and hypercare-local live. */
    static Path root() {
        return Path.of(System.getProperty("hypercare.root", "..")).toAbsolutePath().normalize();
    }

    private static final Map<String, Path> SNAPSHOTS = new java.util.HashMap<>();

    /**
     * A copy of the service's packaged {@code quarkus-app}, made once per test JVM: a running JVM
     * loads classes from its jars lazily, so a rebuild of the service while a test runs (another
     * build on the same checkout) would otherwise pull the ground from under it (seen: a stream
     * thread dying without a word at the moment its jar was rewritten).
     */
    static synchronized Path snapshot(String name) throws IOException {
        Path cached = SNAPSHOTS.get(name);
        if (cached != null) {
            return cached;
        }
        Path app = root().resolve(name + "-service/target/quarkus-app");
        if (!Files.exists(app.resolve("quarkus-run.jar"))) {
            throw new IllegalStateException(app + "/quarkus-run.jar is missing: package the services first (./mvnw verify builds them)");
        }
        Path copy = Path.of("target", "apps", Long.toString(ProcessHandle.current().pid()), name).toAbsolutePath();
        try (var paths = Files.walk(app)) {
            for (Path source : paths.toList()) {
                Path target = copy.resolve(app.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        SNAPSHOTS.put(name, copy);
        return copy;
    }

    /**
     * @param name      ingest, triage or metrics
     * @param bootstrap the broker's bootstrap servers
     * @param workDir   where this run keeps the service's log and Kafka Streams state
     */
    public static ServiceProcess start(String name, String bootstrap, Path workDir, Map<String, String> extraConfig)
            throws IOException {
        Path jar = snapshot(name).resolve("quarkus-run.jar");
        Files.createDirectories(workDir);
        int port = ChildProcesses.freePort();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                jvmOptions(name),
                ChildProcesses.TEST_JIT,
                "-Dquarkus.http.port=" + port,
                "-Dkafka.bootstrap.servers=" + bootstrap,
                "-Dkafka-streams.state.dir=" + workDir.resolve("state").toAbsolutePath()));
        extraConfig.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-jar");
        command.add(jar.toString());
        ServiceProcess service = new ServiceProcess(name, port, workDir.resolve(name + ".log"),
                workDir.resolve("state"), command);
        service.launch();
        return service;
    }

    /**
     * Starts the service configured the way a container is: only through environment variables (the
     * documented {@code KAFKA_*} names, {@code QUARKUS_HTTP_PORT}, {@code KAFKA_STREAMS_STATE_DIR}),
     * no {@code -D} setting, so a test proves that the documented variables alone are enough.
     * {@code KAFKA_*} variables of the test JVM's own environment are not passed on.
     *
     * @param environment e.g. {@code KAFKA_BOOTSTRAP_SERVERS}, {@code KAFKA_SECURITY_PROTOCOL}, ...
     */
    public static ServiceProcess startWithEnvironment(String name, Path workDir, Map<String, String> environment)
            throws IOException {
        Path jar = snapshot(name).resolve("quarkus-run.jar");
        Files.createDirectories(workDir);
        int port = ChildProcesses.freePort();
        Map<String, String> env = new java.util.HashMap<>(environment);
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.putIfAbsent("KAFKA_STREAMS_STATE_DIR", workDir.resolve("state").toAbsolutePath().toString());
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                jvmOptions(name),
                ChildProcesses.TEST_JIT,
                "-jar", jar.toString());
        ServiceProcess service = new ServiceProcess(name, port, workDir.resolve(name + ".log"),
                Path.of(env.get("KAFKA_STREAMS_STATE_DIR")), command, Map.copyOf(env));
        service.launch();
        return service;
    }

    /** The service's JVM options as ./hypercare passes them: its argument file (docs/deploy.md, "Memory"). */
    private static String jvmOptions(String name) {
        return "@" + root().resolve("deploy/jvm/" + name + "-service.options");
    }

    private void launch() throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command);
        // As ./hypercare starts them: glibc's malloc arenas bounded for the services' many threads.
        builder.environment().putIfAbsent("MALLOC_ARENA_MAX", "2");
        if (environment != null) {
            builder.environment().keySet().removeIf(key -> key.startsWith("KAFKA_"));
            builder.environment().putAll(environment);
        }
        process = builder
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        ChildProcesses.reapOnExit(process);
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public String name() {
        return name;
    }

    public Path log() {
        return log;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Deletes the Kafka Streams state directory of a killed service, as when a pod is rescheduled on
     * another node: the restarted service must rebuild its stores from their changelogs.
     */
    public void deleteState() throws IOException {
        if (process.isAlive()) {
            throw new IllegalStateException(name + " is still running");
        }
        if (Files.exists(stateDir)) {
            try (var paths = Files.walk(stateDir)) {
                for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }

    /** Blocks until {@code /q/health/ready} answers UP, failing with the log's tail if the process dies. */
    public ServiceProcess awaitReady(Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n" + logTail());
            }
            try {
                var response = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return this;
                }
            } catch (IOException notYetListening) {
                // keep waiting
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(name + " not ready after " + timeout + ":\n" + logTail());
    }

    /** Waits for the process to end: its exit code, or empty if it still runs after the timeout. */
    public java.util.OptionalInt awaitExit(Duration timeout) throws InterruptedException {
        if (process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            return java.util.OptionalInt.of(process.exitValue());
        }
        return java.util.OptionalInt.empty();
    }

    /** {@code GET /q/health/ready} once: status code and body, or null while nothing listens. */
    public HttpResponse<String> readiness() throws InterruptedException {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException notListening) {
            return null;
        }
    }

    /** The whole log of this service (every launch). */
    public String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** SIGKILL: no shutdown hook, no clean commit, as a crashed pod. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /**
     * SIGTERM and wait for the exit: the service's shutdown hooks run, as a pod's in a rolling update
     * (SIGKILL after {@code grace}, as Kubernetes does after terminationGracePeriodSeconds).
     *
     * @return how long the exit took
     */
    public Duration terminate(Duration grace) throws InterruptedException {
        long start = System.nanoTime();
        ChildProcesses.stop(process, grace);
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** Starts the same service again, on the same port and state dir. */
    public ServiceProcess restart() throws IOException {
        if (process.isAlive()) {
            throw new IllegalStateException(name + " is still running");
        }
        launch();
        return this;
    }

    public String logTail() {
        return ChildProcesses.logTail(log);
    }

    @Override
    public void close() throws InterruptedException {
        ChildProcesses.stop(process, Duration.ofSeconds(15));
    }
}
