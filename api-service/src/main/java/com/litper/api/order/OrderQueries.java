package com.litper.api.order;

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
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/** Reads a store's orders, from the replicas. Every query filters by the store: another store's order does not exist. */
@Component
class OrderQueries {

    private static final String COLUMNS = """
            id, status, buyer_name, buyer_phone, address, municipality_code, municipality, department_code, department,
            items::text AS items, declared_value, cash_on_delivery, preferred_carrier, created_at""";

    private final JdbcClient jdbc;
    private final JsonMapper json;

    OrderQueries(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
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

    @Transactional(readOnly = true)
    public Optional<OrderView> find(UUID storeId, UUID orderId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM api.orders WHERE id = :id AND store_id = :store")
                .param("id", orderId).param("store", storeId)
                .query((rs, n) -> map(rs))
                .optional();
    }

    @Transactional(readOnly = true)
    public Page list(UUID storeId, Filter filter, OrderCursor after, int limit) {
        StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS).append(" FROM api.orders WHERE store_id = :store");
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("store", storeId);
        if (filter.status() != null) {
            sql.append(" AND status = :status");
            spec.put("status", filter.status().name());
        }
        if (filter.carrier() != null) {
            sql.append(" AND preferred_carrier = :carrier");
            spec.put("carrier", filter.carrier());
        }
        if (filter.createdFrom() != null) {
            sql.append(" AND created_at >= :from");
            spec.put("from", utc(filter.createdFrom()));
        }
        if (filter.createdBefore() != null) {
            sql.append(" AND created_at < :before");
            spec.put("before", utc(filter.createdBefore()));
        }
        if (after != null) {
            sql.append(" AND (created_at, id) < (:afterCreatedAt, :afterId)");
            spec.put("afterCreatedAt", utc(after.createdAt()));
            spec.put("afterId", after.id());
        }
        // One row more than asked tells whether another page exists.
        sql.append(" ORDER BY created_at DESC, id DESC LIMIT :limit");
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
                rs.getObject("created_at", OffsetDateTime.class).toInstant());
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
