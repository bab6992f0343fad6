package com.litper.analytics.carrierchoice;

import com.litper.common.carrier.PublishedCarrierChoice;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Writes and reads a store's carrier choices in Redis, where worker-service reads them ({@link PublishedCarrierChoice}). */
@Component
class ChoicePublisher {

    private static final DefaultRedisScript<Long> REPLACE = new DefaultRedisScript<>();

    static {
        REPLACE.setLocation(new ClassPathResource("com/litper/analytics/carrierchoice/replaceChoices-1.lua"));
        REPLACE.setResultType(Long.class);
    }

    private final StringRedisTemplate redis;
    private final JsonMapper json;

    ChoicePublisher(StringRedisTemplate redis, JsonMapper json) {
        this.redis = redis;
        this.json = json;
    }

    /** The hash field holding the version of the rule the choices were computed from; worker-service never reads it. */
    static final String VERSION_FIELD = "version";

    /**
     * Replaces the store's published choices with {@code fields}, expiring after {@code ttl}, unless
     * choices of a newer version of the rule are published already; returns whether it replaced them.
     */
    boolean publish(UUID store, Map<String, PublishedCarrierChoice> fields, Duration ttl, long ruleVersion) {
        List<String> args = new ArrayList<>(2 + 2 * fields.size());
        args.add(Long.toString(ttl.toMillis()));
        args.add(Long.toString(ruleVersion));
        fields.forEach((field, choice) -> {
            args.add(field);
            args.add(json.writeValueAsString(choice));
        });
        Long written = redis.execute(REPLACE, List.of(PublishedCarrierChoice.key(store)), args.toArray());
        return written != null && written >= 0;
    }

    /** What is published for the store now, by field, and the time left before it expires. */
    Published current(UUID store) {
        String key = PublishedCarrierChoice.key(store);
        Map<Object, Object> entries = redis.opsForHash().entries(key);
        Map<String, PublishedCarrierChoice> fields = new TreeMap<>();
        entries.forEach((field, value) -> {
            if (!VERSION_FIELD.equals(field.toString())) {
                fields.put(field.toString(), json.readValue(value.toString(), PublishedCarrierChoice.class));
            }
        });
        Long ttl = fields.isEmpty() ? null : redis.getExpire(key);
        return new Published(fields, ttl == null || ttl < 0 ? null : Duration.ofSeconds(ttl));
    }

    record Published(Map<String, PublishedCarrierChoice> fields, Duration expiresIn) {
    }
}
