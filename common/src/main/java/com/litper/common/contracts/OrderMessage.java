package com.litper.common.contracts;

import com.litper.common.queue.TaskPriority;
import com.litper.common.task.TaskContract;
import com.litper.common.task.TaskPayload;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.UUID;

/**
 * WhatsApp accepted a message about an order. Produced by worker-service ({@code SendWhatsappHandler});
 * consumed by api-service ({@code OrderMessageHandler}), which lists it with the order (unique per
 * message id, so a repeat records nothing new).
 *
 * @param orderId the order the message is about
 * @param messageId WhatsApp's message id
 * @param to the buyer's phone, E.164
 * @param template the approved template used, or null for free text
 * @param language the template's language, e.g. "es"
 * @param text what the buyer reads
 * @param status the shipment status the message announces ("SHIPPED" for the booking message), or null
 * @param sentAt when WhatsApp accepted it
 */
@TaskContract(name = "order_message", queue = "api", priority = TaskPriority.NORMAL)
public record OrderMessage(
        @NotNull UUID orderId,
        @NotBlank String messageId,
        @NotBlank String to,
        String template,
        String language,
        @NotNull String text,
        String status,
        @NotNull Instant sentAt) implements TaskPayload {

    @Override
    public String dedupKey() {
        return messageId == null ? null : "order-message:" + messageId;
    }
}
