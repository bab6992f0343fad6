package com.litper.chat.inbox;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The round-robin: a conversation a person must handle and nobody has goes to the store's available
 * agent with the fewest open conversations under their cap; ties go to whoever waited longest since
 * their last assignment. An agent's open conversations are those assigned to them that a person
 * controls and that are not resolved. Nobody available under their cap: it stays unassigned, in the
 * inbox's {@code assignee=none}.
 */
@Component
class Assignment {

    private final JdbcClient jdbc;

    Assignment(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The agent the store's next conversation goes to, marked as just assigned; runs in the conversation's transaction. */
    Optional<String> next(UUID storeId, Instant now) {
        // Locks the store's available agents until the transaction ends: two conversations of one store
        // assigned at once take turns, and the second counts the first's assignment.
        jdbc.sql("SELECT subject FROM chat.agent WHERE store_id = :store AND available ORDER BY subject FOR UPDATE")
                .param("store", storeId).query(String.class).list();
        Optional<String> chosen = jdbc.sql("""
                        SELECT a.subject FROM chat.agent a
                        CROSS JOIN LATERAL (
                            SELECT count(*) AS open FROM chat.conversation c
                            WHERE c.store_id = a.store_id AND c.assignee = a.subject AND c.controller = 'HUMAN' AND c.status <> 'RESOLVED') load
                        WHERE a.store_id = :store AND a.available AND load.open < a.max_open
                        ORDER BY load.open, a.last_assigned_at NULLS FIRST, a.subject
                        LIMIT 1""")
                .param("store", storeId).query(String.class).optional();
        chosen.ifPresent(subject -> jdbc.sql("UPDATE chat.agent SET last_assigned_at = :now WHERE store_id = :store AND subject = :subject")
                .param("now", ConversationRows.utc(now)).param("store", storeId).param("subject", subject).update());
        return chosen;
    }
}
