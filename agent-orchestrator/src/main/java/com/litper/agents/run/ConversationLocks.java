package com.litper.agents.run;

import com.litper.agents.config.AgentProperties;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * One run per conversation at a time: a Redis lock with a lease ({@code SET NX PX}, renewed and
 * released only by its holder's token through Lua). Small enough to write here rather than bring in
 * Spring Integration's lock registry; the lease frees the lock of a run whose pod died.
 */
@Component
class ConversationLocks {

    private static final RedisScript<Long> RENEW = RunSlots.script("renewLock-1.lua");
    private static final RedisScript<Long> RELEASE = RunSlots.script("releaseLock-1.lua");

    private final StringRedisTemplate redis;
    private final AgentProperties properties;

    ConversationLocks(StringRedisTemplate redis, AgentProperties properties) {
        this.redis = redis;
        this.properties = properties;
    }

    /** The lock's token when taken; empty when another run holds the conversation. */
    Optional<String> tryLock(UUID conversation) {
        String token = UUID.randomUUID().toString();
        Boolean taken = redis.opsForValue().setIfAbsent(AgentKeys.lock(conversation), token, properties.slotLease());
        return Boolean.TRUE.equals(taken) ? Optional.of(token) : Optional.empty();
    }

    boolean renew(UUID conversation, String token) {
        return Long.valueOf(1).equals(redis.execute(RENEW, List.of(AgentKeys.lock(conversation)), token,
                Long.toString(properties.slotLease().toMillis())));
    }

    void release(UUID conversation, String token) {
        redis.execute(RELEASE, List.of(AgentKeys.lock(conversation)), token);
    }
}
