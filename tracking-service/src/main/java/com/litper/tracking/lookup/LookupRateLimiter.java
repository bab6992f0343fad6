package com.litper.tracking.lookup;

import java.util.List;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.ClassPathResource;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Lookups per client IP, counted in Redis so the limit holds across every replica. When Redis is
 * unreachable the lookup is served unlimited: the limit protects the service, and buyers should
 * not lose their tracking page to a Redis outage.
 */
@Component
class LookupRateLimiter {

    private static final Logger log = LoggerFactory.getLogger(LookupRateLimiter.class);

    /** Prefix of the per-client counters; the IP in braces is the Redis Cluster hash tag. */
    static final String KEY_PREFIX = "litper:tracking:lookup-rate:";

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static final RedisScript<List<Long>> COUNT_REQUEST = (RedisScript) RedisScript.of(
            new ClassPathResource("com/litper/tracking/lookup/countRequest-1.lua"), List.class);

    private final StringRedisTemplate redis;
    private final LookupProperties properties;

    LookupRateLimiter(StringRedisTemplate redis, LookupProperties properties) {
        this.redis = redis;
        this.properties = properties;
    }

    /** Counts a lookup of {@code clientIp}; returns the seconds to wait when it is over the limit, else empty. */
    OptionalLong acquire(String clientIp) {
        List<Long> counted;
        try {
            counted = redis.execute(COUNT_REQUEST, List.of(KEY_PREFIX + "{" + clientIp + "}"),
                    Long.toString(properties.window().toMillis()));
        } catch (DataAccessException e) {
            log.warn("Tracking lookup served without rate limit, Redis unavailable: {}", e.getMessage());
            return OptionalLong.empty();
        }
        if (counted == null || counted.get(0) <= properties.requestsPerWindow()) {
            return OptionalLong.empty();
        }
        long remainingMs = counted.get(1);
        return OptionalLong.of(Math.max(1, (remainingMs + 999) / 1000));
    }
}
