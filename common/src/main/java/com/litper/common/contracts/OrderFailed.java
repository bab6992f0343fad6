package com.litper.common.contracts;

import com.litper.common.queue.TaskPriority;
import com.litper.common.task.TaskContract;
import com.litper.common.task.TaskPayload;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.UUID;

/**
 * An order's processing failed for good (the carrier refused the booking, the order cannot be booked
 * as it is, no carrier is enabled). Produced by worker-service ({@code ProcessOrderHandler}, just
 * before {@link ProcessOrder} is dead-lettered); consumed by api-service ({@code OrderFailedHandler}),
 * which marks the order FAILED unless a shipment already exists (a repeat changes nothing).
 *
 * @param orderId the order
 * @param carrier the carrier that refused it, or null
 * @param reason why, for the store to act on
 * @param failedAt when the processing gave up
 */
@TaskContract(name = "order_failed", queue = "api", priority = TaskPriority.HIGH)
public record OrderFailed(@NotNull UUID orderId, String carrier, @NotBlank String reason, Instant failedAt) implements TaskPayload {

    @Override
    public String dedupKey() {
        return orderId == null ? null : "order-failed:" + orderId;
    }
}
