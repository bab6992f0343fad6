package com.litper.worker.carrier;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The body of {@code POST /v1/shipments}, the same for every carrier (docs/carriers-api.md).
 *
 * @param reference Litper's order id, also sent as the Idempotency-Key
 * @param sender the store, as it appears on the label
 * @param recipient the buyer and where the parcel goes
 * @param declaredValue value declared for insurance, in pesos
 * @param cashOnDelivery amount the carrier collects, in pesos; 0 when prepaid
 * @param currency always {@code COP}
 * @param items contents
 */
public record BookingRequest(String reference, Sender sender, Recipient recipient, long declaredValue, long cashOnDelivery,
        String currency, List<Item> items) {

    /**
     * @param name the store's name
     * @param cityCode DANE 5-digit code of the municipality the parcel leaves from; left out when the order has none
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Sender(String name, String cityCode) {

        public Sender(String name) {
            this(name, null);
        }
    }

    /**
     * @param phone E.164, e.g. {@code +573001234567}
     * @param cityCode DANE 5-digit municipality code
     * @param departmentCode DANE 2-digit department code
     */
    public record Recipient(String name, String phone, String address, String cityCode, String city, String departmentCode,
            String department) {
    }

    /** @param unitPrice in pesos */
    public record Item(String sku, String name, int quantity, long unitPrice) {
    }
}
