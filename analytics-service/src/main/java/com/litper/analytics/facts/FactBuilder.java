package com.litper.analytics.facts;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.PreparedStatementSetter;
import org.springframework.stereotype.Component;

/**
 * Recomputes orders' {@code shipment_fact} rows from all their events (docs/analytics.md, "Facts and
 * rollups"). A fact depends only on the order's events, never on the order they were recorded in,
 * so recomputing is idempotent and an incremental run ends where a rebuild does.
 *
 * <p>Definitions, on the carrier events of the order's (latest) booked shipment ordered by when they
 * happened (ties by arrival):
 * <ul>
 * <li>first scan: the earliest carrier event other than CREATED;</li>
 * <li>novedad: an event with a novedad cause, or one that put the shipment in EXCEPTION;</li>
 * <li>delivery: the earliest event that moved the shipment to DELIVERED; return likewise RETURNED;</li>
 * <li>first delivery attempt: the earliest event that is either the delivery or a novedad that
 *     happened while the furthest status reached so far was OUT_FOR_DELIVERY; it succeeded when it
 *     is the delivery;</li>
 * <li>on time: the first attempt's day (America/Bogota) is on or before the promised date;</li>
 * <li>transit: business days ({@link BusinessDays}) from the booking's day to the delivery's day.</li>
 * </ul>
 * An order whose ORDER_PLACED event has not arrived yet has no fact; that event's arrival makes the
 * next run compute it.
 */
@Component
public class FactBuilder {

    public static final ZoneId ZONE = ZoneId.of("America/Bogota");
    static final String UNKNOWN_DEPARTMENT = "00";
    static final String OTHER_CAUSE = "OTHER";

    private final JdbcTemplate jdbc;
    private final BusinessDays businessDays;

    FactBuilder(JdbcTemplate jdbc, BusinessDays businessDays) {
        this.jdbc = jdbc;
        this.businessDays = businessDays;
    }

    /**
     * Recomputes and upserts the facts of {@code orderIds} inside the caller's transaction; returns
     * the (store, day) pairs whose rollups they touch, before and after.
     */
    public Set<StoreDay> recompute(Collection<UUID> orderIds) {
        if (orderIds.isEmpty()) {
            return new HashSet<>();
        }
        UUID[] ids = orderIds.toArray(UUID[]::new);
        return recompute("order_id = ANY (?)", ps -> ps.setArray(1, ps.getConnection().createArrayOf("uuid", ids)));
    }

    /**
     * Recomputes the facts of every order whose id lies from {@code first} to {@code last} (PostgreSQL's
     * uuid order): one index range scan per partition of {@code event}, for the rebuild's batches.
     */
    public Set<StoreDay> recomputeRange(UUID first, UUID last) {
        return recompute("order_id BETWEEN ? AND ?", ps -> {
            ps.setObject(1, first);
            ps.setObject(2, last);
        });
    }

    private Set<StoreDay> recompute(String orders, PreparedStatementSetter parameters) {
        Set<StoreDay> touched = new HashSet<>();
        jdbc.query("SELECT store_id, day FROM analytics.shipment_fact WHERE " + orders, parameters,
                (ResultSet rs) -> {
                    touched.add(new StoreDay(rs.getObject(1, UUID.class), rs.getObject(2, LocalDate.class)));
                });
        Map<UUID, List<EventRow>> byOrder = new LinkedHashMap<>();
        jdbc.query("""
                SELECT id, kind, store_id, order_id, occurred_at, shipment_id, carrier, tracking_number, status, changed_status,
                       novedad_cause, origin_department, destination_department, cash_on_delivery, promised_date, freight, cash_collected
                FROM analytics.event WHERE\s""" + orders, parameters,
                (ResultSet rs) -> {
                    EventRow row = row(rs);
                    byOrder.computeIfAbsent(row.orderId(), id -> new ArrayList<>()).add(row);
                });
        List<ShipmentFact> facts = new ArrayList<>();
        for (List<EventRow> events : byOrder.values()) {
            build(events).ifPresent(fact -> {
                facts.add(fact);
                touched.add(new StoreDay(fact.storeId(), fact.day()));
            });
        }
        upsert(facts);
        return touched;
    }

