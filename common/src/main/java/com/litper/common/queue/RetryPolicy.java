package com.litper.common.queue;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * How failed attempts are retried: up to {@code maxAttempts} attempts in all, waiting about
 * {@code initialBackoff × multiplier^(n-1)} after the n-th failure — the base backoff, 2 s, 4 s,
 * 8 s by default — spread by {@code jitter}.
 *
 * <p>Jitter matters when many tasks fail together (a carrier's API goes down for a minute): without
 * it they all come back at the same instant and hit the recovering service as one wave. The
 * default, {@link Jitter#EQUAL}, waits between half the base and the base.
 *
 * @param maxAttempts attempts a task gets before it becomes a dead letter, at least 1
 * @param initialBackoff base wait after the first failed attempt
 * @param multiplier growth of the base wait per further failed attempt, at least 1
 * @param jitter how the actual wait is drawn from the base
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, double multiplier, Jitter jitter) {

    /** 3 attempts; waits drawn from 1–2 s, then 2–4 s (the seed's 2 s, 4 s, 8 s with equal jitter). */
    public static final RetryPolicy DEFAULT = new RetryPolicy(3, Duration.ofSeconds(2), 2.0, Jitter.EQUAL);

    /** How the wait before a retry is drawn from the base backoff {@code b}. */
    public enum Jitter {

        /** Exactly {@code b}: every task that failed together comes back together. */
        NONE {
            @Override
            long apply(long baseMillis, RandomGenerator random) {
                return baseMillis;
            }
        },
        /** Uniformly from 0 to {@code b} ("full jitter"): spreads retries the most, but a retry may come at once. */
        FULL {
            @Override
            long apply(long baseMillis, RandomGenerator random) {
                return random.nextLong(baseMillis + 1);
            }
        },
        /** Uniformly from {@code b}/2 to {@code b} ("equal jitter"): spread out, yet never sooner than half the base. */
        EQUAL {
            @Override
            long apply(long baseMillis, RandomGenerator random) {
                long half = baseMillis / 2;
                return baseMillis - half + random.nextLong(half + 1);
            }
        };

        abstract long apply(long baseMillis, RandomGenerator random);
    }

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
        Objects.requireNonNull(jitter, "jitter");
    }

    /** A policy without jitter: every wait is exactly the base backoff. */
    public RetryPolicy(int maxAttempts, Duration initialBackoff, double multiplier) {
        this(maxAttempts, initialBackoff, multiplier, Jitter.NONE);
    }

    /** The same policy with another jitter. */
    public RetryPolicy withJitter(Jitter other) {
        return new RetryPolicy(maxAttempts, initialBackoff, multiplier, other);
    }

    /** The wait after failed attempt number {@code attempt} (from 1) before jitter: {@code initialBackoff × multiplier^(attempt-1)}. */
    public Duration baseBackoff(int attempt) {
        double millis = initialBackoff.toMillis() * Math.pow(multiplier, Math.max(0, attempt - 1));
        return Duration.ofMillis((long) Math.min(millis, Long.MAX_VALUE / 2.0));
    }

    /** What happens after attempt number {@code attempt} (from 1) failed. */
    public RetryDecision afterFailedAttempt(int attempt) {
        return afterFailedAttempt(attempt, ThreadLocalRandom.current());
    }

    /** What happens after attempt number {@code attempt} (from 1) failed, with the jitter drawn from {@code random}. */
    public RetryDecision afterFailedAttempt(int attempt, RandomGenerator random) {
        if (attempt >= maxAttempts) {
            return RetryDecision.GIVE_UP;
        }
        return RetryDecision.retryAfter(Duration.ofMillis(jitter.apply(baseBackoff(attempt).toMillis(), random)));
    }
}
