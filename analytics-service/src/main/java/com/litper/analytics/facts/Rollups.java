package com.litper.analytics.facts;

import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Recomputes {@code daily_rollup} from {@code shipment_fact}: every row of a (store, day) is
 * deleted and inserted again inside the caller's transaction, so a combination that no longer has
 * shipments (a fact that moved to another carrier) disappears. Only booked shipments (a fact with a
 * carrier) that were not cancelled are counted: a cancellation says nothing about the carrier.
 */
@Component
public class Rollups {

    /** {@code transit_hist} has buckets 0..29 business days and one for 30 or more. */
    public static final int TRANSIT_BUCKETS = 31;
    /** {@code first_scan_hist} has buckets 0..71 whole hours and one for 72 or more. */
    public static final int FIRST_SCAN_BUCKETS = 73;
    private static final int PAIRS_PER_STATEMENT = 1000;
    private static final int DAYS_PER_STATEMENT = 7;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final String FACT_COLUMNS = """
            SELECT store_id, day, carrier, origin_department, destination_department, booked_at, first_scan_at, first_attempt_at,
                   first_attempt_ok, promised_date, on_time, delivered_at, returned_at, novedades, first_novedad_cause,
                   transit_business_days, freight, cash_on_delivery
            FROM analytics.shipment_fact""";

    /** The facts a rollup counts: booked, not cancelled. */
    private static final String COUNTED = " AND carrier IS NOT NULL AND status <> 'CANCELLED'";

    private final JdbcTemplate jdbc;

