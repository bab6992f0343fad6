package com.litper.worker.carrier;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A booked shipment, as the carrier answers {@code POST /v1/shipments}.
 *
 * @param trackingNumber the carrier's guide number
 * @param carrier the carrier's name as Litper configures it
 * @param createdAt when the carrier booked it; the same on a repeated booking
 * @param promisedDeliveryDate the delivery date the carrier promises, or null when its answer has none
 * @param freight what the carrier charges for it, in pesos, or null when its answer does not say
 */
public record Shipment(String trackingNumber, String carrier, Instant createdAt, LocalDate promisedDeliveryDate, Long freight) {

    /** A booking answer with neither a promised date nor a price. */
    public Shipment(String trackingNumber, String carrier, Instant createdAt) {
        this(trackingNumber, carrier, createdAt, null, null);
    }
}
