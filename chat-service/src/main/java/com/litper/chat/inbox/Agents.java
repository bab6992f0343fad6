package com.litper.chat.inbox;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A store's support agents as the inbox knows them ({@code chat.agent}): everyone who joined with
 * {@code PUT /api/chat/agents/me}, took a conversation over or assigned one to themselves. Only they
 * can be assigned conversations: chat-service does not know the store's users otherwise.
 */
@Component
class Agents {

    private final JdbcClient jdbc;

    Agents(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    boolean isAgent(UUID storeId, String subject) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM chat.agent WHERE store_id = :store AND subject = :subject)")
                .param("store", storeId).param("subject", subject).query(Boolean.class).single();
    }

    /**
     * A support agent as the inbox knows them.
     *
     * @param subject the agent's token subject
     * @param available whether they take conversations from the round-robin
     * @param maxOpen how many open conversations the round-robin gives them at most
     * @param open their open conversations: assigned to them, controlled by a person, not resolved
     * @param lastAssignedAt when the round-robin last gave them one, or null
     */
    record Agent(String subject, boolean available, int maxOpen, long open, Instant lastAssignedAt) {
    }

    private static final String AGENT = """
            SELECT a.subject, a.available, a.max_open, a.last_assigned_at,
                (SELECT count(*) FROM chat.conversation c WHERE c.store_id = a.store_id AND c.assignee = a.subject
                    AND c.controller = 'HUMAN' AND c.status <> 'RESOLVED') AS open
            FROM chat.agent a WHERE a.store_id = :store""";

    /** Sets whether {@code subject} takes conversations from the round-robin and how many at once; they join if new. */
    Agent update(UUID storeId, String subject, boolean available, int maxOpen) {
        jdbc.sql("""
                        INSERT INTO chat.agent (store_id, subject, available, max_open) VALUES (:store, :subject, :available, :maxOpen)
                        ON CONFLICT (store_id, subject) DO UPDATE SET available = EXCLUDED.available, max_open = EXCLUDED.max_open,
                            updated_at = now()""")
                .param("store", storeId).param("subject", subject).param("available", available).param("maxOpen", maxOpen)
                .update();
        return find(storeId, subject).orElseThrow();
    }

    Optional<Agent> find(UUID storeId, String subject) {
        return jdbc.sql(AGENT + " AND a.subject = :subject").param("store", storeId).param("subject", subject)
                .query((rs, n) -> agent(rs)).optional();
    }

    /** The store's agents, available ones first. */
    List<Agent> all(UUID storeId) {
        return jdbc.sql(AGENT + " ORDER BY a.available DESC, a.subject").param("store", storeId).query((rs, n) -> agent(rs)).list();
    }

    private static Agent agent(ResultSet rs) throws SQLException {
        return new Agent(rs.getString("subject"), rs.getBoolean("available"), rs.getInt("max_open"), rs.getLong("open"),
                ConversationRows.instant(rs, "last_assigned_at"));
    }

    /** Makes {@code subject} one of the store's agents (not available for the round-robin until they say so). */
    void enrol(UUID storeId, String subject) {
        jdbc.sql("INSERT INTO chat.agent (store_id, subject) VALUES (:store, :subject) ON CONFLICT DO NOTHING")
                .param("store", storeId).param("subject", subject).update();
    }
}
