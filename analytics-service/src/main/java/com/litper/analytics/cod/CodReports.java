package com.litper.analytics.cod;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * What the COD endpoints answer: reconciliation per guide, cash aging, a store's balance with the
 * entries behind it, and one order's cash path. Every read names the store it is for, or null for
 * an operator's view of every store.
 */
@Component
@Transactional(readOnly = true)
class CodReports {

    /** What can be wrong with a guide's cash. */
    enum Flag {
        /** Cash collected at delivery, no settlement line after {@code missing-after}. */
        MISSING,
        /** The settlement's remittance plus its itemised deductions is less than the cash collected. */
        SHORT,
        /** The guide is in more than one settlement line: only the first is posted. */
        DUPLICATE,
        /** A settlement line for a guide no COD order has. */
        UNKNOWN_GUIDE
    }

    record SettlementLineView(long id, UUID fileId, int lineNo, LocalDate settledOn, long collected, long remitted, long freight,
            long commission, long returnFreight, boolean posted) {
    }

    record ReconciliationRow(String carrier, String trackingNumber, UUID orderId, UUID storeId, Long amountToCollect, Instant deliveredAt,
            Instant returnedAt, long collected, Long remitted, Long deductions, long difference, Set<Flag> flags,
            List<SettlementLineView> settlementLines) {
    }

    record Reconciliation(LocalDate from, LocalDate to, Map<Flag, Integer> counts, List<ReconciliationRow> guides) {
    }

    private final JdbcClient jdbc;
    private final CodProperties properties;
    private final Clock clock;

