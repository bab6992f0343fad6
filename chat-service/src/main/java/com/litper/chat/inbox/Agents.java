package com.litper.chat.inbox;

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

    /** Makes {@code subject} one of the store's agents (not available for the round-robin until they say so). */
    void enrol(UUID storeId, String subject) {
        jdbc.sql("INSERT INTO chat.agent (store_id, subject) VALUES (:store, :subject) ON CONFLICT DO NOTHING")
                .param("store", storeId).param("subject", subject).update();
    }
}
