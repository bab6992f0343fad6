package com.litper.api.order;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.web.util.UriUtils;

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
 * @param shipment the shipment a carrier booked for it; null until then
 * @param failureReason why it could not be booked, while {@link OrderStatus#FAILED}; else null
 * @param deliveryDate the day the buyer asked to receive it (a delivery change confirmed on WhatsApp), or null
 * @param origin where the store ships it from, or null when it did not say
 */
record OrderView(UUID id, OrderStatus status, Buyer buyer, Destination destination, List<Item> items, long declaredValue,
        long cashOnDelivery, String preferredCarrier, Instant createdAt, Shipment shipment, String failureReason,
        java.time.LocalDate deliveryDate, Origin origin) {

    /** @param municipalityCode DANE 5-digit code */
    record Origin(String municipalityCode) {

        static Origin of(String municipalityCode) {
            return municipalityCode == null ? null : new Origin(municipalityCode);
        }
    }

    /** @param phone E.164, e.g. +573001234567 */
    record Buyer(String name, String phone) {
    }

    /**
     * @param address as the store sent it, or as the buyer corrected it (a delivery change confirmed on WhatsApp)
     * @param municipalityCode DANE 5-digit code
     * @param city DANE municipality name
     * @param departmentCode DANE 2-digit code
     * @param department DANE department name
     */
    record Destination(String address, String municipalityCode, String city, String departmentCode, String department) {
    }

    record Item(String sku, String name, int quantity, long unitPrice) {
    }

    /**
     * The order's shipment as tracking-service last reported it.
     *
     * @param carrier the carrier that booked it
     * @param trackingNumber the carrier's guide number
     * @param status the shipment's status: CREATED, PICKED_UP, IN_TRANSIT, OUT_FOR_DELIVERY, DELIVERED, EXCEPTION, RETURNED, CANCELLED
     * @param statusReason the novedad's reason while EXCEPTION, else null
     * @param updatedAt when tracking-service last changed it
     * @param trackingUrl path of the public tracking page's data, which buyers may see without a key
     */
    record Shipment(String carrier, String trackingNumber, String status, String statusReason, Instant updatedAt, String trackingUrl) {

        static Shipment of(String carrier, String trackingNumber, String status, String statusReason, Instant updatedAt) {
            return new Shipment(carrier, trackingNumber, status, statusReason, updatedAt,
                    "/api/tracking/" + UriUtils.encodePathSegment(trackingNumber, StandardCharsets.UTF_8));
        }
    }
}
