package com.litper.api.order;

/**
 * Where an order stands. api-service creates orders as {@link #CREATED}; the later states are set
 * as the order is processed (shipment booked, delivered…).
 */
public enum OrderStatus {
    /** Accepted and queued for processing. */
    CREATED,
    /** A carrier booked its shipment. */
    BOOKED,
    /** Processing failed for good (e.g. no carrier could book it). */
    FAILED,
    /** Cancelled before delivery. */
    CANCELLED
}
