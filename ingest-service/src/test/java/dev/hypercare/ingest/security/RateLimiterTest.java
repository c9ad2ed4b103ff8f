package dev.hypercare.ingest.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Token buckets per caller: the limits, and that callers who went quiet are forgotten without changing any answer. */
class RateLimiterTest {

    /** Rate 5/s, burst 2 s: a capacity of 10 requests. */
    private static final double RATE = 5;

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final RateLimiter limiter = new RateLimiter(RATE, 2, now::get);

    @Test
    void shouldForgetCallersWhoseBucketsHaveRefilled() {
        // given: 1,000 distinct callers (the form's client addresses) each sent one request
        for (int i = 0; i < 1000; i++) {
            assertThat(limiter.tryAcquire("10.0." + (i / 256) + "." + (i % 256), 0).allowed()).isTrue();
        }
        assertThat(limiter.buckets()).isEqualTo(1000);

        // when: they stay quiet past the sweep interval and someone else calls
        advance(RateLimiter.SWEEP_INTERVAL.plusSeconds(1));
        limiter.tryAcquire("192.0.2.1", 0);

        // then: only the new caller's bucket is left
        assertThat(limiter.buckets()).isEqualTo(1);
    }

    @Test
    void shouldKeepABucketThatHasNotRefilledYet() {
        // given: a caller that used its whole burst, and one that sent a batch of 100 items (90 tokens in debt)
        for (int i = 0; i < 10; i++) {
            limiter.tryAcquire("busy", 0);
        }
        limiter.tryAcquire("batcher", 0);
        limiter.charge("batcher", 0, 99);

        // when: 11 s later (busy refilled after 2 s; the batcher needs 20 s to be full again)
        advance(RateLimiter.SWEEP_INTERVAL.plusSeconds(1));
        RateLimiter.Decision batcher = limiter.tryAcquire("batcher", 0);

        // then: the batcher is still in debt and told when it will have a token again; busy was forgotten
        assertThat(batcher.allowed()).isFalse();
        assertThat(batcher.retryAfter()).isEqualTo(Duration.ofMillis(7200)); // -90 + 55 paid back = -35: 36 tokens to one at 5/s
        assertThat(limiter.buckets()).isEqualTo(1);
    }

    @Test
    void shouldGiveAForgottenCallerTheAnswersOfOneThatWasRemembered() {
        // given: one caller forgotten after going quiet, and another kept (a sweep ran before it went quiet long enough)
        limiter.tryAcquire("forgotten", 0);
        advance(RateLimiter.SWEEP_INTERVAL.plusSeconds(1));
        limiter.tryAcquire("remembered", 0);
        assertThat(limiter.buckets()).isEqualTo(1);
        advance(Duration.ofSeconds(3));

        // when: both send 12 requests at once
        int forgottenAllowed = 0;
        int rememberedAllowed = 0;
        for (int i = 0; i < 12; i++) {
            forgottenAllowed += limiter.tryAcquire("forgotten", 0).allowed() ? 1 : 0;
            rememberedAllowed += limiter.tryAcquire("remembered", 0).allowed() ? 1 : 0;
        }

        // then: both get the full burst of 10, and the same Retry-After for the next
        assertThat(forgottenAllowed).isEqualTo(10);
        assertThat(rememberedAllowed).isEqualTo(10);
        assertThat(limiter.tryAcquire("forgotten", 0).retryAfter()).isEqualTo(limiter.tryAcquire("remembered", 0).retryAfter());
    }

    @Test
    void shouldRefuseOverTheRateWithTheTimeUntilTheNextToken() {
        for (int i = 0; i < 10; i++) {
            assertThat(limiter.tryAcquire("key", 0).allowed()).isTrue();
        }

        RateLimiter.Decision refused = limiter.tryAcquire("key", 0);

        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofMillis(200));
    }

    private void advance(Duration duration) {
        now.addAndGet(TimeUnit.NANOSECONDS.convert(duration));
    }
}
