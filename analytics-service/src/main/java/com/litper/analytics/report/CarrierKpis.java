package com.litper.analytics.report;

import java.util.Arrays;
import java.util.List;

/**
 * One carrier's counts over a period, summed from daily rollups, and the rates and percentiles a
 * report shows. A rate without a denominator (no shipment attempted yet) is null, not zero.
 *
 * @param carrier the carrier's code, or {@link #ALL} for the store's total
 * @param transitHist delivered shipments by business days in transit: [i] = i days, i = 0..29; [30] = 30 or more
 */
public record CarrierKpis(
        String carrier,
        long shipments,
        long delivered,
        long returned,
        long attemptedWithPromise,
        long onTime,
        long attempted,
        long firstAttemptOk,
        long withNovedad,
        long freightSum,
        long freightCount,
        long codShipments,
        long codAmount,
        long[] transitHist) {

    /** The carrier name of the store's total row. */
    public static final String ALL = "Total";

    /** Buckets of {@link #transitHist}: 0..29 days and one for 30 or more (daily_rollup.transit_hist). */
    public static final int TRANSIT_BUCKETS = 31;

    public Double deliveryRate() {
        return rate(delivered, shipments);
    }

    public Double returnRate() {
        return rate(returned, shipments);
    }

    public Double onTimeRate() {
        return rate(onTime, attemptedWithPromise);
    }

    public Double firstAttemptRate() {
        return rate(firstAttemptOk, attempted);
    }

    public Double novedadRate() {
        return rate(withNovedad, shipments);
    }

    /** Average freight in pesos, rounded; null when no shipment has a freight. */
    public Long averageFreight() {
        return freightCount == 0 ? null : Math.round((double) freightSum / freightCount);
    }

    /** Delivered shipments in the histogram. */
    public long deliveredInHistogram() {
        return Arrays.stream(transitHist).sum();
    }

    /**
     * The business days in transit within which {@code fraction} of the delivered shipments arrived
     * (the histogram's bucket where the running count first reaches it); 30 means 30 or more; null
     * when none was delivered.
     */
    public Integer transitPercentile(double fraction) {
        long total = deliveredInHistogram();
        if (total == 0) {
            return null;
        }
        long needed = (long) Math.ceil(fraction * total);
        long running = 0;
        for (int i = 0; i < transitHist.length; i++) {
            running += transitHist[i];
            if (running >= Math.max(1, needed)) {
                return i;
            }
        }
        return transitHist.length - 1;
    }

    /** The sum of several carriers' counts, named {@code name}. */
    public static CarrierKpis total(String name, List<CarrierKpis> carriers) {
        long[] hist = new long[TRANSIT_BUCKETS];
        long[] sums = new long[12];
        for (CarrierKpis k : carriers) {
            long[] v = {k.shipments, k.delivered, k.returned, k.attemptedWithPromise, k.onTime, k.attempted, k.firstAttemptOk,
                    k.withNovedad, k.freightSum, k.freightCount, k.codShipments, k.codAmount};
            for (int i = 0; i < v.length; i++) {
                sums[i] += v[i];
            }
            for (int i = 0; i < TRANSIT_BUCKETS; i++) {
                hist[i] += k.transitHist[i];
            }
        }
        return new CarrierKpis(name, sums[0], sums[1], sums[2], sums[3], sums[4], sums[5], sums[6], sums[7], sums[8], sums[9],
                sums[10], sums[11], hist);
    }

    private static Double rate(long part, long whole) {
        return whole == 0 ? null : (double) part / whole;
    }
}
