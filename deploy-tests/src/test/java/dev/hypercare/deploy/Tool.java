package dev.hypercare.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command-line tool these checks use when it is installed (docker compose, kubectl kustomize): its output
 * goes through temporary files, which are deleted afterwards, so that a verify leaves nothing in /tmp.
 */
final class Tool {

    /**
     * @param exit   the exit code, -1 when the tool did not finish in time
     * @param stdout what it wrote to its standard output (with its errors, when they were merged)
     * @param stderr what it wrote to its standard error, empty when merged
     */
    record Result(int exit, String stdout, String stderr) {
    }

    private Tool() {
    }

    /**
     * @param mergeErrors whether standard error goes into {@code stdout} (as a user would read the tool's answer)
     * @return empty when the tool is not installed here
     */
    static Optional<Result> run(List<String> command, Path dir, Duration timeout, boolean mergeErrors) throws InterruptedException {
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("hypercare-tool", ".out");
            err = mergeErrors ? null : Files.createTempFile("hypercare-tool", ".err");
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectOutput(out.toFile());
            if (mergeErrors) {
                builder.redirectErrorStream(true);
            } else {
                builder.redirectError(err.toFile());
            }
            Process process;
            try {
                process = builder.start();
            } catch (IOException notInstalled) {
                return Optional.empty();
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return Optional.of(new Result(-1, "timed out after " + timeout, ""));
            }
            return Optional.of(new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    err == null ? "" : Files.readString(err, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new IllegalStateException("running " + command + ": " + e, e);
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a leftover temporary file is not a test failure
        }
    }
}
