package com.litper.chat.conversation;

import com.litper.chat.inbox.Conversations;
import com.litper.chat.inbox.Replies;
import com.litper.common.contracts.WhatsappSent;
import com.litper.common.queue.PermanentTaskFailure;
import com.litper.common.queue.Task;
import com.litper.common.task.ContractHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Records the text of a message Litper sent ({@code whatsapp_sent}, from worker-service) in the
 * buyer's conversation. The message's status webhooks may come before or after this task; either
 * way one row results, with this text and the furthest status WhatsApp reported; for a reply written
 * in the inbox that row is the reply itself ({@code chatMessageId}). Idempotent: the
 * message id is unique, so a repeated task changes nothing.
 *
 * <p>A payload that can never be recorded (invalid, or sent from a number no store is configured
 * for) fails permanently with the reason, so it waits in the {@code chat} queue's dead letters to
 * be replayed once fixed, instead of spending attempts.
 */
@Component
class WhatsappSentHandler implements ContractHandler<WhatsappSent> {

    private static final Logger log = LoggerFactory.getLogger(WhatsappSentHandler.class);

    private final MessageStore store;
    private final Replies replies;
    private final Conversations conversations;

    WhatsappSentHandler(MessageStore store, Replies replies, Conversations conversations) {
        this.store = store;
        this.replies = replies;
        this.conversations = conversations;
    }

    @Override
    public Class<WhatsappSent> contract() {
        return WhatsappSent.class;
    }

    @Override
    public void handle(WhatsappSent sent, Task task) {
        SentMessage message = SentMessage.of(sent);
        // A reply written in the inbox is recorded already: it only gets WhatsApp's id and status.
        if (sent.chatMessageId() != null && replies.sent(sent)) {
            log.atInfo().addKeyValue("whatsapp.message_id", message.messageId())
                    .log("WhatsApp message {} sent from {}: reply {} of the inbox", message.messageId(), message.phoneNumberId(),
                            sent.chatMessageId());
            return;
        }
        try {
            MessageStore.Sent outcome = store.recordSent(message);
            if (outcome != MessageStore.Sent.UNCHANGED) {
                conversations.messageRecorded(message.messageId());
            }
            log.atInfo().addKeyValue("whatsapp.message_id", message.messageId()).addKeyValue("order.id", message.orderId())
                    .log("WhatsApp message {} sent from {}: {}", message.messageId(), message.phoneNumberId(), outcome.describe());
        } catch (UnknownStoreException e) {
            throw new PermanentTaskFailure(e.getMessage(), e);
        }
    }
}
