package com.litper.worker.whatsapp;

import com.litper.common.queue.DeferTask;
import com.litper.common.queue.PermanentTaskFailure;
import com.litper.common.queue.Task;
import com.litper.common.contracts.OrderMessage;
import com.litper.common.contracts.SendWhatsapp;
import com.litper.common.contracts.WhatsappFailed;
import com.litper.common.contracts.WhatsappSent;
import com.litper.common.task.ContractHandler;
import com.litper.common.task.TaskPayload;
import com.litper.common.task.Tasks;
import com.litper.worker.config.WhatsappProperties;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Sends a {@code send_whatsapp} task's message to the buyer through the WhatsApp Business Cloud API,
 * following WhatsApp's rules rather than a generic limiter (docs/whatsapp.md):
 * <ol>
 *   <li>the buyer's turn: one message at a time per buyer, in enqueue order, one interval apart;</li>
 *   <li>a place in the business number's global rate limit, shared by all replicas;</li>
 *   <li>the send, whose failure is classified by WhatsApp's error code.</li>
 * </ol>
 * Every wait is a {@link DeferTask} (the task comes back later with the same attempt; nothing is
 * dropped); a message that can never be sent is a {@link PermanentTaskFailure} carrying WhatsApp's
 * code and words, so it lands in the dead letters at once.
 *
 * <p>Delivery is at least once: a send whose answer is lost (timeout, crash before the task is
 * acknowledged) is sent again, and the Cloud API has no idempotency key to prevent a duplicate.
 *
 * <p>A message that WhatsApp accepted is told to chat-service, which keeps the conversation with the
 * buyer, as a {@link WhatsappSent} task; one about an order is also handed back to api-service,
 * which owns the order, as an {@link OrderMessage} task (docs/whatsapp.md). Neither is ever dropped:
 * the send is recorded first ({@link SentMessages}), and when those tasks cannot be enqueued the task
 * fails and is retried, and its retry tells the owners without sending the message again. A message
 * WhatsApp refused for good is told to chat-service as a {@link WhatsappFailed} before the task is
 * dead-lettered, so the buyer's conversation shows it.
 */
@Component
class SendWhatsappHandler implements ContractHandler<SendWhatsapp> {

    private static final Logger log = LoggerFactory.getLogger(SendWhatsappHandler.class);

    private final CloudApiClient api;
    private final SendRateLimiter rateLimiter;
    private final BuyerTurns turns;
    private final WhatsappProperties properties;
    private final Tasks tasks;
    private final SentMessages sentMessages;
    private final Clock clock;
    private final WhatsappMetrics metrics;

    SendWhatsappHandler(CloudApiClient api, SendRateLimiter rateLimiter, BuyerTurns turns, WhatsappProperties properties, Tasks tasks,
            SentMessages sentMessages, Clock clock, WhatsappMetrics metrics) {
        this.api = api;
        this.rateLimiter = rateLimiter;
        this.turns = turns;
        this.properties = properties;
        this.tasks = tasks;
        this.sentMessages = sentMessages;
        this.clock = clock;
        this.metrics = metrics;
    }

    @Override
    public Class<SendWhatsapp> contract() {
        return SendWhatsapp.class;
    }

    @Override
    public void handle(SendWhatsapp payload, Task task) throws InterruptedException {
        if (!properties.enabled()) {
            throw new PermanentTaskFailure("WhatsApp sending is disabled (litper.whatsapp.enabled=false); replay this task once it is enabled");
        }
        WhatsappMessage message = WhatsappMessage.of(payload);
        String sendKey = payload.dedupKey();
        Optional<SentMessages.Sent> alreadySent = sentMessages.find(sendKey, task.id());
        if (alreadySent.isPresent()) {
            // An earlier attempt, or an earlier task of the same message (chat-service dispatches a message
            // again when its whatsapp_sent never came back), sent it: tell the owners, send nothing.
            log.atInfo().addKeyValue("whatsapp.message_id", alreadySent.get().messageId()).addKeyValue("order.id", message.orderId())
                    .log("WhatsApp message {} of task {} was already sent; telling its owners only", alreadySent.get().messageId(), task.id());
            tellOwners(message, alreadySent.get(), sendKey);
            return;
        }
        String buyer = message.recipient();

        // The buyer's turn first: a message that must wait for its buyer then spends no global place.
        BuyerTurns.Turn turn = turns.take(buyer, task.id(), task.enqueuedAt());
        if (!turn.granted()) {
            throw new DeferTask(turn.delay(), turn.reason() == BuyerTurns.Wait.PACED
                    ? "buyer messaged less than " + properties.perRecipientInterval() + " ago"
                    : "an earlier message to the buyer goes first");
        }
        Duration slot;
        try {
            slot = rateLimiter.book(task.id());
        } catch (RuntimeException e) {
            turns.released(buyer, task.id(), Duration.ZERO);
            throw e;
        }
        if (!slot.isZero()) {
            // The buyer's turn passes while the message waits for its booked place; it stays first in line.
            turns.released(buyer, task.id(), slot);
            metrics.deferredByRateLimit();
            throw new DeferTask(slot, "global WhatsApp rate limit: place booked in " + slot);
        }

        String messageId;
        try {
            messageId = api.send(message);
        } catch (CloudApiException e) {
            metrics.failed(e.error());
            throw outcome(task, message, e, sendKey);
        } catch (InterruptedException | RuntimeException e) {
            // The request may have reached WhatsApp: keep the buyer's spacing and place in line.
            turns.held(buyer, task.id(), Duration.ZERO);
            throw e;
        }
        turns.sent(buyer, task.id());
        metrics.sent();
        log.atInfo().addKeyValue("whatsapp.message_id", messageId).addKeyValue("order.id", message.orderId())
                .addKeyValue("whatsapp.kind", message.freeText() ? "text" : "template:" + message.template())
                .log("WhatsApp message {} sent for order {} (task {})", messageId, message.orderId(), task.id());
        if (CloudApiClient.isMessageId(messageId)) {
            SentMessages.Sent sent = new SentMessages.Sent(messageId, clock.instant());
            try {
                sentMessages.record(sendKey, task.id(), sent);
            } catch (RuntimeException e) {
                // Redis refused the record, so the follow-up enqueue below most likely fails too, and a
                // redelivery of this task cannot know the message went out: the one window where the
                // buyer may get it twice (docs/whatsapp.md).
                log.atWarn().addKeyValue("whatsapp.message_id", messageId).setCause(e)
                        .log("WhatsApp message {} of task {} was sent but could not be recorded as sent", messageId, task.id());
            }
            tellOwners(message, sent, sendKey);
        }
    }

