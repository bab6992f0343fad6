package com.litper.tracking.status;

import java.time.Instant;

/**
 * One status event of one carrier, as the webhook received it (or a poller read it), carried by a
 * {@code carrier_event} task ({@link com.litper.common.contracts.CarrierEvent}, docs/carriers.md). {@code status} is the carrier's own code;
 * tracking-service maps it when it applies the event.
 *
 * @param carrier carrier name, lower case
 * @param eventId the carrier's id of the event; a repeat of it is a no-op
 * @param trackingNumber the guide number
 * @param status the carrier's status code
 * @param occurredAt when it happened, by the carrier's clock
 * @param description the carrier's words for the buyer, or null
 * @param reason why the delivery is held up (for a novedad), or null
 * @param cashCollected on a delivery of a cash-on-delivery shipment, what the carrier says it collected, in pesos; else null
 */
public record CarrierEvent(String carrier, String eventId, String trackingNumber, String status, Instant occurredAt,
        String description, String reason, Long cashCollected) {

    /** An event that reports no collected cash. */
    public CarrierEvent(String carrier, String eventId, String trackingNumber, String status, Instant occurredAt, String description,
            String reason) {
        this(carrier, eventId, trackingNumber, status, occurredAt, description, reason, null);
    }

    /** This event as the payload of a {@code carrier_event} task. */
    public com.litper.common.contracts.CarrierEvent toContract() {
        return new com.litper.common.contracts.CarrierEvent(carrier,
                new com.litper.common.contracts.CarrierEvent.Event(eventId, trackingNumber, status, occurredAt, description, reason,
                        cashCollected));
    }

    /** The event a {@code carrier_event} task carries. */
    public static CarrierEvent of(com.litper.common.contracts.CarrierEvent payload) {
        com.litper.common.contracts.CarrierEvent.Event event = payload.event();
        return new CarrierEvent(payload.carrier(), event.eventId(), event.trackingNumber(), event.status(), event.occurredAt(),
                event.description(), event.reason(), event.cashCollected());
    }
}
