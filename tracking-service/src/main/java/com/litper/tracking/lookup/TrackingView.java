package com.litper.tracking.lookup;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.litper.tracking.status.ShipmentStatus;
import java.time.Instant;
import java.util.List;

/**
 * What a buyer sees of a shipment: where it is and how it got there. Never the store, the order
 * or the buyer's own data, since anyone with the guide number may look.
 *
 * @param trackingNumber the guide number
 * @param carrier carrier name
 * @param status current status
 * @param reason why the delivery is held up, while the status is EXCEPTION
 * @param updatedAt when the shipment last changed
 * @param events the timeline, oldest first
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record TrackingView(String trackingNumber, String carrier, ShipmentStatus status, String reason, Instant updatedAt, List<Event> events) {

    /**
     * One timeline entry.
     *
     * @param status the status the carrier reported, mapped to the model (also when it did not change the shipment)
     * @param description the carrier's description
     * @param reason the reason of a novedad
     * @param occurredAt when it happened
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Event(ShipmentStatus status, String description, String reason, Instant occurredAt) {
    }
}
