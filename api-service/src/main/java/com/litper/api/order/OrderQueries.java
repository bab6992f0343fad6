package com.litper.api.order;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/** Reads a store's orders, from the replicas. Every query filters by the store: another store's order does not exist. */
@Component
class OrderQueries {

    /** An order and its shipment (one row: the shipment's primary key is the order's id). */
    private static final String ORDER_AND_SHIPMENT = """
            SELECT o.id, o.status, o.buyer_name, o.buyer_phone, o.address, o.municipality_code, o.municipality, o.department_code,
                o.department, o.items::text AS items, o.declared_value, o.cash_on_delivery, o.preferred_carrier, o.created_at,
                o.failure_reason, o.delivery_date, o.origin_municipality_code, s.carrier AS shipment_carrier, s.tracking_number AS shipment_tracking_number,
                s.status AS shipment_status, s.status_reason AS shipment_status_reason, s.updated_at AS shipment_updated_at""";

    private static final String FROM = " FROM api.orders o LEFT JOIN api.order_shipment s ON s.order_id = o.id";

    /**
     * The timeline and the messages as JSON arrays built by PostgreSQL, so the whole order is one
     * round trip; each sub-select reads its table's index on the order id in the wanted order.
     * Times are formatted in UTC whatever the session's time zone.
     */
    private static final String TIMELINE_AND_MESSAGES = """
            ,
                (SELECT json_agg(json_build_object('eventId', t.event_id, 'status', t.status, 'carrierStatus', t.carrier_status,
                        'occurredAt', to_char(t.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                        'description', t.description, 'reason', t.reason, 'changedStatus', t.changed_status)
                        ORDER BY t.occurred_at, t.id)::text
                    FROM api.order_timeline t WHERE t.order_id = o.id) AS timeline,
                (SELECT json_agg(json_build_object('messageId', m.message_id, 'template', m.template, 'text', m.text,
                        'status', m.status, 'sentAt', to_char(m.sent_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))
                        ORDER BY m.sent_at, m.message_id)::text
                    FROM api.order_message m WHERE m.order_id = o.id) AS messages""";

    private static final String FIND = ORDER_AND_SHIPMENT + TIMELINE_AND_MESSAGES + FROM + " WHERE o.id = ? AND o.store_id = ?";

    private final JdbcClient jdbc;
    private final JdbcTemplate jdbcTemplate;
    private final JsonMapper json;

    OrderQueries(JdbcClient jdbc, JdbcTemplate jdbcTemplate, JsonMapper json) {
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
        this.json = json;
    }

    /**
     * What to list.
     *
     * @param status only orders in this status, or null
     * @param carrier only orders for this carrier, or null
     * @param createdFrom only orders created at or after this time, or null
     * @param createdBefore only orders created before this time, or null
     */
    record Filter(OrderStatus status, String carrier, Instant createdFrom, Instant createdBefore) {
    }

    /**
     * One page, newest first.
     *
     * @param items the orders
     * @param nextCursor pass as {@code cursor} for the next page; null on the last page
     */
    record Page(List<OrderView> items, String nextCursor) {
    }

    /**
     * The order with its shipment, timeline and messages, in one query.
     *
     * <p>One statement sees one snapshot by itself, so it runs in autocommit: one round trip, where a
     * read-only transaction takes a second one for its {@code COMMIT}. The connection is marked
     * read-only before its first use, which is what sends it to a replica when the service has
     * replicas (Spring's {@code LazyConnectionDataSourceProxy}, read-your-writes included); pgjdbc
     * sends nothing for that in autocommit. {@code SUPPORTS} opens no transaction, yet keeps the
     * method a read-only one for the retry on a broken replica connection ({@code ReadOnlyRetryAdvisor}).
     */
    @Transactional(readOnly = true, propagation = Propagation.SUPPORTS)
    public Optional<OrderDetails> find(UUID storeId, UUID orderId) {
        return Optional.ofNullable(jdbcTemplate.execute((ConnectionCallback<OrderDetails>) connection -> {
            connection.setReadOnly(true);
            try (PreparedStatement statement = connection.prepareStatement(FIND)) {
                statement.setObject(1, orderId);
                statement.setObject(2, storeId);
                try (ResultSet rs = statement.executeQuery()) {
                    return rs.next() ? new OrderDetails(map(rs), list(rs.getString("timeline"), OrderDetails.TimelineEntry[].class),
                            list(rs.getString("messages"), OrderDetails.Message[].class)) : null;
                }
            }
        }));
    }

    @Transactional(readOnly = true)
    public Page list(UUID storeId, Filter filter, OrderCursor after, int limit) {
        StringBuilder sql = new StringBuilder(ORDER_AND_SHIPMENT).append(FROM).append(" WHERE o.store_id = :store");
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("store", storeId);
        if (filter.status() != null) {
            sql.append(" AND o.status = :status");
            spec.put("status", filter.status().name());
        }
        if (filter.carrier() != null) {
            sql.append(" AND o.preferred_carrier = :carrier");
            spec.put("carrier", filter.carrier());
        }
        if (filter.createdFrom() != null) {
            sql.append(" AND o.created_at >= :from");
            spec.put("from", utc(filter.createdFrom()));
        }
        if (filter.createdBefore() != null) {
            sql.append(" AND o.created_at < :before");
            spec.put("before", utc(filter.createdBefore()));
        }
        if (after != null) {
            sql.append(" AND (o.created_at, o.id) < (:afterCreatedAt, :afterId)");
            spec.put("afterCreatedAt", utc(after.createdAt()));
            spec.put("afterId", after.id());
        }
        // One row more than asked tells whether another page exists.
        sql.append(" ORDER BY o.created_at DESC, o.id DESC LIMIT :limit");
        spec.put("limit", limit + 1);
        List<OrderView> rows = jdbc.sql(sql.toString()).params(spec).query((rs, n) -> map(rs)).list();
        if (rows.size() <= limit) {
            return new Page(rows, null);
        }
        List<OrderView> page = rows.subList(0, limit);
        OrderView last = page.get(limit - 1);
        return new Page(List.copyOf(page), new OrderCursor(last.createdAt(), last.id()).encode());
    }

    private OrderView map(ResultSet rs) throws SQLException {
        return new OrderView(rs.getObject("id", UUID.class), OrderStatus.valueOf(rs.getString("status")),
                new OrderView.Buyer(rs.getString("buyer_name"), rs.getString("buyer_phone")),
                new OrderView.Destination(rs.getString("address"), rs.getString("municipality_code"), rs.getString("municipality"),
                        rs.getString("department_code"), rs.getString("department")),
                Arrays.asList(json.readValue(rs.getString("items"), OrderView.Item[].class)),
                rs.getLong("declared_value"), rs.getLong("cash_on_delivery"), rs.getString("preferred_carrier"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(), shipment(rs), rs.getString("failure_reason"),
                rs.getObject("delivery_date", java.time.LocalDate.class), OrderView.Origin.of(rs.getString("origin_municipality_code")));
    }

    private static OrderView.Shipment shipment(ResultSet rs) throws SQLException {
        String trackingNumber = rs.getString("shipment_tracking_number");
        if (trackingNumber == null) {
            return null;
        }
        return OrderView.Shipment.of(rs.getString("shipment_carrier"), trackingNumber, rs.getString("shipment_status"),
                rs.getString("shipment_status_reason"), rs.getObject("shipment_updated_at", OffsetDateTime.class).toInstant());
    }

    private <T> List<T> list(String jsonArray, Class<T[]> type) {
        return jsonArray == null ? List.of() : List.of(json.readValue(jsonArray, type));
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
