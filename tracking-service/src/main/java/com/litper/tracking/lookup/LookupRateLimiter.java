package com.litper.tracking.lookup;

import com.litper.common.ratelimit.RedisGuard;
import com.litper.common.ratelimit.SpringRedisApi;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.OptionalLong;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.stereotype.Component;

/**
 * Lookups per client IP: a Bucket4j token bucket per IP, kept in Redis so the limit holds across
 * every replica. A bucket holds {@code requestsPerWindow} tokens and gets all of them back once per
 * window, counted from the client's first lookup; it expires from Redis when it would be full
 * again, so idle clients leave nothing behind.
 *
 * <p>When Redis is unreachable the limiter fails open to a bucket in this replica's memory: buyers
 * keep their tracking page through a Redis outage (the limit protects the service, not a secret),
 * and each replica still slows down a single client hammering it.
 */
@Component
class LookupRateLimiter {

    /** Prefix of the per-client buckets; the IP in braces is the Redis Cluster hash tag. */
    static final String KEY_PREFIX = "litper:tracking:lookup-rate:";

    /** Clients a replica tracks in memory while Redis is down. */
    private static final int MAX_LOCAL_CLIENTS = 10_000;

    private final ProxyManager<byte[]> buckets;
    private final BucketConfiguration configuration;
    private final LocalBuckets local;
    private final RedisGuard redis = new RedisGuard("Shared tracking lookup limit (this replica limits alone meanwhile)");

    LookupRateLimiter(LettuceConnectionFactory connections, LookupProperties properties) {
        Bandwidth limit = Bandwidth.builder()
                .capacity(properties.requestsPerWindow())
                .refillIntervally(properties.requestsPerWindow(), properties.window())
                .build();
        this.configuration = BucketConfiguration.builder().addLimit(limit).build();
        this.buckets = new Bucket4jLettuce.LettuceBasedProxyManagerBuilder<>(new SpringRedisApi<byte[]>(connections))
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ZERO))
                .build();
        this.local = new LocalBuckets(limit, MAX_LOCAL_CLIENTS);
    }

    /** Counts a lookup of {@code clientIp}; returns the seconds to wait when it is over the limit, else empty. */
    OptionalLong acquire(String clientIp) {
        // While Redis is unavailable (RedisGuard logs when it goes and comes back), this replica alone limits.
        ConsumptionProbe probe = redis.call(() -> buckets.builder().build(key(clientIp), configuration).tryConsumeAndReturnRemaining(1))
                .orElseGet(() -> local.of(clientIp).tryConsumeAndReturnRemaining(1));
        if (probe.isConsumed()) {
            return OptionalLong.empty();
        }
        long nanos = probe.getNanosToWaitForRefill();
        return OptionalLong.of(Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L));
    }

    static byte[] key(String clientIp) {
        return (KEY_PREFIX + "{" + clientIp + "}").getBytes(StandardCharsets.UTF_8);
    }
}
