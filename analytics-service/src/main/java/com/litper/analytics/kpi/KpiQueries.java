package com.litper.analytics.kpi;

import com.litper.analytics.facts.Rollups;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

/**
 * KPIs summed from {@code daily_rollup} only, on a read replica (a read-only transaction; common's
 * database routing); a caller's own read-only transaction around several calls makes them one snapshot. The one entry point for the KPI endpoint, reports and carrier choice: counts
 * are sums of rollup rows, percentiles come from summed histograms, so any period and grouping gives
 * the same numbers as its parts added up.
 */
@Service
public class KpiQueries {

    private final JdbcTemplate jdbc;
    /** Streams rollup rows in a transaction instead of loading a whole period's rows at once. */
    private final JdbcTemplate rows;

    KpiQueries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.rows = new JdbcTemplate(jdbc.getDataSource());
        this.rows.setFetchSize(2_000);
    }

    /**
     * One row per group that has shipments in the period, ordered by the group's key. Its statements
     * read one snapshot (repeatable read), so counts and histograms come from the same rollup rows.
     */
    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    public List<KpiRow> kpis(KpiQuery query) {
        List<String> columns = query.groupBy().stream().flatMap(g -> g.columns().stream()).distinct().toList();
        List<Object> parameters = new ArrayList<>();
        StringBuilder conditions = new StringBuilder(" WHERE day BETWEEN ? AND ?");
        parameters.add(Date.valueOf(query.from()));
        parameters.add(Date.valueOf(query.to()));
        filter(conditions, parameters, "store_id", query.store());
        filter(conditions, parameters, "carrier", query.carrier());
        filter(conditions, parameters, "origin_department", query.origin());
        filter(conditions, parameters, "destination_department", query.destination());
        String where = conditions.toString();
        String select = columns.isEmpty() ? "" : String.join(", ", columns) + ", ";
        String groupBy = columns.isEmpty() ? "" : " GROUP BY " + String.join(", ", columns);
        Object[] args = parameters.toArray();

        // One pass over the rollup rows, summed here: PostgreSQL has no element-wise sum of arrays, and
        // unnesting every row's histograms to group them costs far more than adding them up as they stream.
        Map<List<Object>, Sums> groups = new LinkedHashMap<>();
        rows.query("SELECT " + select + """
                shipments, delivered, returned, attempted, first_attempt_ok, attempted_with_promise,
                on_time, with_novedad, freight_sum, freight_count, cod_shipments, cod_amount, transit_hist, first_scan_hist
                FROM analytics.daily_rollup""" + where, (ResultSet rs) -> {
            Sums sums = groups.computeIfAbsent(key(rs, columns.size()), Sums::new);
            int at = columns.size() + 1;
            for (int i = 0; i < sums.counts.length; i++) {
                sums.counts[i] += rs.getLong(at++);
            }
            add(sums.transit, rs.getArray(at++));
            add(sums.firstScan, rs.getArray(at));
        }, args);
        jdbc.query("SELECT " + select + "c.key, sum(c.value::bigint) FROM analytics.daily_rollup, jsonb_each_text(novedad_causes) AS c"
                + where + " GROUP BY " + select + "c.key", (ResultSet rs) -> {
            Sums sums = groups.get(key(rs, columns.size()));
            if (sums != null) {
                sums.causes.merge(rs.getString(columns.size() + 1), rs.getLong(columns.size() + 2), Long::sum);
            }
        }, args);

        List<KpiRow> rows = new ArrayList<>();
        for (Sums sums : groups.values()) {
            rows.add(row(columns, sums));
        }
        rows.sort((a, b) -> compareKeys(keyOf(a, columns), keyOf(b, columns)));
        return rows;
    }

    /** Adds a rollup row's histogram to the group's; a longer array's last buckets go to the last bucket. */
    private static void add(long[] histogram, java.sql.Array column) throws SQLException {
        if (column == null) {
            return;
        }
        Integer[] counts = (Integer[]) column.getArray();
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] != null && counts[i] != 0) {
                histogram[Math.min(i, histogram.length - 1)] += counts[i];
            }
        }
    }

    private static void filter(StringBuilder where, List<Object> parameters, String column, Object value) {
        if (value != null) {
            where.append(" AND ").append(column).append(" = ?");
            parameters.add(value);
        }
    }

    private static List<Object> key(ResultSet rs, int size) throws SQLException {
        List<Object> key = new ArrayList<>(size);
        for (int i = 1; i <= size; i++) {
            Object value = rs.getObject(i);
            key.add(value instanceof Date date ? date.toLocalDate() : value);
        }
        return key;
    }

    private static final class Sums {
        final List<Object> key;
        /** shipments, delivered, returned, attempted, first_attempt_ok, attempted_with_promise, on_time, with_novedad, freight_sum, freight_count, cod_shipments, cod_amount. */
        final long[] counts = new long[12];
        final long[] transit = new long[Rollups.TRANSIT_BUCKETS];
        final long[] firstScan = new long[Rollups.FIRST_SCAN_BUCKETS];
        final Map<String, Long> causes = new TreeMap<>();

        Sums(List<Object> key) {
            this.key = key;
        }
    }

    private static KpiRow row(List<String> columns, Sums s) {
        Map<String, Object> key = new LinkedHashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            key.put(columns.get(i), s.key.get(i));
        }
        long[] c = s.counts;
        long shipments = c[0];
        Map<String, Double> causeRates = new TreeMap<>();
        s.causes.forEach((cause, n) -> causeRates.put(cause, rate(n, shipments)));
        return new KpiRow((UUID) key.get("store_id"), (LocalDate) key.get("day"), (String) key.get("carrier"),
                (String) key.get("origin_department"), (String) key.get("destination_department"),
                shipments, c[1], c[2], c[3], c[4], c[5], c[6], c[7], Collections.unmodifiableMap(s.causes),
                rate(c[1], shipments), rate(c[6], c[5]), rate(c[4], c[3]), rate(c[7], shipments), causeRates, rate(c[2], shipments),
                percentile(s.firstScan, 0.5), percentile(s.transit, 0.5), percentile(s.transit, 0.9), c[8], c[9], c[10], c[11],
                Arrays.stream(s.transit).boxed().toList(), Arrays.stream(s.firstScan).boxed().toList());
    }

    /** A share rounded to 4 decimals; null when nothing was counted. */
    static Double rate(long part, long total) {
        return total == 0 ? null : Math.round(part * 10_000.0 / total) / 10_000.0;
    }

    /** The nearest-rank percentile of a histogram: the first bucket by which at least q of the counts fall. */
    static Integer percentile(long[] histogram, double q) {
        long total = Arrays.stream(histogram).sum();
        if (total == 0) {
            return null;
        }
        long rank = (long) Math.ceil(q * total);
        long seen = 0;
        for (int i = 0; i < histogram.length; i++) {
            seen += histogram[i];
            if (seen >= rank) {
                return i;
            }
        }
        return histogram.length - 1;
    }

    private static List<Object> keyOf(KpiRow row, List<String> columns) {
        return columns.stream().map(column -> switch (column) {
            case "store_id" -> (Object) row.storeId();
            case "day" -> row.day();
            case "carrier" -> row.carrier();
            case "origin_department" -> row.originDepartment();
            default -> row.destinationDepartment();
        }).collect(Collectors.toList());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compareKeys(List<Object> a, List<Object> b) {
        for (int i = 0; i < a.size(); i++) {
            int order = ((Comparable) a.get(i)).compareTo(b.get(i));
            if (order != 0) {
                return order;
            }
        }
        return 0;
    }
}
