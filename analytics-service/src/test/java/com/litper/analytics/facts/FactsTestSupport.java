package com.litper.analytics.facts;

import com.litper.embedded.EmbeddedInfrastructure;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * analytics-service whole against the embedded PostgreSQL, its scheduled fact jobs off (tests run
 * them), and hand-made histories written straight into {@code analytics.event} in the shape the
 * schema (V2) documents. Every test starts from empty events, facts, rollups and watermarks.
 */
@ExtendWith(EmbeddedInfrastructure.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "litper.analytics.facts.enabled=false")
public abstract class FactsTestSupport {

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcTemplate jdbc;

    @Autowired
    protected FactJobs jobs;

    @BeforeEach
    void emptyTables() {
        jdbc.execute("TRUNCATE analytics.event, analytics.shipment_fact, analytics.daily_rollup, analytics.job_watermark");
    }

    /** A time of day in Bogotá (UTC-5, no daylight saving). */
    protected static Instant bogota(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(FactBuilder.ZONE).toInstant();
    }

    /** A new order of {@code store}, with one shipment, whose events the test writes. */
    protected History order(UUID store) {
        return new History(store, UUID.randomUUID(), UUID.randomUUID());
    }

    /** Writes one order's events as the feed would (one row per event, keyed as V2 documents). */
    protected final class History {

        public final UUID store;
        public final UUID orderId;
        public final UUID shipmentId;
        private String carrier = "servientrega";
        private int events;

        History(UUID store, UUID orderId, UUID shipmentId) {
            this.store = store;
            this.orderId = orderId;
            this.shipmentId = shipmentId;
        }

        public History placed(Instant at, String origin, String destination, long cashOnDelivery) {
            jdbc.update("""
                    INSERT INTO analytics.event (event_key, kind, store_id, order_id, occurred_at, origin_department, destination_department,
                        destination_municipality, cash_on_delivery, declared_value)
                    VALUES (?, 'ORDER_PLACED', ?, ?, ?, ?, ?, ?, ?, ?)""",
                    "order:" + orderId, store, orderId, Timestamp.from(at), origin, destination, destination + "001", cashOnDelivery, 100_000L);
            return this;
        }

        public History booked(Instant at, String carrierCode, LocalDate promised, long freight) {
            this.carrier = carrierCode;
            jdbc.update("""
                    INSERT INTO analytics.event (event_key, kind, store_id, order_id, occurred_at, shipment_id, carrier, tracking_number,
                        status, changed_status, promised_date, freight)
                    VALUES (?, 'SHIPMENT_BOOKED', ?, ?, ?, ?, ?, ?, 'CREATED', true, ?, ?)""",
                    "shipment:" + shipmentId + ":booked", store, orderId, Timestamp.from(at), shipmentId, carrierCode,
                    "TN" + orderId.toString().substring(0, 8), promised, freight);
            return this;
        }

        /** A carrier event: the shipment's status after it, whether it moved the status, the novedad cause (or null). */
        public History event(Instant at, String status, boolean changed, String cause) {
            return event(at, status, changed, cause, null);
        }

