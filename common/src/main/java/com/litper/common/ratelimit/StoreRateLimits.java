package com.litper.common.ratelimit;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * One Bucket4j token bucket per store and service, kept in Redis so every replica counts against the
 * same limit: a noisy store runs out of its own tokens, never another store's. A bucket refills
 * completely once per window and expires from Redis when it would be full again.
 *
 * <p>When Redis is unreachable requests are let through: the limit protects fairness between
 * stores, and a Redis outage already degrades the service enough.
 */
public final class StoreRateLimits {

    /** Prefix of the buckets; the store id in braces is the Redis Cluster hash tag. */
    static final String KEY_PREFIX = "litper:ratelimit:";

    /**
     * A store's limit.
     *
     * @param requests requests a store may make per window
     * @param window the window, after which the bucket is full again
     */
    public record Limit(int requests, Duration window) {

        public Limit {
            if (requests < 1 || window.isNegative() || window.isZero()) {
                throw new IllegalArgumentException("A rate limit needs at least 1 request per positive window, was " + requests + " per " + window);
            }
        }

        BucketConfiguration bucket() {
            return BucketConfiguration.builder()
                    .addLimit(Bandwidth.builder().capacity(requests).refillIntervally(requests, window).build())
                    .build();
        }
    }

    /**
     * What one request got.
     *
     * @param allowed whether it may proceed
     * @param limit the limit it counted against
     * @param remaining requests left in the window
     * @param secondsToReset seconds until the bucket has tokens again (when refused) or is full again
     */
    public record Decision(boolean allowed, Limit limit, long remaining, long secondsToReset) {
    }

    private final ProxyManager<byte[]> buckets;
    private final String service;
    private final Limit defaultLimit;
    private final Map<UUID, Limit> perStore;
    private final RedisGuard redis = new RedisGuard("Per-store rate limit");

    public StoreRateLimits(LettuceConnectionFactory connections, String service, Limit defaultLimit, Map<UUID, Limit> perStore) {
        this.buckets = new Bucket4jLettuce.LettuceBasedProxyManagerBuilder<>(new SpringRedisApi<byte[]>(connections))
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ZERO))
                .build();
        this.service = service;
        this.defaultLimit = defaultLimit;
        this.perStore = Map.copyOf(perStore);
    }

    /** Counts one request of the store; empty when Redis could not be asked (the request proceeds). */
    public Optional<Decision> acquire(UUID store) {
        Limit limit = perStore.getOrDefault(store, defaultLimit);
        Optional<ConsumptionProbe> asked = redis.call(() -> buckets.builder().build(key(store, limit), limit::bucket).tryConsumeAndReturnRemaining(1));
        if (asked.isEmpty()) {
            return Optional.empty(); // Redis unavailable: let through (RedisGuard logs when it goes and comes back)
        }
        ConsumptionProbe probe = asked.get();
        long wait = probe.isConsumed() ? probe.getNanosToWaitForReset() : probe.getNanosToWaitForRefill();
        return Optional.of(new Decision(probe.isConsumed(), limit, probe.getRemainingTokens(), seconds(wait)));
    }

    /** The limit is part of the key, so a changed limit starts a bucket of its own instead of keeping the old one. */
    private byte[] key(UUID store, Limit limit) {
        return (KEY_PREFIX + service + ":" + limit.requests() + "/" + limit.window().toSeconds() + ":{" + store + "}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static long seconds(long nanos) {
        return Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
    }
}
