package com.litper.chat.conversation;

import com.litper.chat.inbox.Conversations;
import com.litper.chat.inbox.Replies;
import com.litper.common.contracts.WhatsappFailed;
import com.litper.common.queue.PermanentTaskFailure;
import com.litper.common.queue.Task;
import com.litper.common.task.ContractHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Shows a message WhatsApp refused for good ({@code whatsapp_failed}, from worker-service) in the
 * buyer's conversation: an OUTBOUND message with status FAILED, WhatsApp's error code and title, and
 * the words the buyer would have read; a reply written in the inbox is that message already
 * ({@code chatMessageId}) and becomes FAILED. Idempotent: one row per send task.
 *
 * <p>A payload that can never be recorded (sent from a number no store is configured for, without a
 * store of its own) fails permanently with the reason, like {@code whatsapp_sent}.
 */
@Component
class WhatsappFailedHandler implements ContractHandler<WhatsappFailed> {

    private static final Logger log = LoggerFactory.getLogger(WhatsappFailedHandler.class);

    private final MessageStore store;
    private final Replies replies;
    private final Conversations conversations;

    WhatsappFailedHandler(MessageStore store, Replies replies, Conversations conversations) {
        this.store = store;
        this.replies = replies;
        this.conversations = conversations;
    }

    @Override
    public Class<WhatsappFailed> contract() {
        return WhatsappFailed.class;
    }

    @Override
    public void handle(WhatsappFailed failed, Task task) {
        boolean recorded;
        // A reply written in the inbox is recorded already: it only becomes FAILED.
        if (failed.chatMessageId() != null && replies.failed(failed)) {
            recorded = true;
        } else {
            try {
                recorded = store.recordFailed(failed);
            } catch (UnknownStoreException e) {
                throw new PermanentTaskFailure(e.getMessage(), e);
            }
            if (recorded) {
                conversations.messageFailed(failed.sendTaskId());
            }
        }
        if (!recorded) {
            return;
        }
        log.atWarn().addKeyValue("order.id", failed.orderId()).addKeyValue("store.id", failed.storeId())
                .addKeyValue("whatsapp.error_code", failed.errorCode())
                .log("WhatsApp refused a message of order {} for good: {} {}", failed.orderId(), failed.errorCode(), failed.errorTitle());
        // Whoever controls the conversation must act on it (reach the buyer another way, send the
        // template once the window is closed, fix the number with the store). A conversation the AI
        // controlled is handed to a person (Conversations.messageFailed): the agent only writes free text
        // on WhatsApp, so it has no other way to reach the buyer.
    }
}
