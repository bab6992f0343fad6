package com.litper.worker.order;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Payload of a {@code process_order} task, as api-service enqueues it: everything needed to book
 * the shipment, so this service never reads api-service's tables. The JSON fields must stay those
 * of api-service's {@code ProcessOrderPayload}.
 *
 * @param orderId the order; the carrier's Idempotency-Key
 * @param storeId the store that sent it; picks the store's carrier rule
 * @param storeName the store's name, the sender on the label
 * @param buyer the recipient, phone in E.164
 * @param destination address with DANE codes
 * @param items contents
 * @param declaredValue value declared to the carrier, in pesos
 * @param cashOnDelivery amount to collect, in pesos; 0 when prepaid
 * @param preferredCarrier the carrier the store asked for, or null
 * @param createdAt when api-service accepted the order
 */
record ProcessOrder(UUID orderId, UUID storeId, String storeName, Buyer buyer, Destination destination, List<Item> items,
        Long declaredValue, Long cashOnDelivery, String preferredCarrier, Instant createdAt) {

    /** @param phone E.164, e.g. +573001234567 */
    record Buyer(String name, String phone) {
    }

    /**
     * @param municipalityCode DANE 5-digit code
     * @param departmentCode DANE 2-digit code
     */
    record Destination(String address, String municipalityCode, String city, String departmentCode, String department) {
    }

    /** @param unitPrice in pesos */
    record Item(String sku, String name, int quantity, long unitPrice) {
    }
}
