package dev.hypercare.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

/** Paths of the checkout the deployment files live in. */
final class Repo {

    private Repo() {
    }

    static Path root() {
        String configured = System.getProperty("hypercare.root");
        Path start = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath();
        for (Path p = start.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("docker-compose.yml")) && Files.isDirectory(p.resolve("k8s"))) {
                return p;
            }
        }
        throw new IllegalStateException("No checkout with docker-compose.yml and k8s/ above " + start);
    }

    static Path path(String relative) {
        return root().resolve(relative);
    }

    /** The project version the images are tagged with (set by Surefire from the pom). */
    static String version() {
        return System.getProperty("hypercare.version", "0.1.0-SNAPSHOT");
    }
}
