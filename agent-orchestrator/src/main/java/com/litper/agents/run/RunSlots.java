package com.litper.agents.run;

import com.litper.agents.config.AgentProperties;
import java.util.List;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * At most {@code litper.agents.max-concurrent-runs} runs at once across every replica: a counting
 * semaphore in Redis whose permits are leases (a ZSET of holders scored by expiry), taken, renewed and
 * counted by Lua scripts so each check-and-take is atomic. Written here because neither Spring Data
 * Redis nor Resilience4j has one: Resilience4j's Bulkhead counts one JVM's calls, not the cluster's,
 * and a plain counter (INCR/DECR) would leak the permits of a pod that crashed mid-run; an expired
 * lease gives its slot back by itself.
 */
@Component
class RunSlots {

    private static final RedisScript<Long> ACQUIRE = script("acquireSlot-1.lua");
    private static final RedisScript<Long> RENEW = script("renewSlot-1.lua");
    private static final RedisScript<Long> COUNT = script("countSlots-1.lua");

    private final StringRedisTemplate redis;
    private final AgentProperties properties;

    RunSlots(StringRedisTemplate redis, AgentProperties properties) {
        this.redis = redis;
        this.properties = properties;
    }

    /** Takes a slot for {@code holder} if one is free; answers whether it holds one now. */
    boolean tryAcquire(String holder) {
        return Long.valueOf(1).equals(redis.execute(ACQUIRE, List.of(AgentKeys.slots()), holder,
                Long.toString(properties.slotLease().toMillis()), Integer.toString(properties.maxConcurrentRuns())));
    }

    /** Extends the holder's lease; false when it had expired and was lost. */
    boolean renew(String holder) {
        return Long.valueOf(1).equals(redis.execute(RENEW, List.of(AgentKeys.slots()), holder, Long.toString(properties.slotLease().toMillis())));
    }

    void release(String holder) {
        redis.opsForZSet().remove(AgentKeys.slots(), holder);
    }

    /** Runs holding a slot now, across the cluster. */
    long held() {
        Long held = redis.execute(COUNT, List.of(AgentKeys.slots()));
        return held == null ? 0 : held;
    }

    static RedisScript<Long> script(String name) {
        return RedisScript.of(new ClassPathResource("com/litper/agents/run/lua/" + name), Long.class);
    }
}
