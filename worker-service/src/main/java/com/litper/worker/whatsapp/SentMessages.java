package com.litper.worker.whatsapp;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Remembers which messages already reached WhatsApp. The Cloud API has no idempotency key, so this
 * record is what keeps a task that must run again (its follow-up tasks could not be enqueued) from
 * sending the buyer the same message twice. A message is named by its send's de-duplication key
 * ({@code SendWhatsapp.dedupKey()}) when it has one, so a second task of the same message — chat-service
 * dispatches it again when its {@code whatsapp_sent} never came back — finds it too; by its task
 * otherwise.
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

    /** Records that the message was sent: under its send's key when it has one ({@code sendKey} may be null), else under the task. */
    void record(String sendKey, String taskId, Sent sent) {
        redis.opsForValue().set(key(sendKey, taskId), sent.sentAt().toEpochMilli() + " " + sent.messageId(), KEEP);
    }

    /**
     * The message already sent under the send's key, or by this task, if it was. The task is looked
     * at too: a task that a worker of the release before recorded by its id only.
     */
    Optional<Sent> find(String sendKey, String taskId) {
        Optional<Sent> sent = find(key(sendKey, taskId));
        return sent.isPresent() || sendKey == null ? sent : find(WhatsappKeys.sent(taskId));
    }

    private static String key(String sendKey, String taskId) {
        return sendKey != null ? WhatsappKeys.sentMessage(sendKey) : WhatsappKeys.sent(taskId);
    }

    private Optional<Sent> find(String key) {
        String value = redis.opsForValue().get(key);
        if (value == null) {
            return Optional.empty();
        }
        int space = value.indexOf(' ');
        return Optional.of(new Sent(value.substring(space + 1), Instant.ofEpochMilli(Long.parseLong(value.substring(0, space)))));
    }
}
