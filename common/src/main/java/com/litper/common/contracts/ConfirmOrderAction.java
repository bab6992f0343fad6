package com.litper.common.contracts;

import com.litper.common.queue.TaskPriority;
import com.litper.common.task.TaskContract;
import com.litper.common.task.TaskPayload;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Ask the buyer to confirm an action on their order with reply buttons. Produced by
 * agent-orchestrator when the support agent proposes a delivery change or a cancellation
 * ({@code OrderActions}; nothing is changed yet); consumed by chat-service
 * ({@code OrderActionConfirmationHandler}), which sends it as a WhatsApp interactive message under
 * the rules of an agent's reply: only while the AI controls the conversation and the buyer's 24-hour
 * window is open. Once per action.
 *
 * @param conversationId chat-service's conversation
 * @param storeId the conversation's store
 * @param actionId agent-orchestrator's proposed action; the buttons' ids name it
 * @param text what the buyer reads above the buttons (WhatsApp allows 1024 characters)
 * @param buttons the reply buttons, at most 3 (titles of at most 20 characters)
 * @param createdAt when the action was proposed
 */
@TaskContract(name = "confirm_order_action", queue = "chat", priority = TaskPriority.HIGH)
public record ConfirmOrderAction(
        @NotNull UUID conversationId,
        @NotNull UUID storeId,
        @NotNull UUID actionId,
        @NotBlank @Size(max = 1024) String text,
        @NotNull @Size(min = 1, max = 3) List<SendWhatsapp.@NotNull @Valid Button> buttons,
        @NotNull Instant createdAt) implements TaskPayload {

    @Override
    public String dedupKey() {
        return actionId == null ? null : "confirm-order-action:" + actionId;
    }
}
