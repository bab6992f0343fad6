package com.litper.api.order;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An order as the API shows it.
 *
 * @param id the order's id
 * @param status where it stands
 * @param buyer who receives it, phone in E.164
 * @param destination where it goes, resolved to DANE codes
 * @param items what is in it
 * @param declaredValue value declared to the carrier, in pesos
 * @param cashOnDelivery amount to collect on delivery, in pesos; 0 when prepaid
 * @param preferredCarrier carrier the store asked for, or null
 * @param createdAt when Litper accepted it
 */
record OrderView(UUID id, OrderStatus status, Buyer buyer, Destination destination, List<Item> items, long declaredValue,
        long cashOnDelivery, String preferredCarrier, Instant createdAt) {

    /** @param phone E.164, e.g. +573001234567 */
    record Buyer(String name, String phone) {
    }

    /**
     * @param address as the store sent it
     * @param municipalityCode DANE 5-digit code
     * @param city DANE municipality name
     * @param departmentCode DANE 2-digit code
     * @param department DANE department name
     */
    record Destination(String address, String municipalityCode, String city, String departmentCode, String department) {
    }

    record Item(String sku, String name, int quantity, long unitPrice) {
    }
}
