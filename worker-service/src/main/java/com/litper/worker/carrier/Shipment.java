package com.litper.worker.carrier;

import java.time.Instant;

/**
 * A booked shipment, as the carrier answers {@code POST /v1/shipments}.
 *
 * @param trackingNumber the carrier's guide number
 * @param carrier the carrier's name as Litper configures it
 * @param createdAt when the carrier booked it; the same on a repeated booking
 */
public record Shipment(String trackingNumber, String carrier, Instant createdAt) {
}
