package com.litper.worker.whatsapp;

import com.litper.worker.config.WhatsappProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Per-buyer pacing and order, shared by every replica through Redis: one message at a time per buyer,
 * at least {@code per-recipient-interval} apart (WhatsApp's pair rate limit), in enqueue order,
 * without holding up other buyers. See takeTurn-3.lua and endTurn-3.lua.
 */
@Component
class BuyerTurns {

    private static final Logger log = LoggerFactory.getLogger(BuyerTurns.class);

    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> TAKE_TURN =
            RedisScript.of(new ClassPathResource("com/litper/worker/whatsapp/lua/takeTurn-3.lua"), List.class);
    private static final RedisScript<Long> END_TURN =
            RedisScript.of(new ClassPathResource("com/litper/worker/whatsapp/lua/endTurn-3.lua"), Long.class);

    private final StringRedisTemplate redis;
    private final WhatsappProperties properties;
    private final Clock clock;

    BuyerTurns(StringRedisTemplate redis, WhatsappProperties properties, Clock clock) {
        this.redis = redis;
        this.properties = properties;
        this.clock = clock;
    }

    /** Whether the message may go to the buyer now, or how long it must wait and why. */
    record Turn(Wait reason, Duration delay) {

        boolean granted() {
            return reason == Wait.NONE;
        }
    }

    enum Wait {
        /** Its turn: the caller holds the buyer until it ends the turn. */
        NONE,
        /** The buyer got a message less than the interval ago. */
        PACED,
        /** An earlier message to the buyer has not gone yet. */
        BEHIND_EARLIER
    }

    Turn take(String buyer, String taskId, Instant enqueuedAt) {
        List<?> answer = redis.execute(TAKE_TURN, keys(buyer), Long.toString(clock.millis()), taskId,
                Long.toString(enqueuedAt.toEpochMilli()), Long.toString(properties.perRecipientInterval().toMillis()),
                Long.toString(properties.timeout().toMillis()), Long.toString(properties.orderGrace().toMillis()));
        long code = ((Number) answer.get(0)).longValue();
        Duration delay = Duration.ofMillis(((Number) answer.get(1)).longValue());
        Wait reason = code == 0 ? Wait.NONE : code == 1 ? Wait.PACED : Wait.BEHIND_EARLIER;
        return new Turn(reason, delay);
    }

    /** The message reached WhatsApp: the buyer's next message may go one interval from now. */
    void sent(String buyer, String taskId) {
        end(buyer, taskId, "sent", Duration.ZERO);
    }

    /** The message will never be sent: the buyer's next message need not wait for it. */
    void dropped(String buyer, String taskId) {
        end(buyer, taskId, "dropped", Duration.ZERO);
    }

    /** The message may have reached WhatsApp and will be tried again after {@code backIn}, still first in line. */
    void held(String buyer, String taskId, Duration backIn) {
        end(buyer, taskId, "held", backIn);
    }

    /** The message was not sent and comes back after {@code backIn}, still first in line; the turn passes at once. */
    void released(String buyer, String taskId, Duration backIn) {
        end(buyer, taskId, "released", backIn);
    }

    private void end(String buyer, String taskId, String outcome, Duration backIn) {
        try {
            long now = clock.millis();
            redis.execute(END_TURN, keys(buyer), taskId, outcome, Long.toString(properties.perRecipientInterval().toMillis()),
                    Long.toString(now + backIn.toMillis()), Long.toString(now), Long.toString(properties.orderGrace().toMillis()));
        } catch (RuntimeException e) {
            // The task's outcome stands regardless: the turn expires by itself after interval + timeout,
            // and a forgotten pending entry after its grace.
            log.warn("Could not end the WhatsApp turn of task {} ({}): {}", taskId, outcome, e.toString());
        }
    }

    private List<String> keys(String buyer) {
        String number = properties.phoneNumberId();
        return List.of(WhatsappKeys.turn(number, buyer), WhatsappKeys.pending(number, buyer), WhatsappKeys.expected(number, buyer));
    }
}
