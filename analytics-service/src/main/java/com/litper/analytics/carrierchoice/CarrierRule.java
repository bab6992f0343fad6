package com.litper.analytics.carrierchoice;

import java.time.Instant;

/**
 * A store's carrier rule (docs/analytics.md, "Carrier choice").
 *
 * @param mode FIXED: every order goes to {@code fallbackCarrier} (none: worker-service's configured rule);
 *     BEST_MEASURED: the best measured carrier per route, else {@code fallbackCarrier}
 * @param minSample shipments with a known on-time outcome a carrier needs on a route to be chosen there
 * @param windowDays days of shipments measured, ending yesterday (America/Bogota)
 * @param costWeight how much a dearer freight costs in score: {@code score = onTimeRate - costWeight × (freight / cheapest - 1)}
 * @param fallbackCarrier carrier code, or null for worker-service's configured rule
 * @param updatedAt when the owner saved it; null for a store that never did
 */
record CarrierRule(Mode mode, int minSample, int windowDays, double costWeight, String fallbackCarrier, Instant updatedAt) {

    enum Mode {
        FIXED, BEST_MEASURED
    }

    static final int DEFAULT_MIN_SAMPLE = 30;
    static final int DEFAULT_WINDOW_DAYS = 90;
    static final double DEFAULT_COST_WEIGHT = 0.0;
    static final int MIN_SAMPLE_LIMIT = 100_000;
    static final int MIN_WINDOW_DAYS = 7;
    static final int MAX_WINDOW_DAYS = 365;
    static final double MAX_COST_WEIGHT = 10.0;

    /** The rule of a store whose owner never saved one: worker-service's configured rule for every order. */
    static final CarrierRule DEFAULTS = new CarrierRule(Mode.FIXED, DEFAULT_MIN_SAMPLE, DEFAULT_WINDOW_DAYS, DEFAULT_COST_WEIGHT, null, null);

    boolean saved() {
        return updatedAt != null;
    }
}
