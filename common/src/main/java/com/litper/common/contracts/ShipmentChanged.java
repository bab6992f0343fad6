package com.litper.common.contracts;

import com.litper.common.queue.TaskPriority;
import com.litper.common.task.TaskContract;
import com.litper.common.task.TaskPayload;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * What one committed change did to a shipment, for analytics. Produced by tracking-service (through
 * its outbox, in the same transaction as the change's {@link ShipmentUpdate}: {@code ShipmentBookedHandler},
 * {@code CarrierEvents}); consumed by analytics-service ({@code ShipmentChangedHandler}), which records
 * it once per shipment and event id in {@code analytics.event} (docs/analytics.md, "Feed").
 *
 * @param orderId the order the shipment was booked for
 * @param storeId the store that owns the order
 * @param shipmentId tracking-service's id of the shipment
 * @param carrier the carrier's code, lower case
 * @param trackingNumber the carrier's guide number
 * @param status the shipment's status after this change
 * @param version grows by one with every change of this shipment (creation = 1)
 * @param event the timeline entry the change recorded
 * @param novedadCause the normalised cause of the event's reason ({@link NovedadCause}), or null when it gives none
 * @param promisedDeliveryDate on the creation entry, the delivery date the carrier promised at booking; else null
 * @param freight on the creation entry, what the carrier charges, in pesos; else null
 * @param cashCollected on a DELIVERED event of a cash-on-delivery shipment, what the carrier says it collected, in pesos; else null
 */
@TaskContract(name = "shipment_changed", queue = "analytics", priority = TaskPriority.LOW)
public record ShipmentChanged(
        @NotNull UUID orderId,
        @NotNull UUID storeId,
        @NotNull UUID shipmentId,
        @NotBlank String carrier,
        @NotBlank String trackingNumber,
        @NotNull @Pattern(regexp = Contracts.SHIPMENT_STATUS, message = "must be a shipment status (" + Contracts.SHIPMENT_STATUS + ")") String status,
        @NotNull @Min(1) Long version,
        @NotNull @Valid Event event,
        NovedadCause novedadCause,
        LocalDate promisedDeliveryDate,
        @PositiveOrZero Long freight,
        @PositiveOrZero Long cashCollected) implements TaskPayload {

    /** One task per change: the same as its {@link ShipmentUpdate}'s. */
    @Override
    public String dedupKey() {
        return shipmentId == null || event == null ? null : "shipment-changed:" + shipmentId + ":" + event.eventId();
    }

    /**
     * One timeline entry.
     *
     * @param eventId the carrier's event id, or {@value ShipmentUpdate#BOOKED} for the creation entry
     * @param status the event's status in Litper's model
     * @param carrierStatus the carrier's own status code; null for the creation entry
     * @param occurredAt when it happened, by the carrier's clock (the booking time for the creation entry)
     * @param reason the carrier's reason (a novedad's), or null
     * @param changedStatus whether this event moved the shipment's status
     */
    public record Event(
            @NotBlank String eventId,
            @NotNull @Pattern(regexp = Contracts.SHIPMENT_STATUS, message = "must be a shipment status (" + Contracts.SHIPMENT_STATUS + ")") String status,
            String carrierStatus,
            @NotNull Instant occurredAt,
            String reason,
            @NotNull Boolean changedStatus) {
    }
}
