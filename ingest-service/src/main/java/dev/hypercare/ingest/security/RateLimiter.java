package dev.hypercare.ingest.security;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Token buckets per caller (API key name, or client address for the public form).
 *
 * <p>Rule: a caller may send {@code rate} requests per second sustained and a burst of
 * {@code burst-seconds} worth at once; beyond that the request is refused with 429 and a
 * Retry-After of the seconds until one token is back. The buckets live in this replica: with N
 * replicas behind a balancer a caller gets up to N times the rate, which is the usual trade for not
 * putting a shared store in the request path.
 */
@ApplicationScoped
public class RateLimiter {

    /** Whether the request may go on, and if not when to come back. */
    public record Decision(boolean allowed, Duration retryAfter) {
    }

    private final double defaultRate;
    private final double burstSeconds;
    private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    public RateLimiter(@ConfigProperty(name = "hypercare.ingest.rate-limit.per-second", defaultValue = "500") double defaultRate,
                       @ConfigProperty(name = "hypercare.ingest.rate-limit.burst-seconds", defaultValue = "2") double burstSeconds) {
        this.defaultRate = defaultRate;
        this.burstSeconds = burstSeconds;
    }

    public Decision tryAcquire(String caller, double ratePerSecond) {
        double rate = ratePerSecond > 0 ? ratePerSecond : defaultRate;
        if (rate <= 0) {
            return new Decision(true, Duration.ZERO);
        }
        Bucket bucket = buckets.computeIfAbsent(caller, c -> new Bucket(Math.max(1, rate * burstSeconds), System.nanoTime()));
        return bucket.take(rate, Math.max(1, rate * burstSeconds));
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
        buckets.computeIfAbsent(caller, c -> new Bucket(capacity, System.nanoTime())).charge(rate, capacity, permits);
    }

    private static final class Bucket {
        private double tokens;
        private long refilledAt;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.refilledAt = now;
        }

        synchronized void charge(double rate, double capacity, int permits) {
            long now = System.nanoTime();
            tokens = Math.min(capacity, tokens + (now - refilledAt) / 1e9 * rate) - permits;
            refilledAt = now;
        }

        synchronized Decision take(double rate, double capacity) {
            long now = System.nanoTime();
            tokens = Math.min(capacity, tokens + (now - refilledAt) / 1e9 * rate);
            refilledAt = now;
            if (tokens >= 1) {
                tokens -= 1;
                return new Decision(true, Duration.ZERO);
            }
            double seconds = (1 - tokens) / rate;
            return new Decision(false, Duration.ofMillis((long) Math.ceil(seconds * 1000)));
        }
    }
}