    /** The fact of one order from all its events; empty while its ORDER_PLACED event is missing. */
    Optional<ShipmentFact> build(List<EventRow> events) {
        List<EventRow> sorted = new ArrayList<>(events);
        sorted.sort(Comparator.comparing(EventRow::occurredAt).thenComparingLong(EventRow::id));
        EventRow placed = sorted.stream().filter(e -> EventRow.ORDER_PLACED.equals(e.kind())).findFirst().orElse(null);
        if (placed == null) {
            return Optional.empty();
        }
        EventRow booking = null;
        for (EventRow event : sorted) {
            if (EventRow.SHIPMENT_BOOKED.equals(event.kind())) {
                booking = event; // the latest booking: a rebooked order counts its last shipment
            }
        }
        UUID shipment = booking == null ? null : booking.shipmentId();
        List<EventRow> carrierEvents = sorted.stream().filter(EventRow::isCarrierEvent)
                .filter(e -> shipment == null || e.shipmentId() == null || shipment.equals(e.shipmentId())).toList();

        EventRow firstScan = null;
        EventRow delivery = null;
        EventRow returned = null;
        EventRow firstAttempt = null;
        EventRow firstNovedad = null;
        int novedades = 0;
        int furthest = -1;
        for (EventRow event : carrierEvents) {
            if (firstScan == null && !"CREATED".equals(event.status())) {
                firstScan = event;
            }
            if (event.isNovedad()) {
                novedades++;
                if (firstNovedad == null) {
                    firstNovedad = event;
                }
                if (firstAttempt == null && delivery == null && furthest == EventRow.OUT_FOR_DELIVERY_RANK) {
                    firstAttempt = event;
                }
            }
            if (delivery == null && event.isDelivery()) {
                delivery = event;
                if (firstAttempt == null) {
                    firstAttempt = event;
                }
            }
            if (returned == null && event.isReturn()) {
                returned = event;
            }
            furthest = Math.max(furthest, event.progressRank());
        }

        String carrier = booking != null && booking.carrier() != null ? booking.carrier()
                : carrierEvents.stream().map(EventRow::carrier).filter(c -> c != null).reduce((a, b) -> b).orElse(null);
        String tracking = booking != null && booking.trackingNumber() != null ? booking.trackingNumber()
                : carrierEvents.stream().map(EventRow::trackingNumber).filter(t -> t != null).reduce((a, b) -> b).orElse(null);
        Instant bookedAt = booking == null ? null : booking.occurredAt();
        LocalDate promised = booking == null ? null : booking.promisedDate();
        Boolean onTime = firstAttempt == null || promised == null ? null : !day(firstAttempt.occurredAt()).isAfter(promised);
        Integer transit = bookedAt == null || delivery == null ? null : businessDays.between(day(bookedAt), day(delivery.occurredAt()));
        Long cashCollected = delivery != null && delivery.cashCollected() != null ? delivery.cashCollected()
                : carrierEvents.stream().map(EventRow::cashCollected).filter(c -> c != null).reduce((a, b) -> b).orElse(null);

        return Optional.of(new ShipmentFact(placed.orderId(), placed.storeId(), day(placed.occurredAt()), carrier, tracking,
                department(placed.originDepartment()), department(placed.destinationDepartment()),
                placed.cashOnDelivery() == null ? 0 : placed.cashOnDelivery(), booking == null ? null : booking.freight(),
                placed.occurredAt(), bookedAt, promised, at(firstScan), at(firstAttempt),
                firstAttempt == null ? null : firstAttempt == delivery, at(delivery), at(returned), novedades,
                firstNovedad == null ? null : cause(firstNovedad), cashCollected, status(carrierEvents, booking), transit, onTime));
    }

    /** The status the latest-arrived status-moving carrier event left; CREATED once booked; PLACED before. */
    private static String status(List<EventRow> carrierEvents, EventRow booking) {
        return carrierEvents.stream().filter(e -> e.moved() && e.status() != null).max(Comparator.comparingLong(EventRow::id))
                .map(EventRow::status).orElse(booking != null ? "CREATED" : "PLACED");
    }

    private static String cause(EventRow novedad) {
        return novedad.novedadCause() == null ? OTHER_CAUSE : novedad.novedadCause();
    }

    private static String department(String code) {
        return code == null || code.isBlank() ? UNKNOWN_DEPARTMENT : code;
    }

    private static Instant at(EventRow event) {
        return event == null ? null : event.occurredAt();
    }

    static LocalDate day(Instant instant) {
        return instant.atZone(ZONE).toLocalDate();
    }

