package com.litper.analytics.report;

import com.litper.analytics.kpi.GroupBy;
import com.litper.analytics.kpi.KpiQueries;
import com.litper.analytics.kpi.KpiQuery;
import com.litper.analytics.kpi.KpiRow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The few reads reports need over {@code shipment_fact} and {@code daily_rollup}, in read-only
 * transactions (so on a replica when there is one). KPIs come from {@link KpiQueries}, the KPI
 * endpoint's sums of rollup counts and histograms (docs/analytics.md, "KPIs"); the orders stream from
 * the facts with a fetch size, so a store's year of orders never sits in memory at once.
 */
@Component
class ReportData {

    private final JdbcClient jdbc;
    private final JdbcTemplate streaming;
    private final TransactionTemplate readOnly;
    private final TransactionTemplate snapshot;
    private final KpiQueries kpis;

    ReportData(JdbcClient jdbc, DataSource dataSource, PlatformTransactionManager transactionManager, ReportProperties properties,
            KpiQueries kpis) {
        this.jdbc = jdbc;
        this.kpis = kpis;
        this.streaming = new JdbcTemplate(dataSource);
        // pgjdbc honours the fetch size only inside a transaction: without one it reads every row first.
        this.streaming.setFetchSize(properties.fetchSize());
        this.readOnly = new TransactionTemplate(transactionManager);
        this.readOnly.setReadOnly(true);
        this.snapshot = new TransactionTemplate(transactionManager);
        this.snapshot.setReadOnly(true);
        this.snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
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

    /**
     * Each carrier's KPIs over the period, by carrier code, from {@link KpiQueries} (the KPI
     * endpoint's sums): the counts and the summed transit histogram; {@link CarrierKpis} derives
     * the rates and percentiles from them. Carriers without rollup rows in the period are absent.
     */
    List<CarrierKpis> carrierKpis(UUID storeId, LocalDate from, LocalDate to) {
        return kpis.kpis(new KpiQuery(from, to, List.of(GroupBy.CARRIER), storeId, null, null, null)).stream()
                .map(ReportData::carrierKpis).toList();
    }

    private static CarrierKpis carrierKpis(KpiRow row) {
        long[] transit = new long[CarrierKpis.TRANSIT_BUCKETS];
        for (int i = 0; i < Math.min(transit.length, row.transitHistogram().size()); i++) {
            transit[i] = row.transitHistogram().get(i);
        }
        return new CarrierKpis(row.carrier(), row.shipments(), row.delivered(), row.returned(), row.attemptedWithPromise(), row.onTime(),
                row.attempted(), row.firstAttemptOk(), row.withNovedad(), row.freightSum(), row.freightCount(), row.codShipments(),
                row.codAmount(), transit);
    }

    /** One week's on-time count (Monday to Sunday). */
    record Week(LocalDate monday, long shipments, long attemptedWithPromise, long onTime) {

        Double onTimeRate() {
            return attemptedWithPromise == 0 ? null : (double) onTime / attemptedWithPromise;
        }
    }

    /** The store's weeks that have rollups between {@code from} and {@code to}, oldest first: {@link KpiQueries}' days summed by week. */
    List<Week> weeks(UUID storeId, LocalDate from, LocalDate to) {
        Map<LocalDate, long[]> weeks = new TreeMap<>();
        for (KpiRow day : kpis.kpis(new KpiQuery(from, to, List.of(GroupBy.DAY), storeId, null, null, null))) {
            long[] sums = weeks.computeIfAbsent(day.day().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)), monday -> new long[3]);
            sums[0] += day.shipments();
            sums[1] += day.attemptedWithPromise();
            sums[2] += day.onTime();
        }
        List<Week> list = new ArrayList<>();
        weeks.forEach((monday, sums) -> list.add(new Week(monday, sums[0], sums[1], sums[2])));
        return list;
    }

    /** Shipments by their first novedad's cause over the period, most frequent first (the {@link KpiQueries} total's causes). */
    List<Map.Entry<String, Long>> novedadCauses(UUID storeId, LocalDate from, LocalDate to) {
        List<KpiRow> total = kpis.kpis(new KpiQuery(from, to, List.of(), storeId, null, null, null));
        List<Map.Entry<String, Long>> causes = new ArrayList<>(total.isEmpty() ? List.of() : total.get(0).novedadesByCause().entrySet());
        causes.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        return causes.stream().map(e -> Map.entry(e.getKey(), e.getValue())).toList();
    }

    /**
     * Runs {@code reads} in one read-only, repeatable-read transaction, so several KPI reads of a
     * report (the summary's carriers, weeks and causes) see one snapshot of the rollups.
     */
    <T> T snapshot(Supplier<T> reads) {
        return snapshot.execute(tx -> reads.get());
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
