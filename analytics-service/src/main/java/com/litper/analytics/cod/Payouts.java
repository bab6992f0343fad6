package com.litper.analytics.cod;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Pays a store what its settled orders earned: every order whose settlement line is posted and that
 * was not paid out before goes into the payout with its net (collected minus the carrier's
 * deductions; negative for a returned order), and the payout is posted when the sum is positive.
 * A negative sum pays nothing and waits for more settled orders. The reference makes it idempotent.
 */
@Component
class Payouts {

    /** A payout, new or found by its reference. */
    record Payout(UUID payoutId, UUID storeId, String reference, long amount, List<UUID> orders, boolean alreadyMade) {
    }

    /** Nothing to pay: the settled, unpaid orders sum to zero or less. */
    static final class NothingToPayException extends RuntimeException {
        NothingToPayException(long net, int orders) {
            super("Nothing to pay: the " + orders + " settled order(s) not yet paid out net " + net
                    + " pesos; a payout needs a positive amount (GET /api/analytics/cod/balance shows why)");
        }
    }

    private final JdbcClient jdbc;
    private final CodLedger ledger;

    Payouts(JdbcClient jdbc, CodLedger ledger) {
        this.jdbc = jdbc;
        this.ledger = ledger;
    }

    @Transactional
    public Payout pay(UUID store, String reference, String paidBy) {
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtext('cod-payout:' || :store))").param("store", store.toString()).query().singleRow();
        UUID existing = jdbc.sql("SELECT id FROM analytics.cod_payout WHERE store_id = :store AND reference = :reference")
                .param("store", store).param("reference", reference).query(UUID.class).optional().orElse(null);
        if (existing != null) {
            long amount = jdbc.sql("SELECT amount FROM analytics.cod_payout WHERE id = :id").param("id", existing).query(Long.class).single();
            List<UUID> orders = jdbc.sql("SELECT order_id FROM analytics.cod_payout_item WHERE payout_id = :id ORDER BY order_id")
                    .param("id", existing).query(UUID.class).list();
            return new Payout(existing, store, reference, amount, orders, true);
        }
        String account = Accounts.storePayable(store);
        record Net(UUID orderId, long net) {
        }
        List<Net> nets = jdbc.sql("""
                        SELECT e.order_id, -sum(l.amount) FROM analytics.cod_entry e JOIN analytics.cod_entry_line l ON l.entry_id = e.id
                        WHERE l.account = :account AND e.order_id IS NOT NULL
                          AND e.order_id IN (SELECT order_id FROM analytics.cod_entry WHERE kind <> 'COLLECTED' AND kind <> 'PAYOUT' AND store_id = :store)
                          AND NOT EXISTS (SELECT 1 FROM analytics.cod_payout_item i WHERE i.order_id = e.order_id)
                        GROUP BY e.order_id ORDER BY e.order_id""")
                .param("account", account).param("store", store)
                .query((rs, n) -> new Net(rs.getObject(1, UUID.class), rs.getLong(2))).list();
        long total = nets.stream().mapToLong(Net::net).sum();
        if (total <= 0) {
            throw new NothingToPayException(total, nets.size());
        }
        UUID id = UUID.randomUUID();
        jdbc.sql("INSERT INTO analytics.cod_payout (id, store_id, amount, reference, paid_by) VALUES (:id, :store, :amount, :reference, :by)")
                .param("id", id).param("store", store).param("amount", total).param("reference", reference).param("by", paidBy).update();
        for (Net net : nets) {
            jdbc.sql("INSERT INTO analytics.cod_payout_item (payout_id, order_id, amount) VALUES (:id, :order, :amount)")
                    .param("id", id).param("order", net.orderId()).param("amount", net.net()).update();
        }
        ledger.post(new CodLedger.Entry("payout:" + id, CodLedger.Kind.PAYOUT, store, null, null, null, Instant.now(),
                text("Paid out %,d to the store for %d settled order(s) (reference %s)", total, nets.size(), reference),
                List.of(new CodLedger.Line(account, total), new CodLedger.Line(Accounts.CASH, -total))));
        return new Payout(id, store, reference, total, nets.stream().map(Net::orderId).toList(), false);
    }

    /** Descriptions in one format whatever the server's locale: 120,000 pesos. */
    private static String text(String format, Object... args) {
        return String.format(java.util.Locale.ROOT, format, args);
    }
}
