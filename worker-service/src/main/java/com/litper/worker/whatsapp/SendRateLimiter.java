package com.litper.worker.whatsapp;

import com.litper.worker.config.WhatsappProperties;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * The business number's global rate limit (500 messages a minute by default), shared by every worker
 * replica through one Redis sorted set: a message over the limit gets a booked place later on and
 * waits for it; nothing is dropped. See bookSlot-1.lua.
 */
@Component
class SendRateLimiter {

    private static final RedisScript<Long> BOOK_SLOT =
            RedisScript.of(new ClassPathResource("com/litper/worker/whatsapp/lua/bookSlot-1.lua"), Long.class);

    private final StringRedisTemplate redis;
    private final WhatsappProperties properties;
    private final Clock clock;

    SendRateLimiter(StringRedisTemplate redis, WhatsappProperties properties, Clock clock) {
        this.redis = redis;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Takes a place for the message {@code ticket} (its task id): {@link Duration#ZERO} means send now;
     * otherwise a place is booked that far ahead, and asking again with the same ticket then returns zero.
     */
    Duration book(String ticket) {
        WhatsappProperties.RateLimit limit = properties.rateLimit();
        Long wait = redis.execute(BOOK_SLOT, List.of(WhatsappKeys.slots(properties.phoneNumberId())),
                Long.toString(clock.millis()), Long.toString(limit.window().toMillis()), Integer.toString(limit.messages()),
                Long.toString(limit.guard().toMillis()), ticket);
        return Duration.ofMillis(wait == null ? 0 : Math.max(wait, 0));
    }
}
