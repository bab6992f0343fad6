package com.litper.common.queue;

import java.time.Duration;
import java.util.Objects;

/**
 * How failed attempts are retried: up to {@code maxAttempts} attempts in all, waiting
 * {@code initialBackoff × multiplier^(n-1)} after the n-th failure (2 s, 4 s, 8 s by default).
 *
 * @param maxAttempts attempts a task gets before it becomes a dead letter, at least 1
 * @param initialBackoff wait after the first failed attempt
 * @param multiplier growth of the wait per further failed attempt, at least 1
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, double multiplier) {

    public static final RetryPolicy DEFAULT = new RetryPolicy(3, Duration.ofSeconds(2), 2.0);

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        if (initialBackoff.isNegative()) {
            throw new IllegalArgumentException("initialBackoff must not be negative, was " + initialBackoff);
        }
        if (multiplier < 1.0) {
            throw new IllegalArgumentException("multiplier must be at least 1, was " + multiplier);
        }
    }

    /** What happens after attempt number {@code attempt} (from 1) failed. */
    public RetryDecision afterFailedAttempt(int attempt) {
        if (attempt >= maxAttempts) {
            return RetryDecision.GIVE_UP;
        }
        double millis = initialBackoff.toMillis() * Math.pow(multiplier, attempt - 1);
        return RetryDecision.retryAfter(Duration.ofMillis((long) Math.min(millis, Long.MAX_VALUE / 2.0)));
    }
}
