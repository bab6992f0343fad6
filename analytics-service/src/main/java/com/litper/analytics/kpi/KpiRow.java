package com.litper.analytics.kpi;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One group's KPIs, summed from {@code daily_rollup} (docs/analytics.md, "KPIs"). The key fields of
 * the dimensions the query did not group by are null. Rates are shares between 0 and 1, null when
 * their denominator is 0; percentiles come from the summed histograms and are null without data.
 *
 * @param shipments booked, not cancelled shipments of orders placed in the period
 * @param attempted shipments with a first delivery attempt
 * @param attemptedWithPromise of them, those with a promised date
 * @param novedadesByCause shipments with a novedad, by their first novedad's cause
 * @param firstScanP50Hours median whole hours from booking to the first carrier scan (72: 72 or more)
 * @param transitP50BusinessDays median business days from booking to delivery (30: 30 or more)
 * @param transitHistogram delivered shipments by business days in transit, 0..29 and 30 or more
 * @param firstScanHistogram shipments by whole hours from booking to first scan, 0..71 and 72 or more
 */
public record KpiRow(UUID storeId, LocalDate day, String carrier, String originDepartment, String destinationDepartment,
        long shipments, long delivered, long returned, long attempted, long firstAttemptOk, long attemptedWithPromise, long onTime,
        long withNovedad, Map<String, Long> novedadesByCause, Double deliveryRate, Double onTimeRate, Double firstAttemptSuccessRate,
        Double novedadRate, Map<String, Double> novedadRateByCause, Double returnRate, Integer firstScanP50Hours,
        Integer transitP50BusinessDays, Integer transitP90BusinessDays, long freightSum, long freightCount, long codShipments,
        long codAmount, List<Long> transitHistogram, List<Long> firstScanHistogram) {
}
