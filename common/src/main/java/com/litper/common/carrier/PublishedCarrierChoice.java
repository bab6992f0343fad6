package com.litper.common.carrier;

import java.time.Instant;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * One carrier choice analytics-service publishes in Redis for worker-service (docs/analytics.md,
 * "Carrier choice"): the value of a field of the store's hash {@link #key(UUID)}. A field is a route,
 * {@code <originDept>-<destinationDept>} ({@link #routeField}), or {@link #FALLBACK_FIELD}, the carrier
 * of the store's routes without a measured choice; analytics-service also keeps the version of the
 * store's rule there (field {@code version}). The hash expires unless analytics-service publishes
 * it again, so a stale choice disappears and worker-service falls back to its configured rule.
 *
 * @param carrier the carrier's registry code
 * @param basis whose numbers chose it
 * @param score the score it won with ({@code onTimeRate - costWeight × (freight / cheapest freight - 1)}); null for the fallback
 * @param onTimeRate its on-time rate on the route, 0..1; null for the fallback
 * @param sample shipments with a known on-time outcome its rate was measured on; 0 for the fallback
 * @param computedAt when analytics-service computed it
 * @param reason the choice in words, for the store owner
 */
public record PublishedCarrierChoice(String carrier, Basis basis, Double score, Double onTimeRate, long sample, Instant computedAt,
        String reason) {

    /** Whose numbers chose the carrier. */
    public enum Basis {
        /** The store's own shipments on the route. */
        STORE,
        /** Every store's shipments on the route: the store had too few of its own. */
        NETWORK,
        /** The store's fallback carrier: no carrier had enough shipments, or the rule is FIXED. */
        FALLBACK
    }

    /** Department code of an unknown origin (DANE codes are 2 digits; '00' is none of them). */
    public static final String UNKNOWN_ORIGIN = "00";

    /** The hash field holding the store's fallback carrier. */
    public static final String FALLBACK_FIELD = "fallback";

    private static final Pattern DEPARTMENT = Pattern.compile("\\d{2}");

    /** HASH of a store's choices: route field or {@link #FALLBACK_FIELD} → this record as JSON; with a TTL. */
    public static String key(UUID storeId) {
        return "litper:carrier-choice:" + storeId;
    }

    /** The field of the route from {@code originDepartment} to {@code destinationDepartment}, e.g. {@code 11-05}. */
    public static String routeField(String originDepartment, String destinationDepartment) {
        return originDepartment + "-" + destinationDepartment;
    }

    /** Whether {@code code} is a department code as routes use it: two digits. */
    public static boolean isDepartment(String code) {
        return code != null && DEPARTMENT.matcher(code).matches();
    }
}