        public History event(Instant at, String status, boolean changed, String cause, Long cashCollected) {
            events++;
            jdbc.update("""
                    INSERT INTO analytics.event (event_key, kind, store_id, order_id, occurred_at, shipment_id, carrier, tracking_number,
                        status, carrier_status, changed_status, novedad_cause, reason, cash_collected)
                    VALUES (?, 'CARRIER_EVENT', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                    "shipment:" + shipmentId + ":e" + events, store, orderId, Timestamp.from(at), shipmentId, carrier,
                    "TN" + orderId.toString().substring(0, 8), status, status.toLowerCase(), changed, cause,
                    cause == null ? null : "motivo " + cause, cashCollected);
            return this;
        }

        public History moved(Instant at, String status) {
            return event(at, status, true, null);
        }

        public History novedad(Instant at, String cause) {
            return event(at, "EXCEPTION", true, cause);
        }
    }

    /** Every fact row, without its computation time, ordered by order id. */
    protected List<Map<String, Object>> factRows() {
        return jdbc.queryForList("SELECT * FROM analytics.shipment_fact ORDER BY order_id").stream()
                .map(row -> {
                    row.remove("updated_at");
                    return row;
                }).toList();
    }

    /** Every rollup row, without its computation time, arrays and jsonb as text, in key order. */
    protected List<Map<String, Object>> rollupRows() {
        return jdbc.queryForList("""
                SELECT store_id, day, carrier, origin_department, destination_department, shipments, delivered, returned,
                       attempted_with_promise, on_time, attempted, first_attempt_ok, with_novedad, novedad_causes::text AS novedad_causes,
                       transit_hist::text AS transit_hist, first_scan_hist::text AS first_scan_hist, freight_sum, freight_count,
                       cod_shipments, cod_amount
                FROM analytics.daily_rollup ORDER BY store_id, day, carrier, origin_department, destination_department""");
    }

    protected Map<String, Object> fact(UUID orderId) {
        return jdbc.queryForMap("SELECT * FROM analytics.shipment_fact WHERE order_id = ?", orderId);
    }

    /** The three orders of {@link #knownHistory}. */
    protected record Known(History holidayTransit, History lateByNovedad, History returned) {
    }

    /**
     * Three orders of one store in the week of San José 2025 (Wednesday 19 March, observed on Monday
     * 24 March), carrier servientrega, with answers worked out by hand:
     * <ul>
     * <li>holidayTransit (11 → 05): placed and booked Friday 21 March, scanned 5 h after booking,
     *     delivered at the first attempt on Tuesday 25 March, promised Wednesday 26: on time; 1
     *     business day in transit (the weekend and the holiday Monday do not count);</li>
     * <li>lateByNovedad (11 → 05, COD 80,000, collected): booked Monday 17 March, promised Wednesday
     *     19, scanned after 2 h; a WRONG_ADDRESS novedad at the hub on Tuesday 18 (in transit: not a
     *     delivery attempt), delivered at the first attempt on Friday 21: late, 4 business days;</li>
     * <li>returned (11 → 76, COD 50,000): booked Tuesday 18 March, promised Thursday 20, scanned after
     *     1 h; out for delivery on Thursday 20 and REFUSED that afternoon (the first attempt, failed but
     *     on time), returned on Tuesday 25.</li>
     * </ul>
     */
    protected Known knownHistory(UUID store) {
        History holiday = order(store)
                .placed(bogota("2025-03-21T09:00"), "11", "05", 0)
                .booked(bogota("2025-03-21T10:00"), "servientrega", LocalDate.parse("2025-03-26"), 12_000)
                .moved(bogota("2025-03-21T15:00"), "PICKED_UP")
                .moved(bogota("2025-03-22T07:00"), "IN_TRANSIT")
                .moved(bogota("2025-03-25T08:00"), "OUT_FOR_DELIVERY")
                .moved(bogota("2025-03-25T14:00"), "DELIVERED");
        History late = order(store)
                .placed(bogota("2025-03-17T09:00"), "11", "05", 80_000)
                .booked(bogota("2025-03-17T10:00"), "servientrega", LocalDate.parse("2025-03-19"), 14_000)
                .moved(bogota("2025-03-17T12:00"), "PICKED_UP")
                .moved(bogota("2025-03-18T06:00"), "IN_TRANSIT")
                .novedad(bogota("2025-03-18T10:00"), "WRONG_ADDRESS")
                .moved(bogota("2025-03-19T09:00"), "IN_TRANSIT")
                .moved(bogota("2025-03-21T08:00"), "OUT_FOR_DELIVERY")
                .event(bogota("2025-03-21T12:00"), "DELIVERED", true, null, 80_000L);
        History returned = order(store)
                .placed(bogota("2025-03-18T09:00"), "11", "76", 50_000)
                .booked(bogota("2025-03-18T10:00"), "servientrega", LocalDate.parse("2025-03-20"), 16_000)
                .moved(bogota("2025-03-18T11:30"), "PICKED_UP")
                .moved(bogota("2025-03-20T08:00"), "OUT_FOR_DELIVERY")
                .novedad(bogota("2025-03-20T16:00"), "REFUSED")
                .moved(bogota("2025-03-25T10:00"), "RETURNED");
        return new Known(holiday, late, returned);
    }
}
