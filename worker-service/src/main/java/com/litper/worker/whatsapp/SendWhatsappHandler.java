package com.litper.worker.whatsapp;

import com.litper.common.queue.DeferTask;
import com.litper.common.queue.PermanentTaskFailure;
import com.litper.common.queue.Task;
import com.litper.common.queue.TaskHandler;
import com.litper.common.queue.TaskPriority;
import com.litper.common.queue.TaskQueue;
import com.litper.common.queue.TaskRequest;
import com.litper.worker.config.WhatsappProperties;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

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
 * buyer, as a {@code whatsapp_sent} task; one about an order is also handed back to api-service,
 * which owns the order, as an {@code order_message} task (docs/whatsapp.md).
 */
@Component
class SendWhatsappHandler implements TaskHandler {

    static final String TYPE = "send_whatsapp";
    static final String ORDER_MESSAGE = "order_message";
    static final String WHATSAPP_SENT = "whatsapp_sent";

    private static final Logger log = LoggerFactory.getLogger(SendWhatsappHandler.class);

    private final JsonMapper json;
    private final CloudApiClient api;
    private final SendRateLimiter rateLimiter;
    private final BuyerTurns turns;
    private final WhatsappProperties properties;
    private final TaskQueue queue;
    private final Clock clock;

    SendWhatsappHandler(JsonMapper json, CloudApiClient api, SendRateLimiter rateLimiter, BuyerTurns turns,
            WhatsappProperties properties, TaskQueue queue, Clock clock) {
        this.json = json;
        this.api = api;
        this.rateLimiter = rateLimiter;
        this.turns = turns;
        this.properties = properties;
        this.queue = queue;
        this.clock = clock;
    }

    @Override
    public String taskType() {
        return TYPE;
    }

    @Override
    public void handle(Task task) throws InterruptedException {
        if (!properties.enabled()) {
            throw new PermanentTaskFailure("WhatsApp sending is disabled (litper.whatsapp.enabled=false); replay this task once it is enabled");
        }
        WhatsappMessage message = WhatsappMessage.parse(json, task.payload());
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
            throw new DeferTask(slot, "global WhatsApp rate limit: place booked in " + slot);
        }

        String messageId;
        try {
            messageId = api.send(message);
        } catch (CloudApiException e) {
            throw outcome(task, message, e);
        } catch (InterruptedException | RuntimeException e) {
            // The request may have reached WhatsApp: keep the buyer's spacing and place in line.
            turns.held(buyer, task.id(), Duration.ZERO);
            throw e;
        }
        turns.sent(buyer, task.id());
        log.atInfo().addKeyValue("whatsapp.message_id", messageId).addKeyValue("order.id", message.orderId())
                .addKeyValue("whatsapp.kind", message.freeText() ? "text" : "template:" + message.template())
                .log("WhatsApp message {} sent for order {} (task {})", messageId, message.orderId(), task.id());
        if (CloudApiClient.isMessageId(messageId)) {
            tellOwners(message, messageId);
        }
    }

    /**
     * Enqueues the {@code whatsapp_sent} of a sent message for chat-service and, when it is about an
     * order, its {@code order_message} for api-service. A failure here does not fail the task: the
     * buyer already has the message, and a failed task would be retried, sending it a second time
     * (the Cloud API cannot de-duplicate it). A duplicate message to the buyer is worse than a
     * conversation or an order history missing one text, so the failure is logged, with the ids to
     * repair it, and the task succeeds.
     */
    private void tellOwners(WhatsappMessage message, String messageId) {
        String sentAt = clock.instant().toString();
        String template = message.freeText() ? null : message.template();
        List<TaskRequest> tasks = new ArrayList<>();
        Map<String, Object> sent = new LinkedHashMap<>();
        sent.put("messageId", messageId);
        sent.put("to", "+" + message.recipient());
        sent.put("phoneNumberId", properties.phoneNumberId());
        sent.put("template", template);
        sent.put("language", message.language());
        sent.put("text", message.text());
        sent.put("orderId", message.orderId());
        sent.put("sentAt", sentAt);
        tasks.add(TaskRequest.of(WHATSAPP_SENT, json.writeValueAsString(sent), TaskPriority.NORMAL)
                .deduplicatedBy("whatsapp-sent:" + messageId));
        if (message.orderId() != null) {
            Map<String, Object> order = new LinkedHashMap<>();
            order.put("orderId", message.orderId());
            order.put("messageId", messageId);
            order.put("to", message.to());
            order.put("template", template);
            order.put("language", message.language());
            order.put("text", message.text());
            order.put("status", message.status());
            order.put("sentAt", sentAt);
            tasks.add(TaskRequest.of(ORDER_MESSAGE, json.writeValueAsString(order), TaskPriority.NORMAL)
                    .deduplicatedBy("order-message:" + messageId));
        }
        try {
            queue.enqueueAll(tasks);
        } catch (RuntimeException e) {
            log.atWarn().addKeyValue("order.id", message.orderId()).addKeyValue("whatsapp.message_id", messageId).setCause(e)
                    .log("WhatsApp message {} of order {} was sent, but its {} may not have been enqueued: chat-service may not"
                            + " know its text, nor api-service list it", messageId, message.orderId(),
                            tasks.stream().map(TaskRequest::type).toList());
        }
    }

    private RuntimeException outcome(Task task, WhatsappMessage message, CloudApiException failure) {
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
                yield new PermanentTaskFailure("WhatsApp rejected the message" + (message.orderId() == null ? "" : " of order " + message.orderId())
                        + ": " + error.describe(), failure);
            }
        };
    }
}
