package com.litper.worker.whatsapp;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Remembers which {@code send_whatsapp} tasks already reached WhatsApp. The Cloud API has no
 * idempotency key, so this record is what keeps a task that must run again (its follow-up tasks
 * could not be enqueued) from sending the buyer the same message twice.
 */
@Component
class SentMessages {

    /** Longer than any redelivery or retry of a task; an operator's replay of a dead letter within it is safe too. */
    static final Duration KEEP = Duration.ofDays(7);

    private final StringRedisTemplate redis;

    SentMessages(StringRedisTemplate redis) {
        this.redis = redis;
    }

    /** A sent message: WhatsApp's id and when it accepted it. */
    record Sent(String messageId, Instant sentAt) {
    }

    /** Records that the task's message was sent. */
    void record(String taskId, Sent sent) {
        redis.opsForValue().set(WhatsappKeys.sent(taskId), sent.sentAt().toEpochMilli() + " " + sent.messageId(), KEEP);
    }

    /** The message the task already sent, if it did. */
    Optional<Sent> find(String taskId) {
        String value = redis.opsForValue().get(WhatsappKeys.sent(taskId));
        if (value == null) {
            return Optional.empty();
        }
        int space = value.indexOf(' ');
        return Optional.of(new Sent(value.substring(space + 1), Instant.ofEpochMilli(Long.parseLong(value.substring(0, space)))));
    }
}
