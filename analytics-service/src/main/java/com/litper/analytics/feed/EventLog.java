package com.litper.analytics.feed;

import com.litper.common.contracts.OrderPlaced;
import com.litper.common.contracts.ShipmentChanged;
import com.litper.common.contracts.ShipmentUpdate;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes what the other services report into {@code analytics.event}: a plain {@code INSERT … ON
 * CONFLICT DO NOTHING}, no read before it and no ORM, because this is the path every order and every
 * carrier event of every store goes through. The row's {@code event_key} (with its
 * {@code occurred_at}, which the same task always carries) makes a repeated task insert nothing.
 *
 * <p>The worker's threads record their tasks' rows through one {@link GroupCommit}: the rows handed
 * over while a commit is in progress are inserted by the next one, in one statement and one
 * transaction, and each thread returns only after the transaction holding its row committed (or
 * throws, failing its task's attempt). So the threads need no connection each: at most
 * {@code litper.analytics.feed.writers} batches are written at once; docs/analytics.md ("Feed") has
 * what it measured.
 */
@Component
class EventLog {

    /** The {@code kind}s of {@code analytics.event}. */
    static final String ORDER_PLACED = "ORDER_PLACED";
    static final String SHIPMENT_BOOKED = "SHIPMENT_BOOKED";
    static final String CARRIER_EVENT = "CARRIER_EVENT";

    /** The origin department of an order whose store did not say where it ships from. */
    static final String UNKNOWN_DEPARTMENT = "00";

    /** Every column the feed writes, in the order of {@link Row#values}; a row leaves those of the other kinds null. */
    private static final List<String> COLUMNS = List.of("event_key", "kind", "store_id", "order_id", "occurred_at",
            "origin_department", "destination_department", "destination_municipality", "cash_on_delivery", "declared_value",
            "shipment_id", "carrier", "tracking_number", "status", "event_status", "carrier_status", "changed_status", "novedad_cause",
            "reason", "promised_date", "freight", "cash_collected");
    /** Their types, for the arrays the statement unnests. */
    private static final List<String> TYPES = List.of("text", "text", "uuid", "uuid", "timestamptz",
            "text", "text", "text", "bigint", "bigint",
            "uuid", "text", "text", "text", "text", "text", "boolean", "text",
            "text", "date", "bigint", "bigint");
    /**
     * One statement whatever the number of rows: each column comes as one array (of text, cast to its
     * type), so PostgreSQL prepares and plans it once instead of once per batch size.
     */
    private static final String INSERT = "INSERT INTO analytics.event (" + String.join(", ", COLUMNS) + ") SELECT * FROM unnest("
            + String.join(", ", TYPES.stream().map(type -> "CAST(? AS text[])::" + type + "[]").toList())
            + ") ON CONFLICT (event_key, occurred_at) DO NOTHING RETURNING event_key, occurred_at";
    /** A row alone, the common case while fewer tasks run than there are writers: the plain statement, cheaper to execute. */
    private static final String INSERT_ONE = "INSERT INTO analytics.event (" + String.join(", ", COLUMNS) + ") VALUES ("
            + String.join(", ", Collections.nCopies(COLUMNS.size(), "?"))
            + ") ON CONFLICT (event_key, occurred_at) DO NOTHING RETURNING event_key, occurred_at";

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final GroupCommit<Row> commits;

    EventLog(JdbcClient jdbc, PlatformTransactionManager transactionManager, FeedProperties properties) {
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactionManager);
        // Its own transaction whatever the caller's: the batch holds other tasks' rows too.
        this.transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.commits = new GroupCommit<>(this::insert, properties.maxBatch(), properties.writers(), properties.maxWait(),
                EventLog::notTheRows);
    }

    /** Records an order's placement; false when it was recorded before. */
    boolean orderPlaced(OrderPlaced order) {
        return commits.commit(Row.of(orderKey(order), ORDER_PLACED, order.storeId(), order.orderId(), utc(order.createdAt()),
                originDepartment(order.originMunicipalityCode()), order.destinationDepartmentCode(), order.destinationMunicipalityCode(),
                order.cashOnDelivery(), order.declaredValue(),
                null, null, null, null, null, null, null, null, null, null, null, null));
    }

    /** Records a shipment's booking or one of its carrier events; false when it was recorded before. */
    boolean shipmentChanged(ShipmentChanged change) {
        ShipmentChanged.Event event = change.event();
        return commits.commit(Row.of(shipmentKey(change), kind(change), change.storeId(), change.orderId(), utc(event.occurredAt()),
                null, null, null, null, null,
                change.shipmentId(), change.carrier(), change.trackingNumber(), change.status(), event.status(), event.carrierStatus(),
                event.changedStatus(), change.novedadCause() == null ? null : change.novedadCause().name(), event.reason(),
                change.promisedDeliveryDate(), change.freight(), change.cashCollected()));
    }

    /**
     * Inserts rows in one statement and one transaction; per row, whether it inserted (a row already
     * there, or the same row earlier in {@code rows}, inserts nothing). The rows go in key order, so
     * two batches with the same keys take their index locks in the same order.
     */
    List<Boolean> insert(List<Row> rows) {
        if (rows.size() == 1) {
            Row row = rows.get(0);
            List<String> inserted = transactions.execute(tx -> jdbc.sql(INSERT_ONE).params(Arrays.asList(row.values()))
                    .query((rs, n) -> id(rs.getString(1), rs.getObject(2, OffsetDateTime.class))).list());
            return List.of(inserted.contains(id(row.key(), row.occurredAt())));
        }
        List<Row> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparing(Row::key).thenComparing(Row::occurredAt));
        List<Object> columns = new ArrayList<>(COLUMNS.size());
        for (int c = 0; c < COLUMNS.size(); c++) {
            String[] column = new String[sorted.size()];
            for (int r = 0; r < column.length; r++) {
                Object value = sorted.get(r).values()[c];
                column[r] = value == null ? null : value.toString();
            }
            columns.add(new SqlArrayValue("text", (Object[]) column));
        }
        List<String> insertedIds = transactions.execute(tx -> jdbc.sql(INSERT).params(columns)
                .query((rs, n) -> id(rs.getString(1), rs.getObject(2, OffsetDateTime.class))).list());
        Set<String> inserted = new HashSet<>(insertedIds);
        List<Boolean> answers = new ArrayList<>(rows.size());
        for (Row row : rows) {
            answers.add(inserted.remove(id(row.key(), row.occurredAt())));
        }
        return answers;
    }

    /** A failure that says nothing about the rows (no connection, a timeout, a deadlock): the batch's tasks retry it whole. */
    static boolean notTheRows(RuntimeException failure) {
        return failure instanceof TransientDataAccessException || failure instanceof RecoverableDataAccessException
                || failure instanceof DataAccessResourceFailureException || failure instanceof CannotCreateTransactionException;
    }

    /** A row's identity as the database returns it: PostgreSQL keeps microseconds, rounding the nanoseconds. */
    private static String id(String key, OffsetDateTime occurredAt) {
        return key + '\u0000' + occurredAt.toInstant().plusNanos(500).truncatedTo(ChronoUnit.MICROS);
    }

    /** One {@code analytics.event} row: its key and time, and the values of {@link #COLUMNS} in their order. */
    record Row(String key, OffsetDateTime occurredAt, Object[] values) {

        /** A row from the values of {@link #COLUMNS}, in their order. */
        static Row of(Object... values) {
            if (values.length != COLUMNS.size()) {
                throw new IllegalArgumentException(COLUMNS.size() + " values expected, not " + values.length);
            }
            return new Row((String) values[0], (OffsetDateTime) values[4], values);
        }
    }

    static String orderKey(OrderPlaced order) {
        return "order:" + order.orderId();
    }

    static String shipmentKey(ShipmentChanged change) {
        return "shipment:" + change.shipmentId() + ":" + change.event().eventId();
    }

    static String kind(ShipmentChanged change) {
        return ShipmentUpdate.BOOKED.equals(change.event().eventId()) ? SHIPMENT_BOOKED : CARRIER_EVENT;
    }

    /** The DANE department of a municipality code is its first two digits. */
    static String originDepartment(String municipalityCode) {
        return municipalityCode == null || municipalityCode.length() < 2 ? UNKNOWN_DEPARTMENT : municipalityCode.substring(0, 2);
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
