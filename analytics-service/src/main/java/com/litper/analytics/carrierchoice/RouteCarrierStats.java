package com.litper.analytics.carrierchoice;

/**
 * One carrier's summed {@code daily_rollup} counts on one route over a period: everything the
 * scorecard shows and the choice scores are derived from these sums, never from averages of days.
 *
 * @param origin origin department ('00': unknown)
 * @param destination destination department
 * @param carrier carrier code
 * @param shipments shipments placed in the period
 * @param delivered of them, delivered
 * @param returned of them, returned to the store
 * @param attemptedWithPromise of them, with a first delivery attempt and a promised date: the on-time rate's base
 * @param onTime of those, first attempted by the promised date
 * @param transitHist delivered shipments by business days in transit, index i = i days, the last = 30 or more
 * @param freightSum freight of the shipments whose freight is known, in pesos
 * @param freightCount shipments whose freight is known
 */
record RouteCarrierStats(String origin, String destination, String carrier, long shipments, long delivered, long returned,
        long attemptedWithPromise, long onTime, long[] transitHist, long freightSum, long freightCount) {

    /** The histogram's last bucket: 30 business days or more. */
    static final int TRANSIT_OPEN_BUCKET = 30;

    /** On time / attempted with a promise, or null when none was. */
    Double onTimeRate() {
        return ratio(onTime, attemptedWithPromise);
    }

    Double deliveryRate() {
        return ratio(delivered, shipments);
    }

    Double returnRate() {
        return ratio(returned, shipments);
    }

    /** Average freight in whole pesos (half up), or null when no freight is known. */
    Long averageFreight() {
        return freightCount == 0 ? null : Math.round((double) freightSum / freightCount);
    }

    /** Exact average freight, for scoring. */
    Double averageFreightExact() {
        return freightCount == 0 ? null : (double) freightSum / freightCount;
    }

    Integer transitP50() {
        return percentile(transitHist, 50);
    }

    Integer transitP90() {
        return percentile(transitHist, 90);
    }

    /**
     * The {@code percent} percentile of a histogram (nearest rank): the smallest bucket whose cumulative
     * count reaches {@code ceil(percent × total / 100)}; null for an empty histogram. The last bucket reads
     * "30 or more". Integer arithmetic: 0.9 × 10 in doubles is a hair above 9 and would round up to 10.
     */
    static Integer percentile(long[] histogram, int percent) {
        long total = 0;
        for (long n : histogram) {
            total += n;
        }
        if (total == 0) {
            return null;
        }
        long rank = Math.max(1, (percent * total + 99) / 100);
        long cumulative = 0;
        for (int i = 0; i < histogram.length; i++) {
            cumulative += histogram[i];
            if (cumulative >= rank) {
                return i;
            }
        }
        return histogram.length - 1;
    }

    private static Double ratio(long part, long whole) {
        return whole == 0 ? null : (double) part / whole;
    }
}
