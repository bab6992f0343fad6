package com.litper.chat.inbox;

import com.litper.chat.config.InboxProperties;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reads a store's conversations, from the replicas. Every query filters by the store: another
 * store's conversation does not exist.
 */
@Component
class InboxQueries {

    private final JdbcClient jdbc;
    private final InboxProperties properties;
    private final Clock clock;

    InboxQueries(JdbcClient jdbc, InboxProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * What to list; null fields do not filter.
     *
     * @param statuses only conversations in one of these statuses
     * @param assignee only those assigned to this subject
     * @param unassigned only those assigned to nobody (true)
     * @param label only those with this label
     * @param unread only those with (true) or without (false) unread messages
     * @param controller only those this controller answers
     */
    record Filter(Set<ConversationStatus> statuses, String assignee, boolean unassigned, String label, Boolean unread,
            Controller controller) {
    }

    /**
     * One page, newest activity first.
     *
     * @param items the conversations
     * @param nextCursor pass as {@code cursor} for the next page; null on the last page
     */
    record Page(List<ConversationView> items, String nextCursor) {
    }

    @Transactional(readOnly = true)
    public Page list(UUID storeId, Filter filter, InboxCursor after, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + ConversationRows.COLUMNS + " FROM chat.conversation c WHERE c.store_id = :store");
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("store", storeId);
        if (filter.statuses() != null && !filter.statuses().isEmpty()) {
            sql.append(" AND c.status IN (:statuses)");
            params.put("statuses", filter.statuses().stream().map(Enum::name).toList());
        }
        if (filter.unassigned()) {
            sql.append(" AND c.assignee IS NULL");
        } else if (filter.assignee() != null) {
            sql.append(" AND c.assignee = :assignee");
            params.put("assignee", filter.assignee());
        }
        if (filter.label() != null) {
            sql.append(" AND c.labels @> ARRAY[CAST(:label AS text)]");
            params.put("label", filter.label());
        }
        if (filter.unread() != null) {
            sql.append(filter.unread() ? " AND c.unread > 0" : " AND c.unread = 0");
        }
        if (filter.controller() != null) {
            sql.append(" AND c.controller = :controller");
            params.put("controller", filter.controller().name());
        }
        if (after != null) {
            sql.append(" AND (c.last_message_at, c.id) < (:afterAt, :afterId)");
            params.put("afterAt", ConversationRows.utc(after.lastMessageAt()));
            params.put("afterId", after.id());
        }
        // One more than asked: whether it exists tells if there is a next page.
        sql.append(" ORDER BY c.last_message_at DESC, c.id DESC LIMIT :limit");
        params.put("limit", limit + 1);
        List<Conversation> rows = jdbc.sql(sql.toString()).params(params).query((rs, n) -> ConversationRows.map(rs)).list();
        Instant now = ConversationRows.now(clock);
        List<ConversationView> items = rows.stream().limit(limit).map(c -> ConversationView.of(c, now, properties.serviceWindow())).toList();
        String next = rows.size() > limit ? InboxCursor.after(rows.get(limit - 1)).encode() : null;
        return new Page(items, next);
    }

    /** The store's conversation with its latest messages; empty for another store's or none. */
    @Transactional(readOnly = true)
    public Optional<ConversationDetails> find(UUID storeId, UUID id) {
        Optional<Conversation> conversation = jdbc.sql("SELECT " + ConversationRows.COLUMNS
                        + " FROM chat.conversation c WHERE c.id = :id AND c.store_id = :store")
                .param("id", id).param("store", storeId)
                .query((rs, n) -> ConversationRows.map(rs)).optional();
        return conversation.map(c -> {
            int wanted = properties.messages();
            List<MessageView> latest = new ArrayList<>(jdbc.sql("""
                            SELECT %s FROM chat.message m WHERE m.conversation_id = :id ORDER BY m.created_at DESC, m.id DESC LIMIT :limit"""
                            .formatted(MessageRows.COLUMNS))
                    .param("id", id).param("limit", wanted + 1)
                    .query((rs, n) -> MessageRows.map(rs)).list());
            boolean older = latest.size() > wanted;
            List<MessageView> messages = new ArrayList<>(latest.subList(0, Math.min(wanted, latest.size())));
            // In the order they were sent: the author's time, or the recording time while a reply is pending.
            messages.sort(Comparator.comparing((MessageView m) -> m.sentAt() != null ? m.sentAt() : m.createdAt())
                    .thenComparing(MessageView::createdAt));
            List<ConversationDetails.BuyerOrder> orders = jdbc.sql("""
                            SELECT order_id, last_event, last_reason, tracking_number, carrier_name, last_event_at FROM chat.buyer_order
                            WHERE store_id = :store AND buyer_phone = :phone ORDER BY last_event_at DESC LIMIT 20""")
                    .param("store", storeId).param("phone", c.buyerPhone())
                    .query((rs, n) -> new ConversationDetails.BuyerOrder(rs.getObject("order_id", UUID.class), rs.getString("last_event"),
                            rs.getString("last_reason"), rs.getString("tracking_number"), rs.getString("carrier_name"),
                            rs.getTimestamp("last_event_at").toInstant()))
                    .list();
            return new ConversationDetails(ConversationView.of(c, ConversationRows.now(clock), properties.serviceWindow()), List.copyOf(messages), older,
                    orders);
        });
    }
}
