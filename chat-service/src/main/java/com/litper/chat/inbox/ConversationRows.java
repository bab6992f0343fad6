package com.litper.chat.inbox;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Reads and writes the inbox's columns of {@code chat.conversation}; one mapping for every query. */
@Component
class ConversationRows {

    /** Every column a {@link Conversation} is made of, for {@code SELECT … FROM chat.conversation c}. */
    static final String COLUMNS = """
            c.id, c.store_id, c.buyer_phone, c.buyer_name, c.last_inbound_at, c.created_at, c.status, c.snoozed_until, c.labels,
            c.priority, c.controller, c.assignee, c.assigned_at, c.last_message_at, c.last_read_at, c.unread, c.human_since,
            c.human_millis, c.first_human_response_at, c.first_response_millis, c.resolved_at, c.resolution_millis, c.handover_reason,
            c.handover_summary, c.handed_over_at""";

    private final JdbcClient jdbc;

    ConversationRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The store's conversation, locked for the rest of the transaction; empty for another store's or none. */
    Optional<Conversation> lock(UUID storeId, UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM chat.conversation c WHERE c.id = :id AND c.store_id = :store FOR UPDATE")
                .param("id", id).param("store", storeId)
                .query((rs, n) -> map(rs)).optional();
    }

    /** A conversation whatever its store (the webhook's own), locked for the rest of the transaction. */
    Optional<Conversation> lock(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM chat.conversation c WHERE c.id = :id FOR UPDATE")
                .param("id", id)
                .query((rs, n) -> map(rs)).optional();
    }

    /** Stores what a transition may have changed. */
    void save(Conversation c) {
        ServiceClocks clocks = c.clocks();
        jdbc.sql("""
                        UPDATE chat.conversation SET status = :status, snoozed_until = :snoozedUntil, labels = :labels, priority = :priority,
                            controller = :controller, assignee = :assignee, assigned_at = :assignedAt, last_message_at = :lastMessageAt,
                            last_read_at = :lastReadAt, unread = :unread, human_since = :humanSince, human_millis = :humanMillis,
                            first_human_response_at = :firstResponseAt, first_response_millis = :firstResponseMillis,
                            resolved_at = :resolvedAt, resolution_millis = :resolutionMillis, handover_reason = :handoverReason,
                            handover_summary = :handoverSummary, handed_over_at = :handedOverAt
                        WHERE id = :id""")
                .param("status", c.status().name())
                .param("snoozedUntil", utc(c.snoozedUntil()), Types.TIMESTAMP_WITH_TIMEZONE)
                .param("labels", c.labels().toArray(String[]::new))
                .param("priority", c.priority().name())
                .param("controller", c.controller().name())
                .param("assignee", c.assignee(), Types.VARCHAR)
                .param("assignedAt", utc(c.assignedAt()), Types.TIMESTAMP_WITH_TIMEZONE)
                .param("lastMessageAt", utc(c.lastMessageAt()))
                .param("lastReadAt", utc(c.lastReadAt()), Types.TIMESTAMP_WITH_TIMEZONE)
                .param("unread", c.unread())
                .param("humanSince", utc(clocks.humanSince()), Types.TIMESTAMP_WITH_TIMEZONE)
                .param("humanMillis", clocks.storedHumanMillis())
                .param("firstResponseAt", utc(clocks.firstHumanResponseAt()), Types.TIMESTAMP_WITH_TIMEZONE)
                .param("firstResponseMillis", clocks.firstResponseMillis(), Types.BIGINT)
                .param("resolvedAt", utc(clocks.resolvedAt()), Types.TIMESTAMP_WITH_TIMEZONE)
                .param("resolutionMillis", clocks.resolutionMillis(), Types.BIGINT)
                .param("handoverReason", c.handover() == null ? null : c.handover().reason(), Types.VARCHAR)
                .param("handoverSummary", c.handover() == null ? null : c.handover().summary(), Types.VARCHAR)
                .param("handedOverAt", utc(c.handover() == null ? null : c.handover().at()), Types.TIMESTAMP_WITH_TIMEZONE)
                .param("id", c.id())
                .update();
    }

    static Conversation map(ResultSet rs) throws SQLException {
        ServiceClocks clocks = new ServiceClocks(instant(rs, "human_since"), rs.getLong("human_millis"),
                instant(rs, "first_human_response_at"), rs.getObject("first_response_millis", Long.class), instant(rs, "resolved_at"),
                rs.getObject("resolution_millis", Long.class));
        return new Conversation(rs.getObject("id", UUID.class), rs.getObject("store_id", UUID.class), rs.getString("buyer_phone"),
                rs.getString("buyer_name"), instant(rs, "last_inbound_at"), instant(rs, "created_at"),
                ConversationStatus.valueOf(rs.getString("status")), instant(rs, "snoozed_until"), labels(rs.getArray("labels")),
                Priority.valueOf(rs.getString("priority")), Controller.valueOf(rs.getString("controller")), rs.getString("assignee"),
                instant(rs, "assigned_at"), instant(rs, "last_message_at"), instant(rs, "last_read_at"), rs.getInt("unread"), clocks,
                rs.getString("handover_reason") == null ? null
                        : new Conversation.Handover(rs.getString("handover_reason"), rs.getString("handover_summary"), instant(rs, "handed_over_at")));
    }

    private static List<String> labels(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime time = rs.getObject(column, OffsetDateTime.class);
        return time == null ? null : time.toInstant();
    }

    /** Now, at PostgreSQL's precision (microseconds), so a time stored and read back is the same instant. */
    static Instant now(Clock clock) {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    static OffsetDateTime utc(Instant time) {
        return time == null ? null : OffsetDateTime.ofInstant(time, ZoneOffset.UTC);
    }
}
