package com.litper.analytics.facts;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** One row of {@code analytics.event}, as the fact builder reads it. */
record EventRow(long id, String kind, UUID storeId, UUID orderId, Instant occurredAt, UUID shipmentId, String carrier,
        String trackingNumber, String status, Boolean changedStatus, String novedadCause, String originDepartment,
        String destinationDepartment, Long cashOnDelivery, LocalDate promisedDate, Long freight, Long cashCollected) {

    static final String ORDER_PLACED = "ORDER_PLACED";
    static final String SHIPMENT_BOOKED = "SHIPMENT_BOOKED";
    static final String CARRIER_EVENT = "CARRIER_EVENT";

    boolean isCarrierEvent() {
        return CARRIER_EVENT.equals(kind);
    }

    /** The event moved the shipment's status, or says nothing about it. */
    boolean moved() {
        return !Boolean.FALSE.equals(changedStatus);
    }

    /** A novedad: an event with a novedad cause, or one that put the shipment in EXCEPTION. */
    boolean isNovedad() {
        return isCarrierEvent() && (novedadCause != null || ("EXCEPTION".equals(status) && moved()));
    }

    boolean isDelivery() {
        return isCarrierEvent() && "DELIVERED".equals(status) && moved() && !isNovedad();
    }

    boolean isReturn() {
        return isCarrierEvent() && "RETURNED".equals(status) && moved();
    }

    /** Position on the way to the buyer of a status-moving, non-novedad event; -1 otherwise. */
    int progressRank() {
        if (!isCarrierEvent() || !moved() || isNovedad() || status == null) {
            return -1;
        }
        return switch (status) {
            case "CREATED" -> 0;
            case "PICKED_UP" -> 1;
            case "IN_TRANSIT" -> 2;
            case "OUT_FOR_DELIVERY" -> 3;
            default -> -1;
        };
    }

    static final int OUT_FOR_DELIVERY_RANK = 3;
}
