package com.litper.common.contracts;

import com.litper.common.queue.TaskPriority;
import com.litper.common.task.TaskContract;
import com.litper.common.task.TaskPayload;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.UUID;

/**
 * A buyer wrote on WhatsApp. Produced by chat-service (through its outbox, in the transaction that
 * stores the message: {@code MessageStore}); to be consumed by agent-orchestrator (queue
 * {@code agents}), which is not built yet: until it is, these tasks wait in that queue.
 *
 * @param conversationId the conversation the message belongs to
 * @param storeId the store the buyer wrote to
 * @param from the buyer's number in E.164
 * @param name the buyer's WhatsApp profile name, or null
 * @param text the text (or a media message's caption), or null
 * @param type WhatsApp's message type ({@code text}, {@code image}, …)
 * @param whatsappMessageId WhatsApp's id of the message
 * @param receivedAt when the buyer sent it, by WhatsApp's clock
 */
@TaskContract(name = "inbound_message", queue = "agents", priority = TaskPriority.HIGH)
public record InboundMessage(
        @NotNull UUID conversationId,
        @NotNull UUID storeId,
        @NotBlank String from,
        String name,
        String text,
        String type,
        @NotBlank String whatsappMessageId,
        @NotNull Instant receivedAt) implements TaskPayload {

    @Override
    public String dedupKey() {
        return whatsappMessageId == null ? null : "wa-in:" + whatsappMessageId;
    }
}
