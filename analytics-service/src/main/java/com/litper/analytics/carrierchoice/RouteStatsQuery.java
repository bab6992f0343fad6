package com.litper.analytics.carrierchoice;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sums {@code daily_rollup} per route × carrier over a period, for one store or for every store (the
 * network). Counts and the transit histograms are summed in PostgreSQL, so a large period reads one
 * row per route and carrier, not one per day. Runs read-only, on a replica when there is one.
 */
@Component
class RouteStatsQuery {

    private final JdbcClient jdbc;
    private final TransactionTemplate readOnly;

    RouteStatsQuery(JdbcClient jdbc, PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.readOnly = new TransactionTemplate(transactionManager);
        this.readOnly.setReadOnly(true);
    }

    /**
     * What to sum.
     *
     * @param store one store, or null for every store
     * @param from first day (America/Bogota), inclusive
     * @param to last day, inclusive
     * @param origin only this origin department, or null
     * @param destination only this destination department, or null
     */
    record Filter(UUID store, LocalDate from, LocalDate to, String origin, String destination) {
    }

    /** The sums, ordered by origin, destination and carrier. */
    List<RouteCarrierStats> sum(Filter filter) {
        StringBuilder where = new StringBuilder("day BETWEEN :from AND :to");
        Map<String, Object> params = new TreeMap<>();
        params.put("from", filter.from());
        params.put("to", filter.to());
        if (filter.store() != null) {
            where.append(" AND store_id = :store");
            params.put("store", filter.store());
        }
        if (filter.origin() != null) {
            where.append(" AND origin_department = :origin");
            params.put("origin", filter.origin());
        }
        if (filter.destination() != null) {
            where.append(" AND destination_department = :destination");
            params.put("destination", filter.destination());
        }
        String sql = """
                WITH r AS (SELECT * FROM analytics.daily_rollup WHERE %s),
                counts AS (
                    SELECT origin_department AS o, destination_department AS d, carrier AS c,
                           sum(shipments) AS shipments, sum(delivered) AS delivered, sum(returned) AS returned,
                           sum(attempted_with_promise) AS attempted_with_promise, sum(on_time) AS on_time,
                           sum(freight_sum) AS freight_sum, sum(freight_count) AS freight_count
                    FROM r GROUP BY 1, 2, 3),
                buckets AS (
                    SELECT r.origin_department AS o, r.destination_department AS d, r.carrier AS c, t.i, sum(t.n) AS n
                    FROM r CROSS JOIN LATERAL unnest(r.transit_hist) WITH ORDINALITY AS t(n, i)
                    GROUP BY 1, 2, 3, 4),
                hist AS (
                    SELECT o, d, c, array_agg(i ORDER BY i) AS idx, array_agg(n ORDER BY i) AS n FROM buckets GROUP BY 1, 2, 3)
                SELECT counts.*, hist.idx, hist.n FROM counts LEFT JOIN hist USING (o, d, c)
                ORDER BY o, d, c""".formatted(where);
        return readOnly.execute(tx -> {
            JdbcClient.StatementSpec statement = jdbc.sql(sql);
            for (Map.Entry<String, Object> param : params.entrySet()) {
                statement = statement.param(param.getKey(), param.getValue());
            }
            return statement.query(RouteStatsQuery::row).list();
        });
    }

    private static RouteCarrierStats row(ResultSet rs, int n) throws SQLException {
        long[] hist = new long[RouteCarrierStats.TRANSIT_OPEN_BUCKET + 1];
        Array idx = rs.getArray("idx");
        Array counts = rs.getArray("n");
        if (idx != null && counts != null) {
            Object[] positions = (Object[]) idx.getArray();
            Object[] values = (Object[]) counts.getArray();
            for (int k = 0; k < positions.length; k++) {
                // unnest's ordinality is 1-based; anything past the last bucket reads "30 or more".
                int bucket = Math.min(((Number) positions[k]).intValue() - 1, RouteCarrierStats.TRANSIT_OPEN_BUCKET);
                if (bucket >= 0 && values[k] != null) {
                    hist[bucket] += ((Number) values[k]).longValue();
                }
            }
        }
        return new RouteCarrierStats(rs.getString("o"), rs.getString("d"), rs.getString("c"), rs.getLong("shipments"),
                rs.getLong("delivered"), rs.getLong("returned"), rs.getLong("attempted_with_promise"), rs.getLong("on_time"), hist,
                rs.getLong("freight_sum"), rs.getLong("freight_count"));
    }

    /** Ungrouped helper for callers that want the list keyed by route. */
    static Map<String, List<RouteCarrierStats>> byRoute(List<RouteCarrierStats> stats) {
        Map<String, List<RouteCarrierStats>> routes = new TreeMap<>();
        for (RouteCarrierStats s : stats) {
            routes.computeIfAbsent(s.origin() + "-" + s.destination(), k -> new ArrayList<>()).add(s);
        }
        return routes;
    }
}