    CodReports(JdbcClient jdbc, CodProperties properties, ObjectProvider<Clock> clock) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.clock = clock.getIfUnique(Clock::systemUTC);
    }

    private record OrderRow(UUID orderId, UUID storeId, long amountToCollect, Instant placedAt, String carrier, String trackingNumber,
            Long bookedFreight, Instant deliveredAt, Long cashCollected, Instant returnedAt) {
    }

    private static final String ORDER_COLUMNS = "order_id, store_id, amount_to_collect, placed_at, carrier, tracking_number, booked_freight,"
            + " delivered_at, cash_collected, returned_at";

    private static OrderRow orderRow(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new OrderRow(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getLong(3),
                CodPosting.instant(rs.getObject(4, OffsetDateTime.class)), rs.getString(5), rs.getString(6), (Long) rs.getObject(7),
                CodPosting.instant(rs.getObject(8, OffsetDateTime.class)), (Long) rs.getObject(9),
                CodPosting.instant(rs.getObject(10, OffsetDateTime.class)));
    }

    /**
     * Guides delivered or returned (by the day in Bogotá) between {@code from} and {@code to}, and
     * for operators the settlement lines of unknown guides settled in those days, each with its flags.
     */
    Reconciliation reconciliation(UUID store, LocalDate from, LocalDate to, String carrier, Flag only) {
        OffsetDateTime start = CodPosting.utc(from.atStartOfDay(CodPosting.BOGOTA).toInstant());
        OffsetDateTime end = CodPosting.utc(to.plusDays(1).atStartOfDay(CodPosting.BOGOTA).toInstant());
        List<OrderRow> orders = jdbc.sql("SELECT " + ORDER_COLUMNS + """
                         FROM analytics.cod_order
                        WHERE tracking_number IS NOT NULL AND (:store::uuid IS NULL OR store_id = :store::uuid)
                          AND (:carrier::text IS NULL OR carrier = :carrier::text)
                          AND (coalesce(delivered_at, returned_at) >= :start AND coalesce(delivered_at, returned_at) < :end)
                        ORDER BY coalesce(delivered_at, returned_at), order_id""")
                .param("store", store).param("carrier", carrier).param("start", start).param("end", end)
                .query((rs, n) -> orderRow(rs)).list();
        Instant missingBefore = clock.instant().minus(properties.missingAfter());
        List<ReconciliationRow> rows = new ArrayList<>();
        for (OrderRow order : orders) {
            List<SettlementLineView> lines = lines(order.carrier(), order.trackingNumber());
            long collected = order.deliveredAt() == null ? 0 : order.cashCollected() == null ? 0 : order.cashCollected();
            Set<Flag> flags = EnumSet.noneOf(Flag.class);
            Long remitted = null;
            Long deductions = null;
            long difference = 0;
            if (lines.isEmpty()) {
                if (collected > 0 && order.deliveredAt().isBefore(missingBefore)) {
                    flags.add(Flag.MISSING);
                }
                difference = -collected;
            } else {
                SettlementLineView first = lines.get(0);
                remitted = first.remitted();
                deductions = first.freight() + first.commission() + first.returnFreight();
                difference = remitted + deductions - collected;
                if (difference < 0) {
                    flags.add(Flag.SHORT);
                }
                if (lines.size() > 1) {
                    flags.add(Flag.DUPLICATE);
                }
            }
            rows.add(new ReconciliationRow(order.carrier(), order.trackingNumber(), order.orderId(), order.storeId(),
                    order.amountToCollect(), order.deliveredAt(), order.returnedAt(), collected, remitted, deductions, difference, flags,
                    lines));
        }
        if (store == null) {
            unknownGuides(from, to, carrier).forEach(rows::add);
        }
        Map<Flag, Integer> counts = new TreeMap<>();
        for (Flag flag : Flag.values()) {
            counts.put(flag, (int) rows.stream().filter(r -> r.flags().contains(flag)).count());
        }
        List<ReconciliationRow> shown = only == null ? rows : rows.stream().filter(r -> r.flags().contains(only)).toList();
        return new Reconciliation(from, to, counts, shown);
    }

    private List<ReconciliationRow> unknownGuides(LocalDate from, LocalDate to, String carrier) {
        record Guide(String carrier, String trackingNumber) {
        }
        List<Guide> guides = jdbc.sql("""
                        SELECT DISTINCT l.carrier, l.tracking_number FROM analytics.cod_settlement_line l
                        WHERE l.settled_on BETWEEN :from AND :to AND (:carrier::text IS NULL OR l.carrier = :carrier::text)
                          AND NOT EXISTS (SELECT 1 FROM analytics.cod_order o WHERE o.carrier = l.carrier AND o.tracking_number = l.tracking_number)
                        ORDER BY 1, 2""")
                .param("from", from).param("to", to).param("carrier", carrier)
                .query((rs, n) -> new Guide(rs.getString(1), rs.getString(2))).list();
        List<ReconciliationRow> rows = new ArrayList<>();
        for (Guide guide : guides) {
            List<SettlementLineView> lines = lines(guide.carrier(), guide.trackingNumber());
            Set<Flag> flags = EnumSet.of(Flag.UNKNOWN_GUIDE);
            if (lines.size() > 1) {
                flags.add(Flag.DUPLICATE);
            }
            SettlementLineView first = lines.get(0);
            rows.add(new ReconciliationRow(guide.carrier(), guide.trackingNumber(), null, null, null, null, null, 0, first.remitted(),
                    first.freight() + first.commission() + first.returnFreight(), 0, flags, lines));
        }
        return rows;
    }

    private List<SettlementLineView> lines(String carrier, String trackingNumber) {
        return jdbc.sql("""
                        SELECT l.id, l.file_id, l.line_no, l.settled_on, l.collected, l.remitted, l.freight, l.commission, l.return_freight,
                               EXISTS (SELECT 1 FROM analytics.cod_entry e WHERE e.posting_key = 'settlement:' || l.id || ':remitted')
                        FROM analytics.cod_settlement_line l WHERE l.carrier = :carrier AND l.tracking_number = :guide ORDER BY l.id""")
                .param("carrier", carrier).param("guide", trackingNumber)
                .query((rs, n) -> new SettlementLineView(rs.getLong(1), rs.getObject(2, UUID.class), rs.getInt(3),
                        rs.getObject(4, LocalDate.class), rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9),
                        rs.getBoolean(10)))
                .list();
    }

    record AgingCell(int guides, long amount) {
    }

    record AgingCarrier(String carrier, Map<String, AgingCell> buckets, AgingCell total) {
    }

    record Aging(LocalDate asOf, List<String> buckets, List<AgingCarrier> carriers, Map<String, AgingCell> totals, AgingCell total) {
    }

    static final List<String> BUCKETS = List.of("0-7", "8-15", "16-30", ">30");

    static String bucket(long days) {
        return days <= 7 ? "0-7" : days <= 15 ? "8-15" : days <= 30 ? "16-30" : ">30";
    }

    /** Cash collected at delivery and not yet in any settlement line, by carrier and days since delivery (in Bogotá). */
    Aging aging(UUID store) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), CodPosting.BOGOTA);
        record Open(String carrier, Instant deliveredAt, long collected) {
        }
        List<Open> open = jdbc.sql("""
                        SELECT o.carrier, o.delivered_at, o.cash_collected FROM analytics.cod_order o
                        WHERE o.delivered_at IS NOT NULL AND o.cash_collected > 0 AND o.carrier IS NOT NULL
                          AND (:store::uuid IS NULL OR o.store_id = :store::uuid)
                          AND NOT EXISTS (SELECT 1 FROM analytics.cod_settlement_line l
                                          WHERE l.carrier = o.carrier AND l.tracking_number = o.tracking_number)""")
                .param("store", store)
                .query((rs, n) -> new Open(rs.getString(1), rs.getObject(2, OffsetDateTime.class).toInstant(), rs.getLong(3))).list();
        Map<String, Map<String, long[]>> byCarrier = new TreeMap<>();
        Map<String, long[]> totals = new LinkedHashMap<>();
        BUCKETS.forEach(b -> totals.put(b, new long[2]));
        for (Open o : open) {
            long days = ChronoUnit.DAYS.between(LocalDate.ofInstant(o.deliveredAt(), CodPosting.BOGOTA), today);
            String bucket = bucket(Math.max(0, days));
            Map<String, long[]> cells = byCarrier.computeIfAbsent(o.carrier(), c -> {
                Map<String, long[]> fresh = new LinkedHashMap<>();
                BUCKETS.forEach(b -> fresh.put(b, new long[2]));
                return fresh;
            });
            cells.get(bucket)[0]++;
            cells.get(bucket)[1] += o.collected();
            totals.get(bucket)[0]++;
            totals.get(bucket)[1] += o.collected();
        }
        List<AgingCarrier> carriers = new ArrayList<>();
        byCarrier.forEach((carrier, cells) -> carriers.add(new AgingCarrier(carrier, cells(cells), sum(cells))));
        return new Aging(today, BUCKETS, carriers, cells(totals), sum(totals));
    }

    private static Map<String, AgingCell> cells(Map<String, long[]> raw) {
        Map<String, AgingCell> cells = new LinkedHashMap<>();
        raw.forEach((bucket, v) -> cells.put(bucket, new AgingCell((int) v[0], v[1])));
        return cells;
    }

    private static AgingCell sum(Map<String, long[]> raw) {
        return new AgingCell((int) raw.values().stream().mapToLong(v -> v[0]).sum(), raw.values().stream().mapToLong(v -> v[1]).sum());
    }

    /** One entry as it moves one account (amount: the effect on that account's balance as the response reads it). */
    record EntryView(long id, String kind, UUID orderId, String carrier, String trackingNumber, Instant effectiveAt, Instant postedAt,
            String description, long amount) {
    }

    record Balance(UUID storeId, long balance, Map<String, Long> byKind, List<EntryView> entries, List<EntryView> negativeBecause,
            boolean entriesTruncated) {
    }

    /**
     * The store's balance: what Litper owes it (negative: what it owes Litper), with its total per
     * entry kind and its latest entries. When it is negative, {@code negativeBecause} lists the
     * entries of the orders that cost the store more than they brought (return freight on refused orders).
     */
    Balance balance(UUID store, int limit) {
        String account = Accounts.storePayable(store);
        long balance = -jdbc.sql("SELECT coalesce(sum(amount), 0) FROM analytics.cod_entry_line WHERE account = :account")
                .param("account", account).query(Long.class).single();
        Map<String, Long> byKind = new LinkedHashMap<>();
        jdbc.sql("""
                        SELECT e.kind, -sum(l.amount) FROM analytics.cod_entry e JOIN analytics.cod_entry_line l ON l.entry_id = e.id
                        WHERE l.account = :account GROUP BY e.kind ORDER BY e.kind""")
                .param("account", account).query((rs, n) -> byKind.put(rs.getString(1), rs.getLong(2))).list();
        List<EntryView> entries = storeEntries(account, "TRUE", limit + 1);
        boolean truncated = entries.size() > limit;
        List<EntryView> negative = balance >= 0 ? List.of() : storeEntries(account, """
                e.order_id IN (SELECT e2.order_id FROM analytics.cod_entry e2 JOIN analytics.cod_entry_line l2 ON l2.entry_id = e2.id
                               WHERE l2.account = :account AND e2.order_id IS NOT NULL GROUP BY e2.order_id HAVING sum(l2.amount) > 0)""",
                10_000);
        return new Balance(store, balance, byKind, truncated ? entries.subList(0, limit) : entries, negative, truncated);
    }

    private List<EntryView> storeEntries(String account, String condition, int limit) {
        return jdbc.sql("SELECT e.id, e.kind, e.order_id, e.carrier, e.tracking_number, e.effective_at, e.posted_at, e.description,"
                        + " -sum(l.amount) FROM analytics.cod_entry e JOIN analytics.cod_entry_line l ON l.entry_id = e.id"
                        + " WHERE l.account = :account AND (" + condition + ") GROUP BY e.id ORDER BY e.id DESC LIMIT :limit")
                .param("account", account).param("limit", limit).query((rs, n) -> entryView(rs)).list();
    }

    private static EntryView entryView(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new EntryView(rs.getLong(1), rs.getString(2), rs.getObject(3, UUID.class), rs.getString(4), rs.getString(5),
                rs.getObject(6, OffsetDateTime.class).toInstant(), rs.getObject(7, OffsetDateTime.class).toInstant(), rs.getString(8),
                rs.getLong(9));
    }

    record Stage(Instant at, Long amount) {
    }

    record PayoutView(UUID payoutId, String reference, Instant paidAt, long amount) {
    }

    record OrderCashPath(UUID orderId, UUID storeId, String carrier, String trackingNumber, long amountToCollect, Instant placedAt,
            Long bookedFreight, Stage collected, Stage returned, Stage remitted, Map<String, Long> deductions, long netToStore,
            PayoutView payout, Set<Flag> flags, List<SettlementLineView> settlementLines, List<EntryView> entries) {
    }

    /** The order's cash path, or null when it is not a COD order of {@code store} (any store for operators). */
    OrderCashPath order(UUID store, UUID orderId) {
        OrderRow order = jdbc.sql("SELECT " + ORDER_COLUMNS + " FROM analytics.cod_order WHERE order_id = :order"
                        + " AND (:store::uuid IS NULL OR store_id = :store::uuid)")
                .param("order", orderId).param("store", store).query((rs, n) -> orderRow(rs)).optional().orElse(null);
        if (order == null) {
            return null;
        }
        String payable = Accounts.storePayable(order.storeId());
        List<EntryView> entries = jdbc.sql("""
                        SELECT e.id, e.kind, e.order_id, e.carrier, e.tracking_number, e.effective_at, e.posted_at, e.description,
                               -coalesce(sum(l.amount) FILTER (WHERE l.account = :account), 0)
                        FROM analytics.cod_entry e JOIN analytics.cod_entry_line l ON l.entry_id = e.id
                        WHERE e.order_id = :order GROUP BY e.id ORDER BY e.id""")
                .param("account", payable).param("order", orderId).query((rs, n) -> entryView(rs)).list();
        List<SettlementLineView> lines = order.trackingNumber() == null ? List.of() : lines(order.carrier(), order.trackingNumber());
        Map<String, Long> deductions = new LinkedHashMap<>();
        deductions.put("freight", 0L);
        deductions.put("codCommission", 0L);
        deductions.put("returnFreight", 0L);
        Stage remitted = null;
        if (!lines.isEmpty() && lines.get(0).posted()) {
            SettlementLineView first = lines.get(0);
            deductions.put("freight", first.freight());
            deductions.put("codCommission", first.commission());
            deductions.put("returnFreight", first.returnFreight());
            remitted = new Stage(first.settledOn().atStartOfDay(CodPosting.BOGOTA).toInstant(), first.remitted());
        }
        long net = entries.stream().mapToLong(EntryView::amount).sum();
        PayoutView payout = jdbc.sql("""
                        SELECT p.id, p.reference, p.paid_at, i.amount FROM analytics.cod_payout_item i JOIN analytics.cod_payout p ON p.id = i.payout_id
                        WHERE i.order_id = :order""")
                .param("order", orderId).query((rs, n) -> new PayoutView(rs.getObject(1, UUID.class), rs.getString(2),
                        rs.getObject(3, OffsetDateTime.class).toInstant(), rs.getLong(4))).optional().orElse(null);
        Set<Flag> flags = EnumSet.noneOf(Flag.class);
        Instant closedAt = order.deliveredAt() != null ? order.deliveredAt() : order.returnedAt();
        if (closedAt != null && order.trackingNumber() != null) {
            LocalDate day = LocalDate.ofInstant(closedAt, CodPosting.BOGOTA);
            reconciliation(order.storeId(), day, day, order.carrier(), null).guides().stream()
                    .filter(r -> orderId.equals(r.orderId())).findFirst().ifPresent(r -> flags.addAll(r.flags()));
        }
        return new OrderCashPath(orderId, order.storeId(), order.carrier(), order.trackingNumber(), order.amountToCollect(), order.placedAt(),
                order.bookedFreight(), order.deliveredAt() == null ? null : new Stage(order.deliveredAt(), order.cashCollected()),
                order.returnedAt() == null ? null : new Stage(order.returnedAt(), null), remitted, deductions, net, payout, flags, lines,
                entries);
    }
}
