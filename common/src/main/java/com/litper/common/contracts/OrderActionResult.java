package com.litper.common.contracts;

import com.litper.common.queue.TaskPriority;
import com.litper.common.task.TaskContract;
import com.litper.common.task.TaskPayload;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.UUID;

/**
 * What api-service did with a confirmed action ({@link ApplyOrderAction}). Produced by api-service
 * ({@code OrderActionHandler}, through its outbox, in the transaction that applied or refused it);
 * consumed by agent-orchestrator ({@code OrderActionResultHandler}), which records it on the action and
 * tells the buyer through an {@link AgentReply}. Once per action.
 *
 * @param actionId agent-orchestrator's action
 * @param storeId the store of the order
 * @param orderId the order
 * @param conversationId the buyer's conversation
 * @param kind what was asked
 * @param outcome applied, or refused
 * @param reason why it was refused, in Spanish, for the buyer to read; null when applied
 * @param decidedAt when api-service decided
 */
@TaskContract(name = "order_action_result", queue = "agents", priority = TaskPriority.HIGH)
public record OrderActionResult(
        @NotNull UUID actionId,
        @NotNull UUID storeId,
        @NotNull UUID orderId,
        @NotNull UUID conversationId,
        @NotNull ApplyOrderAction.Kind kind,
        @NotNull Outcome outcome,
        @Size(max = 500) String reason,
        @NotNull Instant decidedAt) implements TaskPayload {

    /** What became of the action. */
    public enum Outcome {
        /** The order changed. */
        APPLIED,
        /** Nothing changed; {@code reason} says why. */
        REFUSED
    }

    @Override
    public String dedupKey() {
        return actionId == null ? null : "order-action-result:" + actionId;
    }
}
