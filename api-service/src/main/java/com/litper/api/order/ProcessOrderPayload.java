package com.litper.api.order;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Payload of the {@code process_order} task: everything the worker needs to book the shipment,
 * so it never reads api-service's tables.
 *
 * @param orderId the order
 * @param storeId the store that sent it
 * @param storeName the store's name, as senders appear on carrier labels
 * @param buyer the recipient, phone in E.164
 * @param destination address with DANE codes
 * @param items contents
 * @param declaredValue value declared to the carrier, in pesos
 * @param cashOnDelivery amount to collect, in pesos; 0 when prepaid
 * @param preferredCarrier the store's carrier, or null to let the worker choose
 * @param createdAt when the order was accepted
 */
record ProcessOrderPayload(UUID orderId, UUID storeId, String storeName, OrderView.Buyer buyer, OrderView.Destination destination,
        List<OrderView.Item> items, long declaredValue, long cashOnDelivery, String preferredCarrier, Instant createdAt) {

    static final String TASK_TYPE = "process_order";
}
