package com.litper.tracking.shipment;

import java.time.Instant;
import java.util.UUID;

/**
 * The payload of a {@code shipment_update} task: what one committed change did to a shipment, for
 * api-service, which owns the order (docs/carriers.md). Self-contained, so api-service never reads
 * this service's tables.
 *
 * @param orderId the order the shipment was booked for
 * @param storeId the store that owns the order
 * @param shipmentId the shipment
 * @param carrier carrier name, lower case
 * @param trackingNumber the carrier's guide number
 * @param status the shipment's status after this change
 * @param statusReason the novedad's reason while the status is EXCEPTION, else null
 * @param version grows by one with every change of this shipment (creation = 1): api-service applies an
 *     update only when it is newer than the one it holds
 * @param updatedAt when the change was committed
 * @param event the timeline entry the change recorded
 */
public record ShipmentUpdate(UUID orderId, UUID storeId, UUID shipmentId, String carrier, String trackingNumber, String status,
        String statusReason, long version, Instant updatedAt, Event event) {

    /** The task type; routed to api-service's {@code api} queue. */
    public static final String TASK_TYPE = "shipment_update";

    /** The {@code eventId} of the creation entry: carriers' event ids are theirs, this one is ours. */
    public static final String BOOKED = "booked";

    /**
     * One timeline entry.
     *
     * @param eventId the carrier's event id, or {@value #BOOKED} for the creation entry
     * @param status the event's status in Litper's model
     * @param carrierStatus the carrier's own status code; null for the creation entry
     * @param occurredAt when it happened, by the carrier's clock
     * @param description the carrier's words, or ours for the creation entry
     * @param reason the carrier's reason (a novedad's), or null
     * @param changedStatus whether this event moved the shipment's status
     */
    public record Event(String eventId, String status, String carrierStatus, Instant occurredAt, String description, String reason,
            boolean changedStatus) {
    }

    /** One key per change: a retried task that enqueues the same update again is a no-op. */
    public String dedupKey() {
        return "shipment-update:" + shipmentId + ":" + event.eventId();
    }
}
