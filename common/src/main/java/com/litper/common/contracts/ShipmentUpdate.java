package com.litper.common.contracts;

import com.litper.common.queue.TaskPriority;
import com.litper.common.task.TaskContract;
import com.litper.common.task.TaskPayload;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Instant;
import java.util.UUID;

/**
 * What one committed change did to a shipment. Produced by tracking-service (through its outbox, in
 * the change's transaction: {@code ShipmentBookedHandler}, {@code CarrierEventHandler}); consumed by
 * api-service ({@code ShipmentUpdateHandler}), which owns the order: a status moves only for a
 * higher {@link #version}, timeline entries are unique per event id, so repeats change nothing.
 *
 * @param orderId the order the shipment was booked for
 * @param storeId the store that owns the order
 * @param shipmentId tracking-service's id of the shipment
 * @param carrier the carrier's code, lower case
 * @param trackingNumber the carrier's guide number
 * @param status the shipment's status after this change
 * @param statusReason the novedad's reason while the status is EXCEPTION, else null
 * @param version grows by one with every change of this shipment (creation = 1)
 * @param updatedAt when the change was committed
 * @param event the timeline entry the change recorded
 */
@TaskContract(name = "shipment_update", queue = "api", priority = TaskPriority.HIGH)
public record ShipmentUpdate(
        @NotNull UUID orderId,
        @NotNull UUID storeId,
        @NotNull UUID shipmentId,
        @NotBlank String carrier,
        @NotBlank String trackingNumber,
        @NotNull @Pattern(regexp = Contracts.SHIPMENT_STATUS, message = "must be a shipment status (" + Contracts.SHIPMENT_STATUS + ")") String status,
        String statusReason,
        @NotNull @Min(1) Long version,
        @NotNull Instant updatedAt,
        @NotNull @Valid Event event) implements TaskPayload {

    /** The {@code eventId} of the creation entry: carriers' event ids are theirs, this one is ours. */
    public static final String BOOKED = "booked";

    /** One key per change: a retried producer that sends the same update again is a no-op. */
    @Override
    public String dedupKey() {
        return shipmentId == null || event == null ? null : "shipment-update:" + shipmentId + ":" + event.eventId();
    }

    /**
     * One timeline entry.
     *
     * @param eventId the carrier's event id, or {@value ShipmentUpdate#BOOKED} for the creation entry
     * @param status the event's status in Litper's model
     * @param carrierStatus the carrier's own status code; null for the creation entry
     * @param occurredAt when it happened, by the carrier's clock
     * @param description the carrier's words, or Litper's for the creation entry
     * @param reason the carrier's reason (a novedad's), or null
     * @param changedStatus whether this event moved the shipment's status
     */
    public record Event(
            @NotBlank String eventId,
            @NotNull @Pattern(regexp = Contracts.SHIPMENT_STATUS, message = "must be a shipment status (" + Contracts.SHIPMENT_STATUS + ")") String status,
            String carrierStatus,
            @NotNull Instant occurredAt,
            String description,
            String reason,
            @NotNull Boolean changedStatus) {
    }
}
