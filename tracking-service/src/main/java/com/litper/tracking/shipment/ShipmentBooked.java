package com.litper.tracking.shipment;

import java.time.Instant;
import java.util.UUID;

/**
 * The payload of a {@code shipment_booked} task, enqueued by worker-service once a carrier booked
 * an order's shipment: everything tracking-service needs without reading another service's data.
 *
 * @param orderId the order (api-service)
 * @param storeId the store that owns the order
 * @param carrier carrier name, lower case
 * @param trackingNumber the carrier's guide number
 * @param buyerName who receives the WhatsApp messages
 * @param buyerPhone the buyer's mobile in E.164 ({@code +57…})
 * @param bookedAt when the carrier accepted the booking
 */
record ShipmentBooked(UUID orderId, UUID storeId, String carrier, String trackingNumber, String buyerName, String buyerPhone,
        Instant bookedAt) {

    static final String TASK_TYPE = "shipment_booked";
}
