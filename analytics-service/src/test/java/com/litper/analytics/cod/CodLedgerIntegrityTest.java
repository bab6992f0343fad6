package com.litper.analytics.cod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The database keeps the ledger double-entry and append-only, whoever writes to it. */
class CodLedgerIntegrityTest extends CodTestSupport {

    @Autowired
    CodLedger ledger;

    @Autowired
    PlatformTransactionManager transactionManager;

    CodLedger.Entry entry(String key, long... amounts) {
        UUID store = UUID.randomUUID();
        List<CodLedger.Line> lines = new java.util.ArrayList<>();
        String[] accounts = {Accounts.CASH, Accounts.storePayable(store), Accounts.FREIGHT_EXPENSE};
        for (int i = 0; i < amounts.length; i++) {
            lines.add(new CodLedger.Line(accounts[i], amounts[i]));
        }
        return new CodLedger.Entry(key, CodLedger.Kind.PAYOUT, store, null, null, null, Instant.now(), "test", lines);
    }

    @Test
    void anEntryWhoseLinesDoNotSumToZeroIsRefusedAtCommit() {
        TransactionTemplate tx = new TransactionTemplate(transactionManager);
        String key = "test:" + UUID.randomUUID();
        assertThatThrownBy(() -> tx.executeWithoutResult(s -> ledger.post(entry(key, 1_000, -900))))
                .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("not balanced");
        String single = "test:" + UUID.randomUUID();
        assertThatThrownBy(() -> tx.executeWithoutResult(s -> ledger.post(entry(single, 1_000))))
                .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("1 line(s)");
        assertThat(count("SELECT count(*) FROM analytics.cod_entry WHERE posting_key IN (?, ?)", key, single)).isZero();

        String balanced = "test:" + UUID.randomUUID();
        tx.executeWithoutResult(s -> assertThat(ledger.post(entry(balanced, 1_000, -700, -300))).isTrue());
        tx.executeWithoutResult(s -> assertThat(ledger.post(entry(balanced, 1_000, -700, -300))).as("same posting key").isFalse());
        assertThat(count("SELECT count(*) FROM analytics.cod_entry WHERE posting_key = ?", balanced)).isEqualTo(1);
    }

    @Test
    void entriesAndLinesAreNeverChangedOrRemoved() {
        UUID store = UUID.randomUUID();
        String guide = guide("SV");
        UUID order = codOrder(store, 40_000, "servientrega", guide, 11_500, Instant.now().minus(Duration.ofDays(1)));
        delivered(store, order, "servientrega", guide, 40_000L, Instant.now().minus(Duration.ofHours(1)));
        post();
        long entryId = count("SELECT id FROM analytics.cod_entry WHERE order_id = ?", order);

        assertThatThrownBy(() -> jdbc.sql("UPDATE analytics.cod_entry_line SET amount = amount * 2 WHERE entry_id = ?").param(1, entryId).update())
                .rootCause().hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("DELETE FROM analytics.cod_entry_line WHERE entry_id = ?").param(1, entryId).update())
                .rootCause().hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("UPDATE analytics.cod_entry SET description = 'x' WHERE id = ?").param(1, entryId).update())
                .rootCause().hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("TRUNCATE analytics.cod_entry_line").update()).rootCause().hasMessageContaining("append-only");
        assertThat(count("SELECT sum(amount) FROM analytics.cod_entry_line WHERE entry_id = ?", entryId)).isZero();
        assertThat(count("SELECT coalesce(sum(amount), 0) FROM analytics.cod_entry_line")).as("the whole ledger balances").isZero();
    }

    @Test
    void anAccountOutsideTheChartIsRefused() {
        TransactionTemplate tx = new TransactionTemplate(transactionManager);
        CodLedger.Entry entry = new CodLedger.Entry("test:" + UUID.randomUUID(), CodLedger.Kind.PAYOUT, UUID.randomUUID(), null, null, null,
                Instant.now(), "test", List.of(new CodLedger.Line("petty_cash", 10), new CodLedger.Line(Accounts.CASH, -10)));
        assertThatThrownBy(() -> tx.executeWithoutResult(s -> ledger.post(entry))).isInstanceOf(DataAccessException.class);
    }

    @Test
    void twoPassesAtOnceStillPostEachFactOnce() throws Exception {
        UUID store = UUID.randomUUID();
        List<UUID> orders = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String guide = guide("CO");
            UUID order = codOrder(store, 70_000, "coordinadora", guide, 10_900, Instant.now().minus(Duration.ofDays(1)));
            delivered(store, order, "coordinadora", guide, 70_000L, Instant.now().minus(Duration.ofHours(2)));
            delivered(store, order, "coordinadora", guide, 65_000L, Instant.now().minus(Duration.ofHours(1)));
            orders.add(order);
        }
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var first = pool.submit(() -> job.runOnce());
            var second = pool.submit(() -> job.runOnce());
            first.get();
            second.get();
        } finally {
            pool.shutdown();
        }
        for (UUID order : orders) {
            assertThat(count("SELECT count(*) FROM analytics.cod_entry WHERE order_id = ? AND kind = 'COLLECTED'", order)).isEqualTo(2);
            assertThat(count("""
                    SELECT -sum(l.amount) FROM analytics.cod_entry e JOIN analytics.cod_entry_line l ON l.entry_id = e.id
                    WHERE e.order_id = ? AND l.account LIKE 'store_payable:%'""", order)).isEqualTo(65_000);
        }
    }
}
