package com.litper.analytics.facts;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** One row of {@code analytics.shipment_fact}: an order's milestones, derived from its events only. */
public record ShipmentFact(UUID orderId, UUID storeId, LocalDate day, String carrier, String trackingNumber,
        String originDepartment, String destinationDepartment, long cashOnDelivery, Long freight, Instant placedAt,
        Instant bookedAt, LocalDate promisedDate, Instant firstScanAt, Instant firstAttemptAt, Boolean firstAttemptOk,
        Instant deliveredAt, Instant returnedAt, int novedades, String firstNovedadCause, Long cashCollected, String status,
        Integer transitBusinessDays, Boolean onTime) {
}
