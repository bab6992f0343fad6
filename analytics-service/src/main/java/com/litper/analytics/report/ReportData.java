package com.litper.analytics.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The few reads reports need over {@code shipment_fact} and {@code daily_rollup}, in read-only
 * transactions (so on a replica when there is one). KPIs are sums of rollup counts and histograms,
 * the way docs/analytics.md defines them; the orders stream from the facts with a fetch size, so a
 * store's year of orders never sits in memory at once.
 */
@Component
class ReportData {

    private final JdbcClient jdbc;
    private final JdbcTemplate streaming;
    private final TransactionTemplate readOnly;

    ReportData(JdbcClient jdbc, DataSource dataSource, PlatformTransactionManager transactionManager, ReportProperties properties) {
        this.jdbc = jdbc;
        this.streaming = new JdbcTemplate(dataSource);
        // pgjdbc honours the fetch size only inside a transaction: without one it reads every row first.
        this.streaming.setFetchSize(properties.fetchSize());
        this.readOnly = new TransactionTemplate(transactionManager);
        this.readOnly.setReadOnly(true);
    }

    /** One order's row of the orders report, as {@link #orders} hands it out. */
    @FunctionalInterface
    interface OrderRows {
        void accept(ResultSet row) throws SQLException, IOException;
    }

    /** Streams the store's shipment facts of the period, by day and placing time. */
    void orders(UUID storeId, LocalDate from, LocalDate to, OrderRows rows) throws IOException {
        try {
            readOnly.executeWithoutResult(tx -> streaming.query("""
                    SELECT order_id, day, carrier, tracking_number, origin_department, destination_department, status,
                           cash_on_delivery, cash_collected, freight, placed_at, booked_at, promised_date, first_attempt_at,
                           delivered_at, returned_at, novedades, first_novedad_cause, transit_business_days, on_time
                    FROM analytics.shipment_fact
                    WHERE store_id = ? AND day BETWEEN ? AND ?
                    ORDER BY day, placed_at, order_id""", rs -> {
                        try {
                            rows.accept(rs);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }, storeId, from, to));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Each carrier's KPIs over the period, by carrier code; carriers without shipments are absent. */
    List<CarrierKpis> carrierKpis(UUID storeId, LocalDate from, LocalDate to) {
        return readOnly.execute(tx -> {
            Map<String, long[]> hist = transitHistograms(storeId, from, to);
            return jdbc.sql("""
                    SELECT carrier, sum(shipments) AS shipments, sum(delivered) AS delivered, sum(returned) AS returned,
                           sum(attempted_with_promise) AS attempted_with_promise, sum(on_time) AS on_time,
                           sum(attempted) AS attempted, sum(first_attempt_ok) AS first_attempt_ok,
                           sum(with_novedad) AS with_novedad, sum(freight_sum) AS freight_sum, sum(freight_count) AS freight_count,
                           sum(cod_shipments) AS cod_shipments, sum(cod_amount) AS cod_amount
                    FROM analytics.daily_rollup
                    WHERE store_id = :store AND day BETWEEN :from AND :to
                    GROUP BY carrier
                    ORDER BY carrier""")
                    .param("store", storeId).param("from", from).param("to", to)
                    .query((rs, n) -> new CarrierKpis(rs.getString("carrier"), rs.getLong("shipments"), rs.getLong("delivered"),
                            rs.getLong("returned"), rs.getLong("attempted_with_promise"), rs.getLong("on_time"), rs.getLong("attempted"),
                            rs.getLong("first_attempt_ok"), rs.getLong("with_novedad"), rs.getLong("freight_sum"),
                            rs.getLong("freight_count"), rs.getLong("cod_shipments"), rs.getLong("cod_amount"),
                            hist.getOrDefault(rs.getString("carrier"), new long[CarrierKpis.TRANSIT_BUCKETS])))
                    .list();
        });
    }

    /** Summed transit histograms per carrier (element-wise sums of the rollups' {@code transit_hist}). */
    private Map<String, long[]> transitHistograms(UUID storeId, LocalDate from, LocalDate to) {
        Map<String, long[]> hist = new LinkedHashMap<>();
        jdbc.sql("""
                SELECT r.carrier, h.i, sum(h.n) AS n
                FROM analytics.daily_rollup r CROSS JOIN LATERAL unnest(r.transit_hist) WITH ORDINALITY AS h(n, i)
                WHERE r.store_id = :store AND r.day BETWEEN :from AND :to
                GROUP BY r.carrier, h.i""")
                .param("store", storeId).param("from", from).param("to", to)
                .query(rs -> {
                    int bucket = rs.getInt("i") - 1;
                    if (bucket >= 0 && bucket < CarrierKpis.TRANSIT_BUCKETS) {
                        hist.computeIfAbsent(rs.getString("carrier"), c -> new long[CarrierKpis.TRANSIT_BUCKETS])[bucket] = rs.getLong("n");
                    }
                });
        return hist;
    }

    /** One week's on-time count (Monday to Sunday). */
    record Week(LocalDate monday, long shipments, long attemptedWithPromise, long onTime) {

        Double onTimeRate() {
            return attemptedWithPromise == 0 ? null : (double) onTime / attemptedWithPromise;
        }
    }

    /** The store's weeks that have rollups between {@code from} and {@code to}, oldest first. */
    List<Week> weeks(UUID storeId, LocalDate from, LocalDate to) {
        return readOnly.execute(tx -> jdbc.sql("""
                SELECT date_trunc('week', day)::date AS monday, sum(shipments) AS shipments,
                       sum(attempted_with_promise) AS attempted_with_promise, sum(on_time) AS on_time
                FROM analytics.daily_rollup
                WHERE store_id = :store AND day BETWEEN :from AND :to
                GROUP BY 1
                ORDER BY 1""")
                .param("store", storeId).param("from", from).param("to", to)
                .query((rs, n) -> new Week(rs.getObject("monday", LocalDate.class), rs.getLong("shipments"),
                        rs.getLong("attempted_with_promise"), rs.getLong("on_time")))
                .list());
    }

    /** Shipments by their first novedad's cause over the period, most frequent first. */
    List<Map.Entry<String, Long>> novedadCauses(UUID storeId, LocalDate from, LocalDate to) {
        List<Map.Entry<String, Long>> causes = new ArrayList<>();
        readOnly.executeWithoutResult(tx -> jdbc.sql("""
                SELECT c.key AS cause, sum(c.value::bigint) AS n
                FROM analytics.daily_rollup r CROSS JOIN LATERAL jsonb_each_text(r.novedad_causes) AS c
                WHERE r.store_id = :store AND r.day BETWEEN :from AND :to
                GROUP BY c.key
                ORDER BY n DESC, c.key""")
                .param("store", storeId).param("from", from).param("to", to)
                .query(rs -> {
                    causes.add(Map.entry(rs.getString("cause"), rs.getLong("n")));
                }));
        return causes;
    }

    /** Stores with at least one shipment counted on a day between {@code from} and {@code to}. */
    List<UUID> storesWithShipments(LocalDate from, LocalDate to) {
        return readOnly.execute(tx -> jdbc.sql("""
                SELECT DISTINCT store_id FROM analytics.daily_rollup
                WHERE day BETWEEN :from AND :to AND shipments > 0
                ORDER BY store_id""")
                .param("from", from).param("to", to)
                .query(UUID.class).list());
    }
}
