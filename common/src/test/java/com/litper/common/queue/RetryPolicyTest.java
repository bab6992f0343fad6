package com.litper.common.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** Backoff: the seed's 2 s, 4 s, 8 s as the base, and the jitter drawn around it, within its bounds. */
class RetryPolicyTest {

    /** A random source that always draws its lowest or its highest value. */
    private static RandomGenerator extreme(boolean highest) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                throw new UnsupportedOperationException();
            }

            @Override
            public long nextLong(long bound) {
                return highest ? bound - 1 : 0;
            }
        };
    }

    @Test
    void theBaseBackoffIsTheSeedsTwoFourEightSeconds() {
        RetryPolicy policy = RetryPolicy.DEFAULT;
        assertThat(policy.maxAttempts()).isEqualTo(3);
        assertThat(policy.jitter()).isEqualTo(RetryPolicy.Jitter.EQUAL);
        assertThat(policy.baseBackoff(1)).isEqualTo(Duration.ofSeconds(2));
        assertThat(policy.baseBackoff(2)).isEqualTo(Duration.ofSeconds(4));
        assertThat(policy.baseBackoff(3)).isEqualTo(Duration.ofSeconds(8));
        assertThat(policy.afterFailedAttempt(3)).isEqualTo(RetryDecision.GIVE_UP);
        RetryPolicy exact = new RetryPolicy(4, Duration.ofSeconds(2), 2.0);
        assertThat(exact.jitter()).isEqualTo(RetryPolicy.Jitter.NONE);
        assertThat(exact.afterFailedAttempt(1)).isEqualTo(RetryDecision.retryAfter(Duration.ofSeconds(2)));
        assertThat(exact.afterFailedAttempt(3)).isEqualTo(RetryDecision.retryAfter(Duration.ofSeconds(8)));
    }

    @Test
    void equalJitterWaitsBetweenHalfTheBaseAndTheBase() {
        RetryPolicy policy = RetryPolicy.DEFAULT;
        assertThat(policy.afterFailedAttempt(1, extreme(false)).backoff()).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.afterFailedAttempt(1, extreme(true)).backoff()).isEqualTo(Duration.ofSeconds(2));
        assertThat(policy.afterFailedAttempt(2, extreme(false)).backoff()).isEqualTo(Duration.ofSeconds(2));
        assertThat(policy.afterFailedAttempt(2, extreme(true)).backoff()).isEqualTo(Duration.ofSeconds(4));

        SplittableRandom random = new SplittableRandom(42);
        long lowest = Long.MAX_VALUE;
        long highest = 0;
        for (int i = 0; i < 10_000; i++) {
            long millis = policy.afterFailedAttempt(2, random).backoff().toMillis();
            assertThat(millis).isBetween(2000L, 4000L);
            lowest = Math.min(lowest, millis);
            highest = Math.max(highest, millis);
        }
        // Spread over the whole range, not stuck at one end.
        assertThat(lowest).isLessThan(2100);
        assertThat(highest).isGreaterThan(3900);
    }

    @Test
    void fullJitterWaitsBetweenZeroAndTheBase() {
        RetryPolicy policy = RetryPolicy.DEFAULT.withJitter(RetryPolicy.Jitter.FULL);
        assertThat(policy.afterFailedAttempt(1, extreme(false)).backoff()).isZero();
        assertThat(policy.afterFailedAttempt(1, extreme(true)).backoff()).isEqualTo(Duration.ofSeconds(2));

        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 10_000; i++) {
            assertThat(policy.afterFailedAttempt(1, random).backoff().toMillis()).isBetween(0L, 2000L);
        }
    }

    @Test
    void aZeroBackoffStaysZeroWithAnyJitter() {
        for (RetryPolicy.Jitter jitter : RetryPolicy.Jitter.values()) {
            assertThat(new RetryPolicy(2, Duration.ZERO, 1.0, jitter).afterFailedAttempt(1).backoff()).isZero();
        }
    }
}
