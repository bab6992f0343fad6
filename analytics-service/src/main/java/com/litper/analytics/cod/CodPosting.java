package com.litper.analytics.cod;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Turns what is known about a COD order into ledger entries (docs/analytics.md, "The cash path"):
 * its events (the amount to collect, the carrier and guide, the cash collected at delivery) and the
 * first settlement line of its guide (remittance and deductions). Every entry has a posting key
 * named after its source, so running this again for the same order posts nothing new.
 */
@Component
class CodPosting {

    static final ZoneId BOGOTA = ZoneId.of("America/Bogota");

    private final JdbcClient jdbc;
    private final CodLedger ledger;

    CodPosting(JdbcClient jdbc, CodLedger ledger) {
        this.jdbc = jdbc;
        this.ledger = ledger;
    }

    private record Event(String eventKey, String kind, UUID storeId, Instant occurredAt, String carrier, String trackingNumber,
            String status, Long cashOnDelivery, Long freight, Long cashCollected) {
    }

    /** The order's COD row as its events say now. */
    record CodOrder(UUID orderId, UUID storeId, long amountToCollect, Instant placedAt, String carrier, String trackingNumber,
            Long bookedFreight, Instant deliveredAt, Long cashCollected, Instant returnedAt) {
    }

    /**
     * Recomputes the order's {@code cod_order} row from all its events, posts the cash collected at
     * delivery and, once its guide is known, its settlement line. Does nothing for an order that is
     * not cash on delivery (or whose ORDER_PLACED has not arrived yet). Runs in the caller's transaction.
     */
    void refreshOrder(UUID orderId) {
        // Two passes over one order at once (two replicas both leading for a moment) would each compute a
        // correction from what the other has not committed yet: one order is refreshed by one transaction at a time.
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtext('cod-order:' || :order))").param("order", orderId.toString()).query().singleRow();
        List<Event> events = jdbc.sql("""
                        SELECT event_key, kind, store_id, occurred_at, carrier, tracking_number, status, cash_on_delivery, freight, cash_collected
                        FROM analytics.event WHERE order_id = :order ORDER BY occurred_at, id""")
                .param("order", orderId)
                .query((rs, n) -> new Event(rs.getString(1), rs.getString(2), rs.getObject(3, UUID.class),
                        rs.getObject(4, OffsetDateTime.class).toInstant(), rs.getString(5), rs.getString(6), rs.getString(7),
                        (Long) rs.getObject(8), (Long) rs.getObject(9), (Long) rs.getObject(10)))
                .list();
        Event placed = events.stream().filter(e -> "ORDER_PLACED".equals(e.kind())).findFirst().orElse(null);
        if (placed == null || placed.cashOnDelivery() == null || placed.cashOnDelivery() <= 0) {
            return;
        }
        String carrier = null;
        String guide = null;
        Long freight = null;
        Instant deliveredAt = null;
        Long collected = null;
        Instant returnedAt = null;
        List<Event> deliveries = new ArrayList<>();
        for (Event event : events) {
            if ("SHIPMENT_BOOKED".equals(event.kind())) {
                carrier = event.carrier();
                guide = event.trackingNumber();
                freight = event.freight();
            } else if ("CARRIER_EVENT".equals(event.kind())) {
                if (carrier == null && event.carrier() != null) {
                    carrier = event.carrier();
                    guide = event.trackingNumber();
                }
                if ("DELIVERED".equals(event.status())) {
                    deliveredAt = deliveredAt == null ? event.occurredAt() : deliveredAt;
                    deliveries.add(event);
                    // A carrier that does not report what it collected is taken to have collected the order's amount.
                    collected = event.cashCollected() != null ? event.cashCollected() : placed.cashOnDelivery();
                } else if ("RETURNED".equals(event.status()) && returnedAt == null) {
                    returnedAt = event.occurredAt();
                }
            }
        }
        CodOrder order = new CodOrder(orderId, placed.storeId(), placed.cashOnDelivery(), placed.occurredAt(), carrier, guide, freight,
                deliveredAt, collected, returnedAt);
        save(order);
        if (carrier == null) {
            return;
        }
        // Each delivery event posts the difference between what it says was collected and what is posted:
        // the first posts the collection, a later one with another amount posts the correction.
        for (Event delivery : deliveries) {
            String key = "collected:" + delivery.eventKey();
            if (ledger.posted(key)) {
                continue;
            }
            long amount = delivery.cashCollected() != null ? delivery.cashCollected() : placed.cashOnDelivery();
            long postedSoFar = collectedSoFar(orderId);
            long difference = amount - postedSoFar;
            String description = postedSoFar == 0
                    ? text("%s collected %,d from the buyer at delivery of guide %s", carrier, amount, guide)
                    : text("%s corrected the cash collected for guide %s from %,d to %,d", carrier, guide, postedSoFar, amount);
            ledger.post(new CodLedger.Entry(key, CodLedger.Kind.COLLECTED, order.storeId(), orderId, carrier, guide,
                    delivery.occurredAt(), description, List.of(new CodLedger.Line(Accounts.carrierReceivable(carrier), difference),
                            new CodLedger.Line(Accounts.storePayable(order.storeId()), -difference))));
        }
        if (guide != null) {
            lockCarrier(carrier);
            postSettlement(order);
        }
    }

    /** The collections posted for the order so far (credits to the store, corrections included). */
    private long collectedSoFar(UUID orderId) {
        return jdbc.sql("""
                        SELECT coalesce(-sum(l.amount), 0) FROM analytics.cod_entry e JOIN analytics.cod_entry_line l ON l.entry_id = e.id
                        WHERE e.order_id = :order AND e.kind = 'COLLECTED' AND l.account LIKE 'store_payable:%'""")
                .param("order", orderId).query(Long.class).single();
    }

    private void save(CodOrder order) {
        jdbc.sql("""
                        INSERT INTO analytics.cod_order (order_id, store_id, amount_to_collect, placed_at, carrier, tracking_number, booked_freight,
                                                         delivered_at, cash_collected, returned_at, updated_at)
                        VALUES (:order, :store, :amount, :placed, :carrier, :guide, :freight, :delivered, :collected, :returned, now())
                        ON CONFLICT (order_id) DO UPDATE SET carrier = EXCLUDED.carrier, tracking_number = EXCLUDED.tracking_number,
                            booked_freight = EXCLUDED.booked_freight, delivered_at = EXCLUDED.delivered_at,
                            cash_collected = EXCLUDED.cash_collected, returned_at = EXCLUDED.returned_at, updated_at = now()
                        WHERE (cod_order.carrier, cod_order.tracking_number, cod_order.booked_freight, cod_order.delivered_at,
                               cod_order.cash_collected, cod_order.returned_at)
                              IS DISTINCT FROM (EXCLUDED.carrier, EXCLUDED.tracking_number, EXCLUDED.booked_freight, EXCLUDED.delivered_at,
                               EXCLUDED.cash_collected, EXCLUDED.returned_at)""")
                .param("order", order.orderId()).param("store", order.storeId()).param("amount", order.amountToCollect())
                .param("placed", utc(order.placedAt())).param("carrier", order.carrier()).param("guide", order.trackingNumber())
                .param("freight", order.bookedFreight()).param("delivered", utc(order.deliveredAt()))
                .param("collected", order.cashCollected()).param("returned", utc(order.returnedAt())).update();
    }

    /** A settlement line as stored. */
    record StoredLine(long id, String carrier, String trackingNumber, LocalDate settledOn, long collected, long remitted, long freight,
            long commission, long returnFreight) {
    }

    /**
     * Posts the first settlement line of the order's guide (a later line of the same guide is a
     * duplicate: recorded and flagged, never posted). The caller holds the carrier's settlement lock.
     */
    void postSettlement(CodOrder order) {
        StoredLine line = jdbc.sql("""
                        SELECT id, carrier, tracking_number, settled_on, collected, remitted, freight, commission, return_freight
                        FROM analytics.cod_settlement_line WHERE carrier = :carrier AND tracking_number = :guide ORDER BY id LIMIT 1""")
                .param("carrier", order.carrier()).param("guide", order.trackingNumber())
                .query((rs, n) -> new StoredLine(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getObject(4, LocalDate.class),
                        rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9)))
                .optional().orElse(null);
        if (line == null) {
            return;
        }
        String carrier = order.carrier();
        String guide = order.trackingNumber();
        UUID store = order.storeId();
        Instant at = line.settledOn().atStartOfDay(BOGOTA).toInstant();
        String receivable = Accounts.carrierReceivable(carrier);
        String payable = Accounts.storePayable(store);
        String key = "settlement:" + line.id();
        ledger.post(new CodLedger.Entry(key + ":remitted", CodLedger.Kind.REMITTED, store, order.orderId(), carrier, guide, at,
                text("%s remitted %,d for guide %s in its settlement of %s", carrier, line.remitted(), guide, line.settledOn()),
                List.of(new CodLedger.Line(Accounts.CASH, line.remitted()), new CodLedger.Line(receivable, -line.remitted()))));
        deduction(order, line, key + ":freight", CodLedger.Kind.FREIGHT, Accounts.FREIGHT_EXPENSE, line.freight(),
                "%s deducted %,d freight for guide %s, charged to the store");
        deduction(order, line, key + ":commission", CodLedger.Kind.COD_COMMISSION, Accounts.COD_COMMISSION, line.commission(),
                "%s deducted %,d commission for collecting the cash of guide %s, charged to the store");
        deduction(order, line, key + ":return-freight", CodLedger.Kind.RETURN_FREIGHT, Accounts.RETURN_FREIGHT, line.returnFreight(),
                "%s deducted %,d return freight: guide %s came back undelivered (refused or returned), charged to the store");
    }

    /** A carrier's deduction: the carrier keeps it out of what it owes (through the clearing account) and the store is charged. */
    private void deduction(CodOrder order, StoredLine line, String key, CodLedger.Kind kind, String clearing, long amount, String words) {
        ledger.post(new CodLedger.Entry(key, kind, order.storeId(), order.orderId(), order.carrier(), order.trackingNumber(),
                line.settledOn().atStartOfDay(BOGOTA).toInstant(), text(words, order.carrier(), amount, order.trackingNumber()),
                List.of(new CodLedger.Line(clearing, amount), new CodLedger.Line(Accounts.carrierReceivable(order.carrier()), -amount),
                        new CodLedger.Line(Accounts.storePayable(order.storeId()), amount), new CodLedger.Line(clearing, -amount))));
    }

    /** The COD order of a carrier's guide (the latest placed, should a carrier ever reuse a guide), or null. */
    CodOrder byGuide(String carrier, String trackingNumber) {
        return jdbc.sql("""
                        SELECT order_id, store_id, amount_to_collect, placed_at, carrier, tracking_number, booked_freight, delivered_at,
                               cash_collected, returned_at
                        FROM analytics.cod_order WHERE carrier = :carrier AND tracking_number = :guide
                        ORDER BY placed_at DESC, order_id LIMIT 1""")
                .param("carrier", carrier).param("guide", trackingNumber)
                .query((rs, n) -> new CodOrder(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getLong(3),
                        instant(rs.getObject(4, OffsetDateTime.class)), rs.getString(5), rs.getString(6), (Long) rs.getObject(7),
                        instant(rs.getObject(8, OffsetDateTime.class)), (Long) rs.getObject(9), instant(rs.getObject(10, OffsetDateTime.class))))
                .optional().orElse(null);
    }

    /** Serialises settlement imports and postings of one carrier, so "the first line of a guide" is one line for everyone. */
    void lockCarrier(String carrier) {
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtext('cod-settlement:' || :carrier))").param("carrier", carrier).query().singleRow();
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    /** Descriptions in one format whatever the server's locale: 120,000 pesos. */
    private static String text(String format, Object... args) {
        return String.format(java.util.Locale.ROOT, format, args);
    }
}
