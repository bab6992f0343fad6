package com.litper.analytics.kpi;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * What to sum: the days (America/Bogota, the day each order was placed) from {@code from} to
 * {@code to} inclusive, grouped by {@code groupBy} (none: one total row), optionally only one store,
 * carrier, origin or destination department (null: all).
 */
public record KpiQuery(LocalDate from, LocalDate to, List<GroupBy> groupBy, UUID store, String carrier, String origin,
        String destination) {

    public KpiQuery {
        groupBy = List.copyOf(groupBy);
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("to (" + to + ") is before from (" + from + ")");
        }
    }

    /** Every store, carrier and route. */
    public static KpiQuery of(LocalDate from, LocalDate to, GroupBy... groupBy) {
        return new KpiQuery(from, to, List.of(groupBy), null, null, null, null);
    }

    public KpiQuery forStore(UUID storeId) {
        return new KpiQuery(from, to, groupBy, storeId, carrier, origin, destination);
    }
}
