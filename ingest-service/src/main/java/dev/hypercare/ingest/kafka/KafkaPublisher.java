package dev.hypercare.ingest.kafka;

import dev.hypercare.model.LifecycleEvent;
import dev.hypercare.model.RawFeedback;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaProducer;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.reflect.Field;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * Publishes the ingest-service's records and completes only once the broker acknowledged them.
 *
 * <p>Rule: a caller may report success (HTTP 202) only when the returned {@link Uni} completes,
 * i.e. after the broker acknowledged the record with {@code acks=all} on an idempotent producer. Any
 * nack, emitter overflow or missing acknowledgement within {@code hypercare.ingest.ack-timeout}
 * fails the Uni with {@link BrokerUnavailableException}. The producer's own timeouts
 * ({@code max.block.ms}, {@code delivery.timeout.ms}) are set below the ack timeout, so in practice
 * the producer gives up first and the ack timeout is only the last line of defence.
 *
 * <p>A record whose wait timed out may still land later (at-least-once): a client that retries
 * with the same idempotency key gets the same feedback id, so such a duplicate carries the same key.
 *
 * <p>Every raw feedback record is also a CloudEvent in Kafka binary mode: {@code ce_specversion},
 * {@code ce_id} (the feedback id), {@code ce_source} ({@code urn:hypercare:app:<sourceApp>}),
 * {@code ce_type} ({@value #FEEDBACK_EVENT_TYPE}), {@code ce_time} (receive time),
 * {@code ce_subject} (release) and {@code content-type}; exactly the headers the CloudEvents SDK's Kafka
 * binding writes (held against it by a test), so any CloudEvents consumer reads the topic as events
 * whose data is the JSON value.
 *
 * <p>Records are keyed by feedback id so that an item's whole history stays in one partition,
 * in order. The destination topics are configured per channel in {@code application.properties}
 * ({@code mp.messaging.outgoing.<channel>.topic}) and checked against {@code Topics} by a test.
 */
@ApplicationScoped
public class KafkaPublisher {

    /** Channel carrying accepted feedback to {@code Topics.FEEDBACK_RAW}. */
    public static final String ACCEPTED_FEEDBACK = "accepted-feedback";
    /** Channel carrying lifecycle events to {@code Topics.FEEDBACK_LIFECYCLE}. */
    public static final String LIFECYCLE_EVENTS = "lifecycle-events";

    /** CloudEvents type of the records on hypercare.feedback.raw. */
    public static final String FEEDBACK_EVENT_TYPE = "dev.hypercare.feedback.received.v1";

    private static final Logger LOG = Logger.getLogger(KafkaPublisher.class);

    /**
     * Records waiting for the sink (which itself keeps up to {@code max-inflight-messages}, 1024, at the
     * producer). The default of 128 answered 503 ("Insufficient downstream requests") to batch items as
     * soon as 32 concurrent batches of 100 were in flight; beyond this bound a send still fails at once
     * (503, retry later) rather than queueing without limit.
     */
    static final int EMITTER_BUFFER = 16384;

    /**
     * Kept so that SmallRye builds the channel's sink and producer ({@link #publishAll} sends on that
     * producer); feedback itself no longer goes through the emitter.
     */
    @SuppressWarnings("unused")
    private final Emitter<RawFeedback> feedback;
    private final Emitter<LifecycleEvent> lifecycle;
    private final KafkaClientService clients;
    private volatile KafkaProducer<String, Object> rawProducer;
    private final LongAdder directSends = new LongAdder();
    /** Feedback records sent and not yet answered, bounded like the emitter buffer. */
    private final AtomicInteger pending = new AtomicInteger();
    private final Duration ackTimeout;
    /**
     * {@code hypercare.ingest.direct-send} (default true): whether {@link #publishAll} may send on the caller's thread
     * ({@link #sendsWithoutBlocking}). False sends every feedback record from SmallRye's sending thread, as before the
     * direct send existed; a switch so that a benchmark can compare both on a saturated machine.
     */
    private final boolean directSend;
    /** Fails sends the sink never answered; cancelled tasks leave the queue at once (no pile-up of 10 s timers). */
    private final ScheduledThreadPoolExecutor timeouts;

    @Inject
    public KafkaPublisher(@Channel(ACCEPTED_FEEDBACK) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = EMITTER_BUFFER)
                          Emitter<RawFeedback> feedback,
                          @Channel(LIFECYCLE_EVENTS) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = EMITTER_BUFFER)
                          Emitter<LifecycleEvent> lifecycle,
                          @ConfigProperty(name = "hypercare.ingest.ack-timeout", defaultValue = "10S") Duration ackTimeout,
                          @ConfigProperty(name = "hypercare.ingest.direct-send", defaultValue = "true") boolean directSend,
                          KafkaClientService clients) {
        this.feedback = feedback;
        this.clients = clients;
        this.lifecycle = lifecycle;
        this.ackTimeout = ackTimeout;
        this.directSend = directSend;
        this.timeouts = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "hypercare-ack-timeouts");
            thread.setDaemon(true);
            return thread;
        });
        this.timeouts.setRemoveOnCancelPolicy(true);
    }

    @PreDestroy
    void stop() {
        timeouts.shutdownNow();
    }

    /**
     * Publishes accepted feedback, all records together, and completes once the broker answered
     * every one of them (or the ack timeout passed): element i of the result is null when record i
     * was acknowledged, else the {@link BrokerUnavailableException} saying why not. The Uni itself
     * never fails, so a batch learns per item what is durable.
     *
     * <p>Sent straight to the channel's Kafka producer (the one SmallRye created for
     * {@value #ACCEPTED_FEEDBACK}, same configuration), all records in one call: on the caller's thread
     * when that cannot block ({@link #sendsWithoutBlocking}) and {@code hypercare.ingest.direct-send} is on (the
     * default), else in one task on its sending thread,
     * instead of one emitter message each: the emitter's stream, the sink's per-message
     * operators and one Uni, timer and context switch per record were most of the cost of a batch
     * item. One timer and one hand-back to the caller's Vert.x context per call.
     */
    public Uni<BrokerUnavailableException[]> publishAll(List<RawFeedback> records) {
        return Uni.createFrom().emitter(em -> {
            Group group = new Group(em, records, Vertx.currentContext());
            if (pending.addAndGet(records.size()) > EMITTER_BUFFER) {
                // Over the bound of records waiting for acks: fail at once (503, retry later) rather than queue without limit.
                group.failAll(new IllegalStateException("more than " + EMITTER_BUFFER + " records waiting for Kafka"));
                return;
            }
            KafkaProducer<String, Object> producer = rawProducer();
            if (producer == null) {
                group.failAll(new IllegalStateException("the Kafka producer of " + ACCEPTED_FEEDBACK + " is not started"));
                return;
            }
            group.watch();
            Producer<String, Object> kafka = producer.unwrap();
            if (directSend && sendsWithoutBlocking(kafka, records)) {
                directSends.increment();
                group.sendWith(kafka);
                return;
            }
            producer.runOnSendingThread((Consumer<Producer<String, Object>>) group::sendWith)
                    .subscribe().with(ignored -> {
                    }, group::failAll);
        });
    }

    /**
     * Whether {@code send} can be called on the caller's thread (a Vert.x event loop) without blocking it.
     * {@code KafkaProducer.send} blocks for two things only, each up to {@code max.block.ms} (5 s):
     * <ul>
     *   <li>the metadata of a topic its cluster view does not hold: before the first send, and after the broker
     *       went away (its last metadata answer may drop the topic: seen in {@code DirectSendTest}, where a direct
     *       send then blocked its event loop for {@code max.block.ms}). So the raw topic's partitions must be in the
     *       producer's cluster view;</li>
     *   <li>buffer memory: records wait in the producer's accumulator (bounded by {@code buffer.memory}) until
     *       acknowledged or expired by {@code delivery.timeout.ms}, and while the broker is slow or unreachable they
     *       pile up. A count of pending records does not bound their bytes (one record can hold 20,000 characters),
     *       so the producer's own {@code buffer-available-bytes} metric must leave room for these records
     *       ({@link #bytesToReserve}).</li>
     * </ul>
     * Otherwise, as before, the records go on SmallRye's sending thread, where a blocking send holds up no other
     * request. The direct send saves the hand-over to that thread per call (a task, a wake-up and a Mutiny
     * subscription with its context captures).
     *
     * <p>The cluster view is read from the producer's private {@code metadata} field (kafka-clients has no
     * public, non-blocking way to ask); if that field or the metric is not there (another kafka-clients version,
     * a wrapped producer), every send takes the sending thread, as before.
     */
    private boolean sendsWithoutBlocking(Producer<String, Object> kafka, List<RawFeedback> records) {
        ProducerGauges known = gauges;
        if (known == null) {
            known = ProducerGauges.of(kafka);
            gauges = known;
        }
        return known.holdsTopic(RAW_TOPIC) && known.bufferAvailable() >= bytesToReserve(records);
    }

    /**
     * Buffer memory the records may need, with room to spare: every char as 3 UTF-8 bytes plus 4 KB of fields and
     * headers per record, and two {@code batch.size}s (the accumulator allocates whole batches) at the default
     * 64 KB. An over-estimate only sends a few more calls on the sending thread.
     */
    static long bytesToReserve(List<RawFeedback> records) {
        long bytes = 2L * DIRECT_SEND_BATCH_RESERVE;
        for (RawFeedback record : records) {
            bytes += 4096L + 3L * (length(record.text()) + length(record.title()) + length(record.reporter()));
        }
        return bytes;
    }

    private static int length(String text) {
        return text == null ? 0 : text.length();
    }

    /** batch.size as configured in application.properties; the reserve needs only its order of magnitude. */
    private static final long DIRECT_SEND_BATCH_RESERVE = 65_536;

    /** Found on the producer at its first send; never on the hot path again. */
    private volatile ProducerGauges gauges;

    /**
     * The two things {@link #sendsWithoutBlocking} reads on the producer, looked up once: its cluster view (the
     * private {@code metadata} field) and its {@code buffer-available-bytes} metric. Either missing (null): every
     * send takes the sending thread.
     */
    private record ProducerGauges(org.apache.kafka.clients.Metadata metadata, Metric bufferAvailableBytes) {

        static ProducerGauges of(Producer<String, Object> kafka) {
            org.apache.kafka.clients.Metadata metadata = null;
            if (kafka instanceof org.apache.kafka.clients.producer.KafkaProducer) {
                try {
                    Field field = org.apache.kafka.clients.producer.KafkaProducer.class.getDeclaredField("metadata");
                    field.setAccessible(true);
                    if (field.get(kafka) instanceof org.apache.kafka.clients.Metadata found) {
                        metadata = found;
                    }
                } catch (ReflectiveOperationException | RuntimeException e) {
                    LOG.infof("Feedback records are sent on the producer's sending thread only (its metadata is not readable: %s)", e.toString());
                }
            }
            Metric buffer = null;
            for (Map.Entry<MetricName, ? extends Metric> metric : kafka.metrics().entrySet()) {
                if (metric.getKey().name().equals("buffer-available-bytes") && metric.getKey().group().equals("producer-metrics")) {
                    buffer = metric.getValue();
                }
            }
            if (buffer == null) {
                LOG.info("Feedback records are sent on the producer's sending thread only (no buffer-available-bytes metric)");
            }
            return new ProducerGauges(metadata, buffer);
        }

        boolean holdsTopic(String topic) {
            return metadata != null && metadata.fetch().partitionCountForTopic(topic) != null;
        }

        /** Free bytes of the producer's buffer; -1 when not known. */
        double bufferAvailable() {
            return bufferAvailableBytes != null && bufferAvailableBytes.metricValue() instanceof Number bytes ? bytes.doubleValue() : -1;
        }
    }

    /** Calls that sent on the caller's thread ({@link #sendsWithoutBlocking}); for tests. */
    long directSends() {
        return directSends.sum();
    }

    private KafkaProducer<String, Object> rawProducer() {
        KafkaProducer<String, Object> known = rawProducer;
        if (known == null) {
            known = clients.getProducer(ACCEPTED_FEEDBACK);
            rawProducer = known;
        }
        return known;
    }

    private static final String RAW_TOPIC = dev.hypercare.kafka.Topics.FEEDBACK_RAW.name();

    /**
     * The {@code ce_*} headers of the Kafka protocol binding (binary mode) for this record: the same
     * headers, in the same order and bytes, as the CloudEvents SDK's Kafka writer produces (a test
     * holds them against it), written directly. The SDK path built a {@code CloudEvent}, a {@code URI}
     * and a writer per record, about 5 % of the service's CPU per event; the constant headers are
     * shared and the source of each app is encoded once.
     */
    static Headers cloudEventHeaders(RawFeedback record) {
        Header[] headers = new Header[record.release() == null ? 6 : 7];
        int i = 0;
        headers[i++] = CE_SPECVERSION;
        headers[i++] = new RecordHeader("ce_id", utf8(record.feedbackId()));
        headers[i++] = new RecordHeader("ce_source", sourceOf(record.sourceApp()));
        headers[i++] = CE_TYPE;
        headers[i++] = CE_CONTENT_TYPE;
        if (record.release() != null) {
            headers[i++] = new RecordHeader("ce_subject", utf8(record.release()));
        }
        headers[i] = new RecordHeader("ce_time", isoTime(record.receivedAt()));
        return new RecordHeaders(headers);
    }

    /**
     * {@code DateTimeFormatter.ISO_OFFSET_DATE_TIME} of the instant at UTC, as the SDK writes
     * {@code ce_time} (fraction with trailing zeros dropped, {@code Z}), written by hand: the formatter
     * was half of this class's cost per record. Years outside 0-9999 take the formatter.
     */
    static byte[] isoTime(Instant instant) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), instant.getNano(), ZoneOffset.UTC);
        if (t.getYear() < 0 || t.getYear() > 9999) {
            return utf8(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(instant.atOffset(ZoneOffset.UTC)));
        }
        byte[] out = new byte[30];
        int n = 0;
        n = digits(out, n, t.getYear(), 4);
        out[n++] = '-';
        n = digits(out, n, t.getMonthValue(), 2);
        out[n++] = '-';
        n = digits(out, n, t.getDayOfMonth(), 2);
        out[n++] = 'T';
        n = digits(out, n, t.getHour(), 2);
        out[n++] = ':';
        n = digits(out, n, t.getMinute(), 2);
        out[n++] = ':';
        n = digits(out, n, t.getSecond(), 2);
        int nano = t.getNano();
        if (nano != 0) {
            int width = 9;
            while (nano % 10 == 0) {
                nano /= 10;
                width--;
            }
            out[n++] = '.';
            n = digits(out, n, nano, width);
        }
        out[n++] = 'Z';
        return Arrays.copyOf(out, n);
    }

    private static int digits(byte[] out, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        return at + width;
    }

    /** The CloudEvents SDK's own headers for this record (the reference the direct headers are tested against). */
    static Headers cloudEventHeadersBySdk(RawFeedback record) {
        CloudEvent event = CloudEventBuilder.v1()
                .withId(record.feedbackId())
                .withSource(URI.create(SOURCE_PREFIX + URLEncoder.encode(record.sourceApp(), StandardCharsets.UTF_8)))
                .withType(FEEDBACK_EVENT_TYPE)
                .withTime(record.receivedAt().atOffset(ZoneOffset.UTC))
                .withSubject(record.release())
                .withDataContentType(CONTENT_TYPE)
                .build();
        return new RecordHeaders(KafkaMessageFactory.createWriter(RAW_TOPIC, record.feedbackId())
                .writeBinary(event).headers().toArray());
    }

    private static final String SOURCE_PREFIX = "urn:hypercare:app:";
    private static final String CONTENT_TYPE = "application/json";
    private static final Header CE_SPECVERSION = new RecordHeader("ce_specversion", utf8("1.0"));
    private static final Header CE_TYPE = new RecordHeader("ce_type", utf8(FEEDBACK_EVENT_TYPE));
    private static final Header CE_CONTENT_TYPE = new RecordHeader("content-type", utf8(CONTENT_TYPE));
    /** Source header bytes per source app; bounded, since the app name comes from the request. */
    private static final int MAX_CACHED_SOURCES = 1024;
    private static final ConcurrentMap<String, byte[]> SOURCES = new ConcurrentHashMap<>();

    private static byte[] sourceOf(String sourceApp) {
        byte[] known = SOURCES.get(sourceApp);
        if (known != null) {
            return known;
        }
        byte[] source = utf8(SOURCE_PREFIX + URLEncoder.encode(sourceApp, StandardCharsets.UTF_8));
        if (SOURCES.size() < MAX_CACHED_SOURCES) {
            SOURCES.putIfAbsent(sourceApp, source);
        }
        return source;
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    /** Publishes a lifecycle event keyed by the feedback id it is about; completes on the broker's ack. */
    public Uni<Void> publish(LifecycleEvent event) {
        return send(lifecycle, event.feedbackId(), event, event.receivedAt(), null);
    }

    private <T> Uni<Void> send(Emitter<T> emitter, String key, T value, Instant receivedAt, Headers headers) {
        // The record timestamp is the receive time, so the stream time downstream services see
        // is Hypercare's clock, never a client's.
        var builder = OutgoingKafkaRecordMetadata.<String>builder().withKey(key).withTimestamp(receivedAt);
        if (headers != null) {
            builder.withHeaders(headers);
        }
        Metadata metadata = Metadata.of(builder.build());
        // One Uni per record, completed by the message's own ack/nack (called by the Kafka sink once
        // the broker answered, after its retries within delivery.timeout.ms), instead of a
        // MutinyEmitter Uni plus timeout and failure operators: each Mutiny operator costs a
        // context-propagation capture per request. The outcome is handed back to the caller's
        // Vert.x context (as MutinyEmitter does), so the work after the ack does not pile up on
        // the producer's single network thread.
        return Uni.createFrom().emitter(em -> {
            Outcome outcome = new Outcome(em, key, Vertx.currentContext());
            try {
                emitter.send(Message.of(value, metadata, outcome::acked, outcome::nacked));
            } catch (RuntimeException e) {
                // An emitter that throws at once (overflow, channel down) fails like a nack does,
                // not as an unrelated 500.
                outcome.nacked(e);
                return;
            }
            outcome.watch();
        });
    }

    /** The one outcome of one send: ack, nack or timeout, whichever comes first. */
    final class Outcome {
        private final UniEmitter<? super Void> emitter;
        private final String key;
        private final Context context;
        private final AtomicBoolean done = new AtomicBoolean();
        private volatile ScheduledFuture<?> timer;

        Outcome(UniEmitter<? super Void> emitter, String key, Context context) {
            this.emitter = emitter;
            this.key = key;
            this.context = context;
        }

        /** Starts the last-line-of-defence timer; the producer's own delivery timeout normally fires first. */
        void watch() {
            ScheduledFuture<?> started;
            try {
                started = timeouts.schedule(this::timedOut, ackTimeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException shuttingDown) {
                return;
            }
            timer = started;
            if (done.get()) { // answered before the timer existed
                started.cancel(false);
            }
        }

        CompletionStage<Void> acked() {
            if (finish()) {
                handBack(context, () -> emitter.complete(null));
            }
            return DONE;
        }

        CompletionStage<Void> nacked(Throwable failure) {
            if (finish()) {
                LOG.warnf("Record %s was not acknowledged by Kafka: %s", key, failure.toString());
                BrokerUnavailableException unavailable = new BrokerUnavailableException("Kafka did not acknowledge the record", failure);
                handBack(context, () -> emitter.fail(unavailable));
            }
            return DONE;
        }

        private void timedOut() {
            nacked(new TimeoutException("no broker acknowledgement within " + ackTimeout));
        }

        private boolean finish() {
            if (!done.compareAndSet(false, true)) {
                return false;
            }
            ScheduledFuture<?> started = timer;
            if (started != null) {
                started.cancel(false);
            }
            return true;
        }
    }

    /** The outcome of one {@link #publishAll}: one slot per record, answered by ack, nack or the timeout. */
    final class Group {
        private final UniEmitter<? super BrokerUnavailableException[]> emitter;
        private final List<RawFeedback> records;
        private final Context context;
        private final BrokerUnavailableException[] failures;
        private final boolean[] answered;
        private int remaining;
        private boolean done;
        private ScheduledFuture<?> timer;

        Group(UniEmitter<? super BrokerUnavailableException[]> emitter, List<RawFeedback> records, Context context) {
            this.emitter = emitter;
            this.records = records;
            this.context = context;
            this.failures = new BrokerUnavailableException[records.size()];
            this.answered = new boolean[records.size()];
            this.remaining = records.size();
        }

        /** On the producer's sending thread: every record, each answered by its own callback. */
        void sendWith(Producer<String, Object> producer) {
            for (int i = 0; i < records.size(); i++) {
                RawFeedback record = records.get(i);
                int slot = i;
                try {
                    // The record timestamp is the receive time, so the stream time downstream services
                    // see is Hypercare's clock, never a client's.
                    producer.send(new ProducerRecord<>(RAW_TOPIC, null, record.receivedAt().toEpochMilli(), record.feedbackId(),
                                    record, cloudEventHeaders(record)),
                            (metadata, exception) -> answer(slot, exception));
                } catch (RuntimeException e) {
                    // send() throws at once for some failures (closed producer, serialization): a nack like any other.
                    answer(slot, e);
                }
            }
        }

        void watch() {
            try {
                ScheduledFuture<?> started = timeouts.schedule(this::timedOut, ackTimeout.toNanos(), TimeUnit.NANOSECONDS);
                synchronized (this) {
                    if (done) {
                        started.cancel(false);
                    } else {
                        timer = started;
                    }
                }
            } catch (RejectedExecutionException shuttingDown) {
                // the producer's own delivery timeout still answers every record
            }
        }

        void answer(int slot, Exception exception) {
            boolean last;
            synchronized (this) {
                if (done || answered[slot]) {
                    return;
                }
                answered[slot] = true;
                if (exception != null) {
                    failures[slot] = unavailable(records.get(slot), exception);
                }
                last = --remaining == 0;
            }
            if (last) {
                finish();
            }
        }

        void failAll(Throwable failure) {
            synchronized (this) {
                if (done) {
                    return;
                }
                for (int i = 0; i < answered.length; i++) {
                    if (!answered[i]) {
                        answered[i] = true;
                        failures[i] = unavailable(records.get(i), failure);
                    }
                }
                remaining = 0;
            }
            finish();
        }

        private void timedOut() {
            failAll(new TimeoutException("no broker acknowledgement within " + ackTimeout));
        }

        private void finish() {
            ScheduledFuture<?> started;
            synchronized (this) {
                if (done) {
                    return;
                }
                done = true;
                started = timer;
            }
            pending.addAndGet(-records.size());
            if (started != null) {
                started.cancel(false);
            }
            handBack(context, () -> emitter.complete(failures));
        }
    }

    /**
     * Runs the caller's continuation (everything after the ack: the view, the metrics, the HTTP answer) on the
     * caller's Vert.x context, or, for a caller that was on none (a worker thread, a Mutiny timer), on Mutiny's
     * default executor: never on the thread that reported the ack, the producer's single network thread (or the
     * ack-timeout thread), which every other record of the service waits for.
     */
    private static void handBack(Context context, Runnable continuation) {
        CallerContexts.of(context).execute(continuation);
    }

    private static BrokerUnavailableException unavailable(RawFeedback record, Throwable failure) {
        LOG.warnf("Record %s was not acknowledged by Kafka: %s", record.feedbackId(), failure.toString());
        return new BrokerUnavailableException("Kafka did not acknowledge the record", failure);
    }

    private static final CompletionStage<Void> DONE = CompletableFuture.completedStage(null);
}
