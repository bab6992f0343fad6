package com.litper.chat.conversation;

import com.litper.common.queue.PermanentTaskFailure;
import com.litper.common.queue.Task;
import com.litper.common.queue.TaskHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Records the text of a message Litper sent ({@code whatsapp_sent}, from worker-service) in the
 * buyer's conversation. The message's status webhooks may come before or after this task; either
 * way one row results, with this text and the furthest status WhatsApp reported.
 *
 * <p>A payload that can never be recorded (malformed, or sent from a number no store is configured
 * for) fails permanently with the reason, so it waits in the {@code chat} queue's dead letters to
 * be replayed once fixed, instead of spending attempts.
 */
@Component
class WhatsappSentHandler implements TaskHandler {

    /** The task type; routed by {@code litper.queue.routes.whatsapp_sent}. */
    static final String TASK_TYPE = "whatsapp_sent";

    private static final Logger log = LoggerFactory.getLogger(WhatsappSentHandler.class);
    /** As {@code chat.conversation.buyer_phone} is checked: a number the table refuses would only fail again. */
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{7,14}");

    private final MessageStore store;
    private final JsonMapper json;

    WhatsappSentHandler(MessageStore store, JsonMapper json) {
        this.store = store;
        this.json = json;
    }

    @Override
    public String taskType() {
        return TASK_TYPE;
    }

    @Override
    public void handle(Task task) {
        SentMessage message = parse(task.payload());
        try {
            MessageStore.Sent outcome = store.recordSent(message);
            log.atInfo().addKeyValue("whatsapp.message_id", message.messageId()).addKeyValue("order.id", message.orderId())
                    .log("WhatsApp message {} sent from {}: {}", message.messageId(), message.phoneNumberId(), outcome.describe());
        } catch (UnknownStoreException e) {
            throw new PermanentTaskFailure(e.getMessage(), e);
        }
    }

    private SentMessage parse(String payload) {
        SentMessage message;
        try {
            message = json.readValue(payload, SentMessage.class);
        } catch (JacksonException e) {
            throw new PermanentTaskFailure(TASK_TYPE + " payload is not valid: " + e.getOriginalMessage());
        }
        if (message == null) {
            throw new PermanentTaskFailure(TASK_TYPE + " payload is null");
        }
        List<String> problems = new ArrayList<>();
        if (blank(message.messageId())) {
            problems.add("messageId");
        }
        if (message.to() == null || !E164.matcher(message.to()).matches()) {
            problems.add("to (E.164)");
        }
        if (blank(message.phoneNumberId())) {
            problems.add("phoneNumberId");
        }
        if (message.text() == null && blank(message.template())) {
            problems.add("text or template");
        }
        if (message.sentAt() == null) {
            problems.add("sentAt");
        }
        if (!problems.isEmpty()) {
            // The payload itself stays out of the message: it holds the buyer's phone and text.
            throw new PermanentTaskFailure(TASK_TYPE + " payload" + (blank(message.messageId()) ? "" : " of " + message.messageId())
                    + " lacks " + String.join(", ", problems));
        }
        return message;
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
