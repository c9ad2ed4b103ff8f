package dev.hypercare.ingest.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Token buckets per caller (API key name, or client address for the public form).
 *
 * <p>Rule: a caller may send {@code rate} requests per second sustained and a burst of
 * {@code burst-seconds} worth at once; beyond that the request is refused with 429 and a
 * Retry-After of the seconds until one token is back. The buckets live in this replica: with N
 * replicas behind a balancer a caller gets up to N times the rate, which is the usual trade for not
 * putting a shared store in the request path.
 *
 * <p>A bucket that has refilled to its capacity says nothing a new bucket would not say, so it is
 * forgotten: at most every {@link #SWEEP_INTERVAL}, the call that finds the interval passed drops every
 * full bucket. Memory therefore follows the callers of the last seconds (the form's client addresses are
 * unbounded), not every caller ever seen. A bucket still in debt (a batch charged beyond the burst) is
 * kept until the debt is paid back.
 */
@ApplicationScoped
public class RateLimiter {

    /** Whether the request may go on, and if not when to come back. */
    public record Decision(boolean allowed, Duration retryAfter) {
    }

    /** How often full buckets are looked for. */
    static final Duration SWEEP_INTERVAL = Duration.ofSeconds(10);

    private final double defaultRate;
    private final double burstSeconds;
    private final LongSupplier nanoTime;
    private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final AtomicLong nextSweep;

    @Inject
    public RateLimiter(@ConfigProperty(name = "hypercare.ingest.rate-limit.per-second", defaultValue = "500") double defaultRate,
                       @ConfigProperty(name = "hypercare.ingest.rate-limit.burst-seconds", defaultValue = "2") double burstSeconds) {
        this(defaultRate, burstSeconds, System::nanoTime);
    }

    /** With the clock given, for tests. */
    RateLimiter(double defaultRate, double burstSeconds, LongSupplier nanoTime) {
        this.defaultRate = defaultRate;
        this.burstSeconds = burstSeconds;
        this.nanoTime = nanoTime;
        this.nextSweep = new AtomicLong(nanoTime.getAsLong() + SWEEP_INTERVAL.toNanos());
    }

    public Decision tryAcquire(String caller, double ratePerSecond) {
        double rate = ratePerSecond > 0 ? ratePerSecond : defaultRate;
        if (rate <= 0) {
            return new Decision(true, Duration.ZERO);
        }
        double capacity = Math.max(1, rate * burstSeconds);
        long now = nanoTime.getAsLong();
        sweepIfDue(now);
        while (true) {
            Decision decision = buckets.computeIfAbsent(caller, c -> new Bucket(capacity, now)).take(rate, capacity, now);
            if (decision != null) {
                return decision;
            }
            // That bucket was forgotten between the look-up and the take: a new one stands for it.
        }
    }

    /**
     * Charges {@code permits} more to a caller already admitted (the items of a batch beyond the
     * request itself). The bucket may go into debt: the batch is not refused halfway, and the
     * caller's next requests get 429 until the debt is paid back at the caller's rate. So a batch
     * of N costs N, whatever its size relative to the burst.
     */
    public void charge(String caller, double ratePerSecond, int permits) {
        double rate = ratePerSecond > 0 ? ratePerSecond : defaultRate;
        if (rate <= 0 || permits <= 0) {
            return;
        }
        double capacity = Math.max(1, rate * burstSeconds);
        long now = nanoTime.getAsLong();
        while (!buckets.computeIfAbsent(caller, c -> new Bucket(capacity, now)).charge(rate, capacity, permits, now)) {
            // forgotten meanwhile: charge the new one
        }
    }

    /** Buckets held; for tests. */
    int buckets() {
        return buckets.size();
    }

    private void sweepIfDue(long now) {
        long due = nextSweep.get();
        if (now - due < 0 || !nextSweep.compareAndSet(due, now + SWEEP_INTERVAL.toNanos())) {
            return;
        }
        for (Map.Entry<String, Bucket> entry : buckets.entrySet()) {
            if (entry.getValue().retireIfFull(now)) {
                buckets.remove(entry.getKey(), entry.getValue());
            }
        }
    }

    private static final class Bucket {
        private double tokens;
        private long refilledAt;
        /** The rate and capacity of the last use: what "full" means for this caller. */
        private double rate;
        private double capacity;
        /** Set when forgotten: a caller that still holds it takes a new one instead. */
        private boolean retired;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.refilledAt = now;
            this.capacity = tokens;
        }

        private void refill(double rate, double capacity, long now) {
            tokens = Math.min(capacity, tokens + (now - refilledAt) / 1e9 * rate);
            refilledAt = now;
            this.rate = rate;
            this.capacity = capacity;
        }

        /** False when the bucket was forgotten and nothing was charged. */
        synchronized boolean charge(double rate, double capacity, int permits, long now) {
            if (retired) {
                return false;
            }
            refill(rate, capacity, now);
            tokens -= permits;
            return true;
        }

        /** Null when the bucket was forgotten and nothing was taken. */
        synchronized Decision take(double rate, double capacity, long now) {
            if (retired) {
                return null;
            }
            refill(rate, capacity, now);
            if (tokens >= 1) {
                tokens -= 1;
                return ALLOWED;
            }
            double seconds = (1 - tokens) / rate;
            return new Decision(false, Duration.ofMillis((long) Math.ceil(seconds * 1000)));
        }

        /** Retires the bucket when it has refilled to its capacity by {@code now}, so it can be forgotten. */
        synchronized boolean retireIfFull(long now) {
            double missing = capacity - tokens;
            long refilledBy = refilledAt + (rate > 0 ? (long) Math.ceil(missing / rate * TimeUnit.SECONDS.toNanos(1)) : 0);
            if (now - refilledBy >= 0) {
                retired = true;
            }
            return retired;
        }
    }

    private static final Decision ALLOWED = new Decision(true, Duration.ZERO);
}