    private void upsert(List<ShipmentFact> facts) {
        if (facts.isEmpty()) {
            return;
        }
        jdbc.batchUpdate("""
                INSERT INTO analytics.shipment_fact (order_id, store_id, day, carrier, tracking_number, origin_department, destination_department,
                    cash_on_delivery, freight, placed_at, booked_at, promised_date, first_scan_at, first_attempt_at, first_attempt_ok,
                    delivered_at, returned_at, novedades, first_novedad_cause, cash_collected, status, transit_business_days, on_time,
                    updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now())
                ON CONFLICT (order_id) DO UPDATE SET store_id = EXCLUDED.store_id, day = EXCLUDED.day, carrier = EXCLUDED.carrier,
                    tracking_number = EXCLUDED.tracking_number, origin_department = EXCLUDED.origin_department,
                    destination_department = EXCLUDED.destination_department, cash_on_delivery = EXCLUDED.cash_on_delivery,
                    freight = EXCLUDED.freight, placed_at = EXCLUDED.placed_at, booked_at = EXCLUDED.booked_at,
                    promised_date = EXCLUDED.promised_date, first_scan_at = EXCLUDED.first_scan_at,
                    first_attempt_at = EXCLUDED.first_attempt_at, first_attempt_ok = EXCLUDED.first_attempt_ok,
                    delivered_at = EXCLUDED.delivered_at, returned_at = EXCLUDED.returned_at, novedades = EXCLUDED.novedades,
                    first_novedad_cause = EXCLUDED.first_novedad_cause, cash_collected = EXCLUDED.cash_collected,
                    status = EXCLUDED.status, transit_business_days = EXCLUDED.transit_business_days, on_time = EXCLUDED.on_time,
                    updated_at = now()""",
                facts, 500, (ps, f) -> {
                    ps.setObject(1, f.orderId());
                    ps.setObject(2, f.storeId());
                    ps.setObject(3, Date.valueOf(f.day()));
                    ps.setString(4, f.carrier());
                    ps.setString(5, f.trackingNumber());
                    ps.setString(6, f.originDepartment());
                    ps.setString(7, f.destinationDepartment());
                    ps.setLong(8, f.cashOnDelivery());
                    ps.setObject(9, f.freight(), Types.BIGINT);
                    ps.setObject(10, timestamp(f.placedAt()), Types.TIMESTAMP_WITH_TIMEZONE);
                    ps.setObject(11, timestamp(f.bookedAt()), Types.TIMESTAMP_WITH_TIMEZONE);
                    ps.setObject(12, f.promisedDate() == null ? null : Date.valueOf(f.promisedDate()), Types.DATE);
                    ps.setObject(13, timestamp(f.firstScanAt()), Types.TIMESTAMP_WITH_TIMEZONE);
                    ps.setObject(14, timestamp(f.firstAttemptAt()), Types.TIMESTAMP_WITH_TIMEZONE);
                    ps.setObject(15, f.firstAttemptOk(), Types.BOOLEAN);
                    ps.setObject(16, timestamp(f.deliveredAt()), Types.TIMESTAMP_WITH_TIMEZONE);
                    ps.setObject(17, timestamp(f.returnedAt()), Types.TIMESTAMP_WITH_TIMEZONE);
                    ps.setInt(18, f.novedades());
                    ps.setString(19, f.firstNovedadCause());
                    ps.setObject(20, f.cashCollected(), Types.BIGINT);
                    ps.setString(21, f.status());
                    ps.setObject(22, f.transitBusinessDays(), Types.INTEGER);
                    ps.setObject(23, f.onTime(), Types.BOOLEAN);
                });
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : instant.atOffset(java.time.ZoneOffset.UTC);
    }

    private static EventRow row(ResultSet rs) throws SQLException {
        return new EventRow(rs.getLong("id"), rs.getString("kind"), rs.getObject("store_id", UUID.class),
                rs.getObject("order_id", UUID.class), instant(rs.getTimestamp("occurred_at")), rs.getObject("shipment_id", UUID.class),
                rs.getString("carrier"), rs.getString("tracking_number"), rs.getString("status"),
                (Boolean) rs.getObject("changed_status"), rs.getString("novedad_cause"), rs.getString("origin_department"),
                rs.getString("destination_department"), (Long) rs.getObject("cash_on_delivery"),
                rs.getObject("promised_date", LocalDate.class), (Long) rs.getObject("freight"), (Long) rs.getObject("cash_collected"));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
