package com.litper.api.order;

import com.litper.common.queue.PermanentTaskFailure;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Payload of {@code shipment_update}, enqueued by tracking-service after every change it commits
 * to a shipment: its booking, and each carrier event it records (docs/api.md, "How an order's
 * progress arrives").
 *
 * @param orderId the order the shipment was booked for
 * @param storeId the order's store; must be the store api-service has for the order
 * @param shipmentId tracking-service's id of the shipment
 * @param carrier the carrier that booked it
 * @param trackingNumber the carrier's guide number
 * @param status the shipment's status after this change
 * @param statusReason the novedad's reason while EXCEPTION, else null
 * @param version tracking-service's change counter for the shipment (1 at the booking): a status is
 *     applied only by an update with a higher version than the one held, so late or repeated updates
 *     never move the order backwards
 * @param updatedAt when tracking-service committed the change
 * @param event the timeline entry the change recorded
 */
record ShipmentUpdate(UUID orderId, UUID storeId, UUID shipmentId, String carrier, String trackingNumber, String status,
        String statusReason, Long version, Instant updatedAt, Event event) {

    static final String TASK_TYPE = "shipment_update";

    /**
     * @param eventId the carrier's event id, or "booked" for the booking
     * @param status the event's normalised status
     * @param carrierStatus the carrier's own status code; null for the booking
     * @param occurredAt when it happened
     * @param description what happened, in the carrier's words
     * @param reason the novedad's reason, or null
     * @param changedStatus whether the event moved the shipment's status
     */
    record Event(String eventId, String status, String carrierStatus, Instant occurredAt, String description, String reason,
            Boolean changedStatus) {
    }

    /** Fails permanently unless every required field is there and both statuses are shipment statuses. */
    void validate() {
        List<String> missing = new ArrayList<>();
        TaskPayloads.addIf(missing, orderId == null, "orderId");
        TaskPayloads.addIf(missing, storeId == null, "storeId");
        TaskPayloads.addIf(missing, shipmentId == null, "shipmentId");
        TaskPayloads.addIf(missing, TaskPayloads.blank(carrier), "carrier");
        TaskPayloads.addIf(missing, TaskPayloads.blank(trackingNumber), "trackingNumber");
        TaskPayloads.addIf(missing, TaskPayloads.blank(status), "status");
        TaskPayloads.addIf(missing, version == null, "version");
        TaskPayloads.addIf(missing, updatedAt == null, "updatedAt");
        TaskPayloads.addIf(missing, event == null, "event");
        if (event != null) {
            TaskPayloads.addIf(missing, TaskPayloads.blank(event.eventId()), "event.eventId");
            TaskPayloads.addIf(missing, TaskPayloads.blank(event.status()), "event.status");
            TaskPayloads.addIf(missing, event.occurredAt() == null, "event.occurredAt");
            TaskPayloads.addIf(missing, event.changedStatus() == null, "event.changedStatus");
        }
        TaskPayloads.requireFields(TASK_TYPE, orderId, missing);
        requireShipmentStatus("status", status);
        requireShipmentStatus("event.status", event.status());
        if (version < 1) {
            throw new PermanentTaskFailure(TASK_TYPE + " payload of order " + orderId + " has version " + version + ": versions start at 1");
        }
    }

    /** The order's status while the shipment is in {@link #status}. */
    OrderStatus orderStatus() {
        return OrderStatus.ofShipment(status).orElseThrow();
    }

    private void requireShipmentStatus(String field, String value) {
        if (OrderStatus.ofShipment(value).isEmpty()) {
            throw new PermanentTaskFailure(TASK_TYPE + " payload of order " + orderId + " has " + field + " '" + value
                    + "', which is no shipment status (CREATED, PICKED_UP, IN_TRANSIT, OUT_FOR_DELIVERY, DELIVERED, EXCEPTION,"
                    + " RETURNED, CANCELLED)");
        }
    }
}
