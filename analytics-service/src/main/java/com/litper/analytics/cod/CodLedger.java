package com.litper.analytics.cod;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Posts journal entries to the COD ledger. The database keeps it honest: an entry's lines must sum
 * to zero (checked at commit), nothing is ever updated or deleted, and the posting key is unique,
 * so posting the same fact twice (a job re-reading its overlap, two replicas, a re-import) writes
 * one entry. Callers post inside their own transaction.
 */
@Component
class CodLedger {

    /** What an entry is about. */
    enum Kind {
        COLLECTED, REMITTED, FREIGHT, COD_COMMISSION, RETURN_FREIGHT, PAYOUT
    }

    /** One line: a positive amount debits the account, a negative one credits it. */
    record Line(String account, long amount) {
    }

    /**
     * One entry to post.
     *
     * @param postingKey the fact it comes from, unique in the ledger
     */
    record Entry(String postingKey, Kind kind, UUID storeId, UUID orderId, String carrier, String trackingNumber, Instant effectiveAt,
            String description, List<Line> lines) {
    }

    private final JdbcClient jdbc;

    CodLedger(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Posts the entry unless its posting key was posted before; true when it was written now. */
    boolean post(Entry entry) {
        List<Line> lines = entry.lines().stream().filter(line -> line.amount() != 0).toList();
        if (lines.isEmpty()) {
            return false;
        }
        Long id = jdbc.sql("""
                        INSERT INTO analytics.cod_entry (posting_key, kind, store_id, order_id, carrier, tracking_number, effective_at, description)
                        VALUES (:key, :kind, :store, :order, :carrier, :guide, :at, :description)
                        ON CONFLICT (posting_key) DO NOTHING RETURNING id""")
                .param("key", entry.postingKey()).param("kind", entry.kind().name()).param("store", entry.storeId())
                .param("order", entry.orderId()).param("carrier", entry.carrier()).param("guide", entry.trackingNumber())
                .param("at", OffsetDateTime.ofInstant(entry.effectiveAt(), ZoneOffset.UTC)).param("description", entry.description())
                .query(Long.class).optional().orElse(null);
        if (id == null) {
            return false;
        }
        int lineNo = 1;
        for (Line line : lines) {
            jdbc.sql("INSERT INTO analytics.cod_entry_line (entry_id, line_no, account, amount) VALUES (:entry, :no, :account, :amount)")
                    .param("entry", id).param("no", lineNo++).param("account", line.account()).param("amount", line.amount()).update();
        }
        return true;
    }

    /** True when an entry with this posting key exists. */
    boolean posted(String postingKey) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM analytics.cod_entry WHERE posting_key = :key)").param("key", postingKey)
                .query(Boolean.class).single();
    }
}