    Rollups(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Recomputes every rollup row of the given (store, day) pairs. */
    public void recompute(Collection<StoreDay> pairs) {
        List<StoreDay> all = new ArrayList<>(pairs);
        for (int start = 0; start < all.size(); start += PAIRS_PER_STATEMENT) {
            List<StoreDay> chunk = all.subList(start, Math.min(all.size(), start + PAIRS_PER_STATEMENT));
            UUID[] stores = chunk.stream().map(StoreDay::storeId).toArray(UUID[]::new);
            Date[] days = chunk.stream().map(p -> Date.valueOf(p.day())).toArray(Date[]::new);
            jdbc.update("""
                    DELETE FROM analytics.daily_rollup r USING unnest(?::uuid[], ?::date[]) AS p(store_id, day)
                    WHERE r.store_id = p.store_id AND r.day = p.day""", ps -> pairParameters(ps, stores, days));
            Map<Key, Counts> counts = new HashMap<>();
            jdbc.query(FACT_COLUMNS + " WHERE (store_id, day) IN (SELECT * FROM unnest(?::uuid[], ?::date[]))" + COUNTED,
                    ps -> pairParameters(ps, stores, days), (ResultSet rs) -> add(counts, rs));
            insert(counts);
        }
    }

    /** Recomputes every rollup row of the days from {@code from} to {@code to} inclusive, of every store. */
    public void recomputeDays(LocalDate from, LocalDate to) {
        for (LocalDate start = from; !start.isAfter(to); start = start.plusDays(DAYS_PER_STATEMENT)) {
            LocalDate end = start.plusDays(DAYS_PER_STATEMENT - 1).isAfter(to) ? to : start.plusDays(DAYS_PER_STATEMENT - 1);
            jdbc.update("DELETE FROM analytics.daily_rollup WHERE day BETWEEN ? AND ?", Date.valueOf(start), Date.valueOf(end));
            Map<Key, Counts> counts = new HashMap<>();
            jdbc.query(FACT_COLUMNS + " WHERE day BETWEEN ? AND ?" + COUNTED, (ResultSet rs) -> add(counts, rs),
                    Date.valueOf(start), Date.valueOf(end));
            insert(counts);
        }
    }

    private static void pairParameters(PreparedStatement ps, UUID[] stores, Date[] days) throws SQLException {
        ps.setArray(1, ps.getConnection().createArrayOf("uuid", stores));
        ps.setArray(2, ps.getConnection().createArrayOf("date", days));
    }

    private record Key(UUID storeId, LocalDate day, String carrier, String origin, String destination) {
    }

    /** One rollup row being summed. */
    private static final class Counts {
        int shipments;
        int delivered;
        int returned;
        int attemptedWithPromise;
        int onTime;
        int attempted;
        int firstAttemptOk;
        int withNovedad;
        final Map<String, Integer> causes = new TreeMap<>();
        final Integer[] transit = zeros(TRANSIT_BUCKETS);
        final Integer[] firstScan = zeros(FIRST_SCAN_BUCKETS);
        long freightSum;
        int freightCount;
        int codShipments;
        long codAmount;
    }

    private static Integer[] zeros(int n) {
        Integer[] buckets = new Integer[n];
        Arrays.fill(buckets, 0);
        return buckets;
    }

    private static void add(Map<Key, Counts> all, ResultSet rs) throws SQLException {
        Key key = new Key(rs.getObject(1, UUID.class), rs.getObject(2, LocalDate.class), rs.getString(3), rs.getString(4), rs.getString(5));
        Counts c = all.computeIfAbsent(key, k -> new Counts());
        Timestamp bookedAt = rs.getTimestamp(6);
        Timestamp firstScanAt = rs.getTimestamp(7);
        Timestamp firstAttemptAt = rs.getTimestamp(8);
        boolean firstAttemptOk = rs.getBoolean(9);
        boolean promised = rs.getObject(10) != null;
        boolean onTime = rs.getBoolean(11);
        boolean delivered = rs.getTimestamp(12) != null;
        boolean returned = rs.getTimestamp(13) != null;
        int novedades = rs.getInt(14);
        String cause = rs.getString(15);
        Integer transit = (Integer) rs.getObject(16);
        Long freight = (Long) rs.getObject(17);
        long cod = rs.getLong(18);

        c.shipments++;
        if (delivered) {
            c.delivered++;
            if (transit != null) {
                c.transit[Math.max(0, Math.min(transit, TRANSIT_BUCKETS - 1))]++;
            }
        }
        if (returned) {
            c.returned++;
        }
        if (firstAttemptAt != null) {
            c.attempted++;
            if (firstAttemptOk) {
                c.firstAttemptOk++;
            }
            if (promised) {
                c.attemptedWithPromise++;
                if (onTime) {
                    c.onTime++;
                }
            }
        }
        if (novedades > 0) {
            c.withNovedad++;
            c.causes.merge(cause == null ? FactBuilder.OTHER_CAUSE : cause, 1, Integer::sum);
        }
        if (bookedAt != null && firstScanAt != null) {
            long hours = Math.max(0, Duration.between(bookedAt.toInstant(), firstScanAt.toInstant()).toHours());
            c.firstScan[(int) Math.min(hours, FIRST_SCAN_BUCKETS - 1)]++;
        }
        if (freight != null) {
            c.freightSum += freight;
            c.freightCount++;
        }
        if (cod > 0) {
            c.codShipments++;
            c.codAmount += cod;
        }
    }

    private void insert(Map<Key, Counts> counts) {
        if (counts.isEmpty()) {
            return;
        }
        List<Map.Entry<Key, Counts>> rows = new ArrayList<>(counts.entrySet());
        jdbc.batchUpdate("""
                INSERT INTO analytics.daily_rollup (store_id, day, carrier, origin_department, destination_department, shipments, delivered,
                    returned, attempted_with_promise, on_time, attempted, first_attempt_ok, with_novedad, novedad_causes, transit_hist,
                    first_scan_hist, freight_sum, freight_count, cod_shipments, cod_amount, computed_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, now())""",
                rows, 500, (ps, row) -> {
                    Key k = row.getKey();
                    Counts c = row.getValue();
                    ps.setObject(1, k.storeId());
                    ps.setObject(2, Date.valueOf(k.day()));
                    ps.setString(3, k.carrier());
                    ps.setString(4, k.origin());
                    ps.setString(5, k.destination());
                    ps.setInt(6, c.shipments);
                    ps.setInt(7, c.delivered);
                    ps.setInt(8, c.returned);
                    ps.setInt(9, c.attemptedWithPromise);
                    ps.setInt(10, c.onTime);
                    ps.setInt(11, c.attempted);
                    ps.setInt(12, c.firstAttemptOk);
                    ps.setInt(13, c.withNovedad);
                    ps.setString(14, JSON.writeValueAsString(c.causes));
                    ps.setArray(15, ps.getConnection().createArrayOf("integer", c.transit));
                    ps.setArray(16, ps.getConnection().createArrayOf("integer", c.firstScan));
                    ps.setLong(17, c.freightSum);
                    ps.setInt(18, c.freightCount);
                    ps.setInt(19, c.codShipments);
                    ps.setLong(20, c.codAmount);
                });
    }
}
