package com.litper.common.contracts;

import com.litper.common.queue.TaskPriority;
import com.litper.common.task.TaskContract;
import com.litper.common.task.TaskPayload;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * A carrier booked an order's shipment. Produced by worker-service ({@code ProcessOrderHandler})
 * after the carrier accepted the booking; consumed by tracking-service ({@code ShipmentBookedHandler}),
 * which creates the shipment (idempotent: one shipment per order) and sends {@link ShipmentUpdate}.
 *
 * @param orderId the order (api-service)
 * @param storeId the store that owns the order
 * @param carrier the carrier's code, lower case
 * @param trackingNumber the carrier's guide number
 * @param buyerName who receives the WhatsApp messages
 * @param buyerPhone the buyer's mobile in E.164 ({@code +57…})
 * @param bookedAt when the carrier accepted the booking (the carrier's time: the same on a repeated booking)
 * @param promisedDeliveryDate the delivery date the carrier promised in its booking answer, or null when it gave none
 * @param freight what the carrier charges for the shipment, in pesos, or null when its answer did not say
 */
@TaskContract(name = "shipment_booked", queue = "tracking", priority = TaskPriority.HIGH)
public record ShipmentBooked(
        @NotNull UUID orderId,
        @NotNull UUID storeId,
        @NotBlank String carrier,
        @NotBlank String trackingNumber,
        String buyerName,
        String buyerPhone,
        @NotNull Instant bookedAt,
        LocalDate promisedDeliveryDate,
        @PositiveOrZero Long freight) implements TaskPayload {

    /** A booking whose carrier gave neither a promised date nor a price. */
    public ShipmentBooked(UUID orderId, UUID storeId, String carrier, String trackingNumber, String buyerName, String buyerPhone,
            Instant bookedAt) {
        this(orderId, storeId, carrier, trackingNumber, buyerName, buyerPhone, bookedAt, null, null);
    }

    @Override
    public String dedupKey() {
        return orderId == null ? null : "shipment-booked:" + orderId;
    }
}
