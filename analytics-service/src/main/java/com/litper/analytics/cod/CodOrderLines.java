package com.litper.analytics.cod;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * A store's COD orders closed in a period, one line each, for other parts of the service (the
 * {@code COD_RECONCILIATION} report): the reconciliation endpoint's rows ({@link CodReports#reconciliation},
 * the same guides, settlement lines and flags) with what the ledger says each order nets the store
 * and the payout that paid it, read in one read-only transaction.
 */
@Component
public class CodOrderLines {

    /**
     * One COD order's cash, as the reconciliation and the ledger show it.
     *
     * @param collected cash collected at delivery (0 when returned)
     * @param remitted what the carrier's first settlement line of the guide remits; null without one
     * @param freight the first settlement line's freight deduction; null without one (likewise commission and returnFreight)
     * @param netToStore what the order's ledger entries moved the store's balance: collected less the charges posted
     * @param paidOut the amount the payout paid for the order; null while unpaid (likewise payoutReference, paidAt)
     * @param flags the reconciliation's flags: MISSING, SHORT, DUPLICATE
     */
    public record Line(UUID orderId, String carrier, String trackingNumber, Instant deliveredAt, Instant returnedAt, long amountToCollect,
            long collected, Long remitted, Long freight, Long commission, Long returnFreight, long netToStore, Long paidOut,
            String payoutReference, Instant paidAt, Set<String> flags) {
    }

    private final CodReports reports;
    private final JdbcClient jdbc;

    CodOrderLines(CodReports reports, JdbcClient jdbc) {
        this.reports = reports;
        this.jdbc = jdbc;
    }

    /** The store's COD guides delivered or returned from {@code from} to {@code to} (days in Bogotá), in the reconciliation's order. */
    @Transactional(readOnly = true)
    public List<Line> closedIn(UUID store, LocalDate from, LocalDate to) {
        if (store == null) {
            throw new IllegalArgumentException("a store is required");
        }
        List<CodReports.ReconciliationRow> rows = reports.reconciliation(store, from, to, null, null).guides();
        if (rows.isEmpty()) {
            return List.of();
        }
        OffsetDateTime start = CodPosting.utc(from.atStartOfDay(CodPosting.BOGOTA).toInstant());
        OffsetDateTime end = CodPosting.utc(to.plusDays(1).atStartOfDay(CodPosting.BOGOTA).toInstant());
        // The orders of the period, as the reconciliation chose them, to read their nets and payouts in two statements.
        String ofPeriod = """
                SELECT o.order_id FROM analytics.cod_order o
                WHERE o.store_id = :store AND coalesce(o.delivered_at, o.returned_at) >= :start
                  AND coalesce(o.delivered_at, o.returned_at) < :end""";
        Map<UUID, Long> nets = new HashMap<>();
        jdbc.sql("SELECT e.order_id, -sum(l.amount) FROM analytics.cod_entry e JOIN analytics.cod_entry_line l ON l.entry_id = e.id"
                        + " WHERE l.account = :account AND e.order_id IN (" + ofPeriod + ") GROUP BY e.order_id")
                .param("account", Accounts.storePayable(store)).param("store", store).param("start", start).param("end", end)
                .query(rs -> {
                    nets.put(rs.getObject(1, UUID.class), rs.getLong(2));
                });
        record Paid(long amount, String reference, Instant at) {
        }
        Map<UUID, Paid> payouts = new HashMap<>();
        jdbc.sql("SELECT i.order_id, i.amount, p.reference, p.paid_at FROM analytics.cod_payout_item i"
                        + " JOIN analytics.cod_payout p ON p.id = i.payout_id WHERE p.store_id = :store AND i.order_id IN (" + ofPeriod + ")")
                .param("store", store).param("start", start).param("end", end)
                .query(rs -> {
                    payouts.put(rs.getObject(1, UUID.class), new Paid(rs.getLong(2), rs.getString(3),
                            rs.getObject(4, OffsetDateTime.class).toInstant()));
                });
        return rows.stream().map(row -> {
            CodReports.SettlementLineView first = row.settlementLines().isEmpty() ? null : row.settlementLines().get(0);
            Paid paid = payouts.get(row.orderId());
            Set<String> flags = new LinkedHashSet<>();
            row.flags().forEach(flag -> flags.add(flag.name()));
            return new Line(row.orderId(), row.carrier(), row.trackingNumber(), row.deliveredAt(), row.returnedAt(),
                    row.amountToCollect(), row.collected(), row.remitted(), first == null ? null : first.freight(),
                    first == null ? null : first.commission(), first == null ? null : first.returnFreight(),
                    nets.getOrDefault(row.orderId(), 0L), paid == null ? null : paid.amount(), paid == null ? null : paid.reference(),
                    paid == null ? null : paid.at(), Collections.unmodifiableSet(flags));
        }).toList();
    }
}
