package com.litper.common.contracts;

import com.litper.common.queue.TaskPriority;
import com.litper.common.task.TaskContract;
import com.litper.common.task.TaskPayload;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import java.time.Instant;
import java.util.UUID;

/**
 * An order was accepted. Produced by api-service ({@code OrderService}, through its outbox, in the
 * order's own statement); consumed by analytics-service ({@code OrderPlacedHandler}), which records
 * it once in {@code analytics.event} (docs/analytics.md, "Feed"). Carries only what analytics counts:
 * the route and the money, no buyer data.
 *
 * @param orderId the order
 * @param storeId the store that sent it
 * @param originMunicipalityCode DANE 5-digit code of the municipality it ships from, or null when the store did not say
 * @param destinationMunicipalityCode DANE 5-digit code of the municipality it goes to
 * @param destinationDepartmentCode DANE 2-digit code of the department it goes to
 * @param cashOnDelivery amount the carrier collects, in pesos; 0 when prepaid
 * @param declaredValue value declared to the carrier, in pesos
 * @param createdAt when api-service accepted the order
 */
@TaskContract(name = "order_placed", queue = "analytics", priority = TaskPriority.LOW)
public record OrderPlaced(
        @NotNull UUID orderId,
        @NotNull UUID storeId,
        @Pattern(regexp = "[0-9]{5}", message = "must be a DANE municipality code of 5 digits") String originMunicipalityCode,
        @NotNull @Pattern(regexp = "[0-9]{5}", message = "must be a DANE municipality code of 5 digits") String destinationMunicipalityCode,
        @NotNull @Pattern(regexp = "[0-9]{2}", message = "must be a DANE department code of 2 digits") String destinationDepartmentCode,
        @NotNull @PositiveOrZero Long cashOnDelivery,
        @NotNull @PositiveOrZero Long declaredValue,
        @NotNull Instant createdAt) implements TaskPayload {

    /** One task per order. */
    @Override
    public String dedupKey() {
        return orderId == null ? null : "order-placed:" + orderId;
    }
}
