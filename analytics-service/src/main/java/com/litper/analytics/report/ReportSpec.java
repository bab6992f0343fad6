package com.litper.analytics.report;

import java.time.LocalDate;
import java.util.UUID;

/**
 * What one report shows: a store's data over the days {@code from} to {@code to}, both included
 * (America/Bogota days, as shipment facts and rollups count them).
 */
public record ReportSpec(UUID reportId, UUID storeId, String kind, ReportFormat format, LocalDate from, LocalDate to) {
}
