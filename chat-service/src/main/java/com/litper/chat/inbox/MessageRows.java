package com.litper.chat.inbox;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Reads {@code chat.message} as the inbox shows it; one mapping for every query. */
@Component
class MessageRows {

    /** Every column a {@link MessageView} is made of. */
    static final String COLUMNS = "m.id, m.direction, m.type, m.body, m.status, m.status_at, m.sent_at, m.created_at, m.author,"
            + " m.whatsapp_message_id, m.error_code, m.error_title";

    private final JdbcClient jdbc;

    MessageRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * A message with what an event about it needs.
     *
     * @param storeId the store of its conversation
     * @param conversationId its conversation
     * @param message the message
     */
    record Located(UUID storeId, UUID conversationId, MessageView message) {
    }

    Optional<Located> find(UUID messageId) {
        return jdbc.sql("SELECT c.store_id, m.conversation_id, " + COLUMNS
                        + " FROM chat.message m JOIN chat.conversation c ON c.id = m.conversation_id WHERE m.id = :id")
                .param("id", messageId)
                .query((rs, n) -> new Located(rs.getObject("store_id", UUID.class), rs.getObject("conversation_id", UUID.class), map(rs)))
                .optional();
    }

    Optional<Located> find(String whatsappMessageId) {
        return jdbc.sql("SELECT c.store_id, m.conversation_id, " + COLUMNS
                        + " FROM chat.message m JOIN chat.conversation c ON c.id = m.conversation_id WHERE m.whatsapp_message_id = :wamid")
                .param("wamid", whatsappMessageId)
                .query((rs, n) -> new Located(rs.getObject("store_id", UUID.class), rs.getObject("conversation_id", UUID.class), map(rs)))
                .optional();
    }

    /** A message WhatsApp refused for good, by the send task that gave up ({@code whatsapp_failed}). */
    Optional<Located> findBySendTask(String sendTaskId) {
        return jdbc.sql("SELECT c.store_id, m.conversation_id, " + COLUMNS
                        + " FROM chat.message m JOIN chat.conversation c ON c.id = m.conversation_id WHERE m.send_task_id = :task")
                .param("task", sendTaskId)
                .query((rs, n) -> new Located(rs.getObject("store_id", UUID.class), rs.getObject("conversation_id", UUID.class), map(rs)))
                .optional();
    }

    static MessageView map(ResultSet rs) throws SQLException {
        Integer code = rs.getObject("error_code", Integer.class);
        String title = rs.getString("error_title");
        return new MessageView(rs.getObject("id", UUID.class), rs.getString("direction"), rs.getString("type"), rs.getString("body"),
                rs.getString("status"), ConversationRows.instant(rs, "status_at"), ConversationRows.instant(rs, "sent_at"),
                ConversationRows.instant(rs, "created_at"), rs.getString("author"), rs.getString("whatsapp_message_id"),
                code == null && title == null ? null : new MessageView.Failure(code, title));
    }
}
