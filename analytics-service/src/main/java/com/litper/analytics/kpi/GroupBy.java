package com.litper.analytics.kpi;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** A dimension KPIs are grouped by; a route is the pair of DANE department codes, origin and destination. */
public enum GroupBy {
    CARRIER(List.of("carrier")),
    ROUTE(List.of("origin_department", "destination_department")),
    STORE(List.of("store_id")),
    DAY(List.of("day"));

    private final List<String> columns;

    GroupBy(List<String> columns) {
        this.columns = columns;
    }

    /** The {@code daily_rollup} columns of the dimension. */
    List<String> columns() {
        return columns;
    }

    /** The dimension named {@code name} (carrier, route, store, day; any case). */
    public static Optional<GroupBy> parse(String name) {
        for (GroupBy value : values()) {
            if (value.name().equals(name.toUpperCase(Locale.ROOT))) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }
}
