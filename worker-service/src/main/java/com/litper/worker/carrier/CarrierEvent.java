package com.litper.worker.carrier;

import java.time.Instant;

/**
 * One status event of a shipment, in the carrier's own vocabulary (tracking-service normalises it).
 *
 * @param eventId the carrier's id of the event, unique per carrier
 * @param trackingNumber the shipment's guide number
 * @param status the carrier's status code
 * @param occurredAt when it happened
 * @param description human text, may be null
 * @param reason why, for exceptions (novedades); may be null
 * @param cashCollected on a delivery of a cash-on-delivery shipment, what the carrier collected, in pesos; may be null
 */
public record CarrierEvent(String eventId, String trackingNumber, String status, Instant occurredAt, String description,
        String reason, Long cashCollected) {
}
