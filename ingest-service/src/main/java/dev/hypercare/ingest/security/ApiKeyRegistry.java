package dev.hypercare.ingest.security;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * The API keys this service accepts, loaded at start from configuration
 * ({@code hypercare.ingest.auth.keys.<name>.sha256|app|scopes|rate|release}) and from an optional secret
 * file in the same properties format without the prefix ({@code <name>.sha256=...}), named by
 * {@code hypercare.ingest.auth.keys-file} (a mounted Kubernetes Secret, say).
 *
 * <p>Rule: only hashes are stored. A presented key is hashed with SHA-256 and looked up by hash, so
 * no comparison ever runs over the secret itself. Plain SHA-256 suffices because the keys are
 * generated, high-entropy strings (at least 128 random bits), not passwords: a slow hash adds
 * nothing against brute force there and would cost every request.
 */
@ApplicationScoped
@Startup // so that a bad keys file fails the start, and the auth state is logged once, at start
public class ApiKeyRegistry {

    private static final Logger LOG = Logger.getLogger(ApiKeyRegistry.class);
    static final String PREFIX = "hypercare.ingest.auth.keys.";

    private final Map<String, ApiKey> byHash;

    public ApiKeyRegistry(Config config) {
        Properties properties = new Properties();
        for (String name : config.getPropertyNames()) {
            if (name.startsWith(PREFIX)) {
                config.getOptionalValue(name, String.class).ifPresent(v -> properties.setProperty(name.substring(PREFIX.length()), v));
            }
        }
        Optional<String> file = config.getOptionalValue("hypercare.ingest.auth.keys-file", String.class).filter(s -> !s.isBlank());
        if (file.isPresent()) {
            try (Reader reader = Files.newBufferedReader(Path.of(file.get()), StandardCharsets.UTF_8)) {
                properties.load(reader);
            } catch (IOException e) {
                throw new IllegalStateException("Cannot read API keys file " + file.get(), e);
            }
        }
        this.byHash = parse(properties);
        LOG.infof("Loaded %d API key(s): %s", byHash.size(), new TreeSet<>(byHash.values().stream().map(ApiKey::name).toList()));
        if (!config.getOptionalValue("hypercare.ingest.auth.enabled", Boolean.class).orElse(true)) {
            LOG.warn("API key authentication is OFF (hypercare.ingest.auth.enabled=false): anyone reaching this service "
                    + "can submit as any app. Acceptable for a local run only.");
        }
    }

    static Map<String, ApiKey> parse(Properties properties) {
        Set<String> names = new TreeSet<>();
        for (String key : properties.stringPropertyNames()) {
            int dot = key.lastIndexOf('.');
            if (dot > 0) {
                names.add(key.substring(0, dot));
            }
        }
        Map<String, ApiKey> keys = new HashMap<>();
        for (String name : names) {
            String hash = required(properties, name, "sha256").toLowerCase();
            if (!hash.matches("[0-9a-f]{64}")) {
                throw new IllegalStateException("API key " + name + ": sha256 must be 64 hex digits");
            }
            Set<Scope> scopes = EnumSet.noneOf(Scope.class);
            for (String scope : required(properties, name, "scopes").split(",")) {
                scopes.add(Scope.parse(scope));
            }
            double rate = Double.parseDouble(properties.getProperty(name + ".rate", "0"));
            String release = properties.getProperty(name + ".release");
            keys.put(hash, new ApiKey(name, hash, required(properties, name, "app"), Set.copyOf(scopes), rate,
                    release == null || release.isBlank() ? null : release.strip()));
        }
        return Map.copyOf(keys);
    }

    private static String required(Properties properties, String name, String field) {
        String value = properties.getProperty(name + "." + field);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("API key " + name + " has no " + field);
        }
        return value.strip();
    }

    /** The key whose hash matches, if any. */
    public Optional<ApiKey> find(String presented) {
        return Optional.ofNullable(byHash.get(sha256Hex(presented)));
    }

    public int size() {
        return byHash.size();
    }

    public static String sha256Hex(String value) {
        // One digest per thread (the few event loops), reset by digest(): MessageDigest.getInstance looks up
        // the provider each time, about half of this method's cost in the JFR profile of a single event.
        return HEX.formatHex(SHA_256.get().digest(value.getBytes(StandardCharsets.UTF_8)));
    }

    private static final HexFormat HEX = HexFormat.of();
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    });
}