    /**
     * Sends the {@link WhatsappSent} of a sent message for chat-service and, when it is about an order,
     * its {@link OrderMessage} for api-service. If Redis refuses them the task fails and is retried;
     * the retry finds the message recorded as sent and only tells the owners. Their de-duplication
     * keys (the message id) keep a repeat to one task each.
     */
    private void tellOwners(WhatsappMessage message, SentMessages.Sent sent, String sendKey) {
        String template = message.freeText() ? null : message.template();
        List<TaskPayload> owners = new ArrayList<>(2);
        owners.add(new WhatsappSent(sent.messageId(), "+" + message.recipient(), properties.phoneNumberId(), template, message.language(),
                message.text(), message.orderId(), sent.sentAt(), message.storeId(), message.chatMessageId(), sendKey));
        if (message.orderId() != null) {
            owners.add(new OrderMessage(UUID.fromString(message.orderId()), sent.messageId(), message.to(), template, message.language(),
                    message.text(), message.status(), sent.sentAt()));
        }
        tasks.sendAll(owners);
    }

    /**
     * Tells chat-service the message will never reach the buyer. Enqueued before the task is
     * dead-lettered: if the enqueue fails, that failure is not permanent, so the task runs again
     * (WhatsApp refuses the message again) instead of ending without chat-service hearing of it.
     * Its key, the task id, keeps a repeat to one.
     */
    private void reportFailure(Task task, WhatsappMessage message, GraphApiError error, String sendKey) {
        String template = message.freeText() ? null : message.template();
        tasks.send(new WhatsappFailed(task.id(), "+" + message.recipient(), properties.phoneNumberId(), message.storeId(),
                message.orderId(), template, message.language(), message.text(), error.code() == 0 ? null : error.code(), error.title(),
                clock.instant(), message.chatMessageId(), sendKey));
    }

    private RuntimeException outcome(Task task, WhatsappMessage message, CloudApiException failure, String sendKey) {
        GraphApiError error = failure.error();
        String buyer = message.recipient();
        return switch (error.kind()) {
            case BUYER_THROTTLED -> {
                Duration wait = properties.perRecipientInterval();
                turns.held(buyer, task.id(), wait);
                yield new DeferTask(wait, "WhatsApp pair rate limit: " + error.describe());
            }
            case THROTTLED -> {
                // A little jitter, so replicas throttled together do not all come back at the same instant.
                Duration base = properties.throttleBackoff();
                Duration wait = base.plusMillis(ThreadLocalRandom.current().nextLong(base.toMillis() / 5 + 1));
                turns.held(buyer, task.id(), wait);
                log.warn("WhatsApp throttled the business number, message of order {} waits {}: {}", message.orderId(), wait, error.describe());
                yield new DeferTask(wait, "WhatsApp throughput limit: " + error.describe());
            }
            case TRANSIENT -> {
                turns.held(buyer, task.id(), Duration.ZERO);
                yield failure;
            }
            case PERMANENT -> {
                turns.dropped(buyer, task.id());
                reportFailure(task, message, error, sendKey);
                yield new PermanentTaskFailure("WhatsApp rejected the message" + (message.orderId() == null ? "" : " of order " + message.orderId())
                        + ": " + error.describe(), failure);
            }
        };
    }
}
