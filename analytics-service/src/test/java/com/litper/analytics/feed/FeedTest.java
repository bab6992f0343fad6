package com.litper.analytics.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.litper.common.contracts.NovedadCause;
import com.litper.common.contracts.OrderPlaced;
import com.litper.common.contracts.ShipmentChanged;
import com.litper.common.contracts.ShipmentUpdate;
import com.litper.common.queue.DeadLetter;
import com.litper.common.queue.TaskPriority;
import com.litper.common.queue.TaskQueue;
import com.litper.common.task.Tasks;
import com.litper.embedded.EmbeddedInfrastructure;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The feed whole: tasks through the real queue (embedded Redis) to analytics-service's own worker on
 * the {@code analytics} queue, rows in {@code analytics.event} (embedded PostgreSQL).
 */
@ExtendWith(EmbeddedInfrastructure.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class FeedTest {

    private static final String QUEUE = "analytics";
    private static final Instant PLACED = Instant.parse("2026-11-25T13:00:00Z");

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TaskQueue queue;

    @Autowired
    Tasks tasks;

    @Test
    void anOrderPlacedLandsAsOneRowWithItsRouteAndMoney() {
        UUID order = UUID.randomUUID();
        UUID store = UUID.randomUUID();
        tasks.send(new OrderPlaced(order, store, "11001", "05001", "05", 90_000L, 120_000L, PLACED));

        Map<String, Object> row = awaitRow("order:" + order);
        assertThat(row).containsEntry("kind", "ORDER_PLACED").containsEntry("store_id", store).containsEntry("order_id", order)
                .containsEntry("origin_department", "11").containsEntry("destination_department", "05")
                .containsEntry("destination_municipality", "05001").containsEntry("cash_on_delivery", 90_000L)
                .containsEntry("declared_value", 120_000L);
        assertThat(((java.sql.Timestamp) row.get("occurred_at")).toInstant()).isEqualTo(PLACED);
        assertThat(row.get("shipment_id")).isNull();
    }

    @Test
    void anOrderWithoutAnOriginHasTheUnknownDepartment() {
        UUID order = UUID.randomUUID();
        tasks.send(new OrderPlaced(order, UUID.randomUUID(), null, "76001", "76", 0L, 50_000L, PLACED));

        assertThat(awaitRow("order:" + order)).containsEntry("origin_department", "00").containsEntry("cash_on_delivery", 0L);
    }

    @Test
    void aRepeatedTaskAddsNothing() {
        UUID order = UUID.randomUUID();
        OrderPlaced placed = new OrderPlaced(order, UUID.randomUUID(), "11001", "05001", "05", 0L, 10_000L, PLACED);
        String json = tasks.codec().encode(tasks.contracts().of(OrderPlaced.class), placed);
        // Straight to the queue, without the contract's de-duplication key: both tasks run.
        queue.enqueue("order_placed", json, TaskPriority.LOW);
        queue.enqueue("order_placed", json, TaskPriority.LOW);
        awaitRow("order:" + order);
        await().atMost(Duration.ofSeconds(20)).until(this::queueIsIdle);

        assertThat(count("order:" + order)).isEqualTo(1);
        assertThat(queue.deadLetters(QUEUE, 0, 1000)).noneMatch(letter -> letter.task().payload().contains(order.toString()));
    }

    @Test
    void aBookingIsShipmentBookedWithItsPromiseAndFreight() {
        UUID shipment = UUID.randomUUID();
        UUID order = UUID.randomUUID();
        Instant bookedAt = Instant.parse("2026-11-25T14:00:00Z");
        tasks.send(new ShipmentChanged(order, UUID.randomUUID(), shipment, "coordinadora", "CO123", "CREATED", 1L,
                new ShipmentChanged.Event(ShipmentUpdate.BOOKED, "CREATED", null, bookedAt, null, true), null,
                LocalDate.parse("2026-11-30"), 14_500L, null));

        Map<String, Object> row = awaitRow("shipment:" + shipment + ":booked");
        assertThat(row).containsEntry("kind", "SHIPMENT_BOOKED").containsEntry("order_id", order).containsEntry("shipment_id", shipment)
                .containsEntry("carrier", "coordinadora").containsEntry("tracking_number", "CO123").containsEntry("status", "CREATED")
                .containsEntry("event_status", "CREATED").containsEntry("changed_status", true).containsEntry("freight", 14_500L)
                .containsEntry("promised_date", java.sql.Date.valueOf("2026-11-30"));
        assertThat(((java.sql.Timestamp) row.get("occurred_at")).toInstant()).isEqualTo(bookedAt);
    }

    @Test
    void carrierEventsAreRecordedWithTheirCauseAndCash() {
        UUID shipment = UUID.randomUUID();
        UUID order = UUID.randomUUID();
        UUID store = UUID.randomUUID();
        tasks.send(new ShipmentChanged(order, store, shipment, "servientrega", "SV1", "EXCEPTION", 2L,
                new ShipmentChanged.Event("evt-1", "EXCEPTION", "600", Instant.parse("2026-11-26T15:00:00Z"), "Cliente ausente", true),
                NovedadCause.BUYER_ABSENT, null, null, null));
        // A late event: recorded with its own status although the shipment did not move.
        tasks.send(new ShipmentChanged(order, store, shipment, "servientrega", "SV1", "DELIVERED", 4L,
                new ShipmentChanged.Event("evt-3", "IN_TRANSIT", "300", Instant.parse("2026-11-26T10:00:00Z"), null, false),
                null, null, null, null));
        tasks.send(new ShipmentChanged(order, store, shipment, "servientrega", "SV1", "DELIVERED", 3L,
                new ShipmentChanged.Event("evt-2", "DELIVERED", "500", Instant.parse("2026-11-27T15:00:00Z"), null, true),
                null, null, null, 90_000L));

        assertThat(awaitRow("shipment:" + shipment + ":evt-1")).containsEntry("kind", "CARRIER_EVENT")
                .containsEntry("novedad_cause", "BUYER_ABSENT").containsEntry("reason", "Cliente ausente").containsEntry("carrier_status", "600");
        assertThat(awaitRow("shipment:" + shipment + ":evt-2")).containsEntry("kind", "CARRIER_EVENT").containsEntry("status", "DELIVERED")
                .containsEntry("cash_collected", 90_000L);
        assertThat(awaitRow("shipment:" + shipment + ":evt-3")).containsEntry("status", "DELIVERED").containsEntry("event_status", "IN_TRANSIT")
                .containsEntry("changed_status", false);
    }

    @Test
    void anInvalidPayloadIsADeadLetterAndNoRow() {
        UUID order = UUID.randomUUID();
        // No destination department, a cash amount below zero.
        String invalid = "{\"orderId\":\"" + order + "\",\"storeId\":\"" + UUID.randomUUID() + "\",\"destinationMunicipalityCode\":\"05001\","
                + "\"cashOnDelivery\":-1,\"declaredValue\":0,\"createdAt\":\"2026-11-25T13:00:00Z\"}";
        String id = queue.enqueue("order_placed", invalid, TaskPriority.LOW);

        DeadLetter letter = await().atMost(Duration.ofSeconds(20)).until(() -> deadLetter(id), Optional::isPresent).orElseThrow();
        assertThat(letter.lastError()).contains("destinationDepartmentCode").contains("cashOnDelivery");
        assertThat(count("order:" + order)).isZero();
    }

    @Test
    void anUnreadablePayloadIsADeadLetter() {
        String id = queue.enqueue("shipment_changed", "{\"orderId\": 42, \"event\": \"not an object\"", TaskPriority.LOW);

        assertThat(await().atMost(Duration.ofSeconds(20)).until(() -> deadLetter(id), Optional::isPresent)).isPresent();
    }

    private Map<String, Object> awaitRow(String key) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql("SELECT * FROM analytics.event WHERE event_key = :key")
                .param("key", key).query().listOfRows().stream().findFirst(), Optional::isPresent).orElseThrow();
    }

    private long count(String key) {
        return jdbc.sql("SELECT count(*) FROM analytics.event WHERE event_key = :key").param("key", key).query(Long.class).single();
    }

    private Optional<DeadLetter> deadLetter(String taskId) {
        return queue.deadLetters(QUEUE, 0, 1000).stream().filter(letter -> letter.task().id().equals(taskId)).findFirst();
    }

    private boolean queueIsIdle() {
        return queue.leasedCount(QUEUE) == 0 && queue.delayedCount(QUEUE) == 0
                && Arrays.stream(TaskPriority.values()).allMatch(priority -> queue.depth(QUEUE, priority) == 0);
    }
}
