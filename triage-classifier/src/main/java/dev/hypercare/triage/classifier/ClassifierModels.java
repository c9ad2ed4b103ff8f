package dev.hypercare.triage.classifier;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hypercare.model.Category;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Reads and writes model files. Layout (format 1):
 * <pre>
 *   "HYPERCARE-CLASSIFIER\n"   magic, 21 bytes
 *   int                          format version
 *   gzip body                    metadata JSON, feature spec, classes, IDF, weights, biases
 *   32 bytes                     SHA-256 of everything before it
 * </pre>
 * The digest makes a truncated or altered file fail at load instead of classifying wrongly, and
 * its first 12 hex digits name the model in {@link FeedbackClassifier#version()}.
 */
public final class ClassifierModels {

    /** Where the default model sits on the classpath (inside this module's jar). */
    public static final String DEFAULT_RESOURCE = "/dev/hypercare/triage/classifier/default-model.bin";

    /** Format 1: the sparse model. Format 2: the same, then an embedding head (written only when there is one). */
    static final int FORMAT_VERSION = 1;
    static final int FORMAT_WITH_HEAD = 2;
    private static final byte[] MAGIC = "HYPERCARE-CLASSIFIER\n".getBytes(StandardCharsets.US_ASCII);
    private static final int DIGEST_LENGTH = 32;
    /** Far above any sane model (the default is a few MB); guards against reading a wrong, huge file. */
    private static final long MAX_BYTES = 512L * 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private ClassifierModels() {
    }

    /** Loads a model file; fails with {@link InvalidModelException} if it is not a readable, intact model. */
    public static LinearTextClassifier load(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "no such model file");
        }
        if (Files.size(file) > MAX_BYTES) {
            throw new InvalidModelException(file + " is not a classifier model: " + Files.size(file) + " bytes");
        }
        return read(Files.readAllBytes(file), file.toString());
    }

    /** The model shipped in this jar, trained on the Mini-BAR reviews (see docs/triage-quality.md). */
    public static LinearTextClassifier loadDefault() {
        try (InputStream in = ClassifierModels.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("default model " + DEFAULT_RESOURCE + " is missing from the classpath");
            }
            return read(in.readAllBytes(), "classpath:" + DEFAULT_RESOURCE);
        } catch (IOException e) {
            throw new IllegalStateException("default model " + DEFAULT_RESOURCE + " cannot be read: " + e.getMessage(), e);
        }
    }

    public static void write(LinearTextClassifier model, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.write(file, bytes(model));
    }

    /** The model with an embedding head added (its file then has format 2 and a new digest, hence a new version). */
    static LinearTextClassifier withHead(LinearTextClassifier model, EmbeddingHead head) throws IOException {
        LinearTextClassifier joined = new LinearTextClassifier(model.info(), model.spec(), model.classList().toArray(Category[]::new),
                model.idf(), model.weights(), model.bias(), model.info().name(), head);
        return read(bytes(joined), model.info().name());
    }

    /** The bytes of a model file, digest included. */
    static byte[] bytes(LinearTextClassifier model) throws IOException {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.write(MAGIC);
        EmbeddingHead head = model.embeddingHead().orElse(null);
        new DataOutputStream(file).writeInt(head == null ? FORMAT_VERSION : FORMAT_WITH_HEAD);
        try (DataOutputStream body = new DataOutputStream(new GZIPOutputStream(file, 1 << 16))) {
            body.writeUTF(JSON.writeValueAsString(model.info()));
            FeatureSpec spec = model.spec();
            body.writeInt(spec.wordBits());
            body.writeInt(spec.charBits());
            body.writeBoolean(spec.wordBigrams());
            body.writeInt(spec.charMin());
            body.writeInt(spec.charMax());
            body.writeInt(model.classList().size());
            for (Category c : model.classList()) {
                body.writeUTF(c.name());
            }
            writeFloats(body, model.idf());
            writeFloats(body, model.weights());
            writeFloats(body, model.bias());
            if (head != null) {
                body.writeUTF(head.encoder());
                body.writeInt(head.dimension());
                writeFloats(body, head.weights());
                writeFloats(body, head.bias());
                body.writeDouble(head.c());
            }
        }
        byte[] content = file.toByteArray();
        byte[] digest = sha256(content, content.length);
        byte[] out = Arrays.copyOf(content, content.length + DIGEST_LENGTH);
        System.arraycopy(digest, 0, out, content.length, DIGEST_LENGTH);
        return out;
    }

    static LinearTextClassifier read(byte[] bytes, String source) throws InvalidModelException {
        if (bytes.length < MAGIC.length + 4 + DIGEST_LENGTH || !Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC)) {
            throw new InvalidModelException(source + " is not a Hypercare classifier model (no model header)");
        }
        int format = ByteBuffer.wrap(bytes, MAGIC.length, 4).getInt();
        if (format != FORMAT_VERSION && format != FORMAT_WITH_HEAD) {
            throw new InvalidModelException(source + " has model format " + format + "; this version reads formats "
                    + FORMAT_VERSION + " and " + FORMAT_WITH_HEAD);
        }
        int contentLength = bytes.length - DIGEST_LENGTH;
        byte[] digest = sha256(bytes, contentLength);
        if (!Arrays.equals(digest, Arrays.copyOfRange(bytes, contentLength, bytes.length))) {
            throw new InvalidModelException(source + " is corrupt: its SHA-256 does not match (truncated or altered file)");
        }
        int bodyStart = MAGIC.length + 4;
        try (DataInputStream body = new DataInputStream(
                new GZIPInputStream(new ByteArrayInputStream(bytes, bodyStart, contentLength - bodyStart), 1 << 16))) {
            ModelInfo info = JSON.readValue(body.readUTF(), new TypeReference<ModelInfo>() {
            });
            FeatureSpec spec = new FeatureSpec(body.readInt(), body.readInt(), body.readBoolean(), body.readInt(), body.readInt());
            int classCount = body.readInt();
            if (classCount < 2 || classCount > Category.values().length) {
                throw new InvalidModelException(source + ": " + classCount + " classes");
            }
            Category[] classes = new Category[classCount];
            for (int i = 0; i < classCount; i++) {
                classes[i] = Category.valueOf(body.readUTF());
            }
            float[] idf = readFloats(body, spec.dimension());
            float[] weights = readFloats(body, spec.dimension() * classCount);
            float[] bias = readFloats(body, classCount);
            EmbeddingHead head = null;
            if (format == FORMAT_WITH_HEAD) {
                String encoder = body.readUTF();
                int dimension = body.readInt();
                if (dimension < 1 || dimension > 4096) {
                    throw new InvalidModelException(source + ": embedding head of dimension " + dimension);
                }
                head = new EmbeddingHead(encoder, List.of(classes), readFloats(body, dimension * classCount),
                        readFloats(body, classCount), body.readDouble());
            }
            String version = info.name() + "@sha256:" + HexFormat.of().formatHex(digest).substring(0, 12)
                    + "/data:" + info.dataDigest().substring(0, Math.min(12, info.dataDigest().length()));
            return new LinearTextClassifier(info, spec, classes, idf, weights, bias, version, head);
        } catch (InvalidModelException e) {
            throw e;
        } catch (EOFException e) {
            throw new InvalidModelException(source + " is truncated inside its body", e);
        } catch (IOException | RuntimeException e) {
            throw new InvalidModelException(source + " cannot be read as a model: " + e.getMessage(), e);
        }
    }

    private static void writeFloats(DataOutputStream out, float[] values) throws IOException {
        out.writeInt(values.length);
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.BIG_ENDIAN);
        buffer.asFloatBuffer().put(values);
        out.write(buffer.array());
    }

    private static float[] readFloats(DataInputStream in, int expected) throws IOException {
        int length = in.readInt();
        if (length != expected) {
            throw new InvalidModelException("array of " + length + " values where the feature spec needs " + expected);
        }
        byte[] raw = new byte[length * 4];
        in.readFully(raw);
        float[] values = new float[length];
        ByteBuffer.wrap(raw).order(ByteOrder.BIG_ENDIAN).asFloatBuffer().get(values);
        return values;
    }

    static byte[] sha256(byte[] bytes, int length) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(bytes, 0, length);
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
