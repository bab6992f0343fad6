package com.litper.api.order;

import java.util.Optional;

/**
 * Where an order stands. api-service creates orders as {@link #CREATED}; from the booking on, the
 * order follows its shipment's status as tracking-service reports it ({@code shipment_update}),
 * and it is {@link #FAILED} when it could not be booked at all ({@code order_failed}).
 */
public enum OrderStatus {
    /** Accepted and queued for processing; no shipment booked yet. */
    CREATED(null),
    /** A carrier booked its shipment (the shipment is CREATED). */
    BOOKED("CREATED"),
    /** The carrier picked the parcel up. */
    PICKED_UP("PICKED_UP"),
    /** On its way through the carrier's network. */
    IN_TRANSIT("IN_TRANSIT"),
    /** With the courier for delivery today. */
    OUT_FOR_DELIVERY("OUT_FOR_DELIVERY"),
    /** Delivered to the buyer. */
    DELIVERED("DELIVERED"),
    /** The carrier reported a novedad (buyer absent, address incomplete…); see the shipment's statusReason. */
    EXCEPTION("EXCEPTION"),
    /** Returned to the store. */
    RETURNED("RETURNED"),
    /** The carrier cancelled the shipment (guía anulada). */
    CANCELLED("CANCELLED"),
    /** Booking failed for good (the carrier refused it, no carrier could take it); see failureReason. */
    FAILED(null);

    private final String shipmentStatus;

    OrderStatus(String shipmentStatus) {
        this.shipmentStatus = shipmentStatus;
    }

    /** The order's status while its shipment is in {@code shipmentStatus}; empty for a status shipments do not have. */
    static Optional<OrderStatus> ofShipment(String shipmentStatus) {
        for (OrderStatus status : values()) {
            if (status.shipmentStatus != null && status.shipmentStatus.equals(shipmentStatus)) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }
}
