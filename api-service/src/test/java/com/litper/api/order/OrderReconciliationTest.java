package com.litper.api.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.litper.api.ApiTestSupport;
import com.litper.api.QueuePerTestClass;
import com.litper.api.store.ApiKeys;
import com.litper.common.queue.Task;
import com.litper.common.queue.TaskHandler;
import com.litper.common.queue.TaskPriority;
import com.litper.common.queue.TaskQueue;
import com.litper.common.queue.TaskWorker;
import com.litper.common.testing.EarlierOutboxRows;
import com.litper.common.testing.Http;
import com.litper.embedded.EmbeddedInfrastructure;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * Redis is the dispatcher, PostgreSQL the record: an order whose process_order Redis lost is
 * dispatched again from the outbox once the (here shortened) bound has passed, and booked once; a
 * re-dispatch of an order whose first run did happen books nothing twice.
 */
@TestPropertySource(properties = {"litper.reconcile.after=2s", "litper.reconcile.interval=200ms"})
class OrderReconciliationTest extends ApiTestSupport {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    TaskQueue queue;

    @Autowired
    MeterRegistry meters;

    /** The process_order tasks the test's worker took, in order. */
    private final List<Task> received = new CopyOnWriteArrayList<>();
    /** The carrier's bookings by Idempotency-Key (the order id), as worker-service's carriers keep them: one guide per key. */
    private final Map<String, String> guides = new ConcurrentHashMap<>();
    /** The order of each shipment the carrier created. */
    private final List<String> shipmentsCreated = new CopyOnWriteArrayList<>();
    /** Orders whose first booking's shipment_update is lost on the way back. */
    private final Set<String> loseFirstUpdate = ConcurrentHashMap.newKeySet();
    private TaskWorker worker;

    @BeforeAll
    static void settleEarlierRows() {
        EarlierOutboxRows.settle("api");
    }

    @AfterEach
    void stopWorker() {
        if (worker != null) {
            worker.stop();
        }
    }

    @Test
    void anOrderWhoseTaskRedisLostIsDispatchedAgainAfterTheBoundAndBookedOnce() {
        ApiKeys.NewKey store = newStore();
        String orderId = create(store);
        await().atMost(Duration.ofSeconds(20)).until(() -> outboxRow(orderId, "sent_at IS NOT NULL"));
        // Redis loses the task (and its de-duplication key) before any worker took it.
        deleteWorkerQueueKeys();
        assertThat(queue.depth(workerQueue(), TaskPriority.NORMAL)).isZero();
        startWorker();

        await().atMost(Duration.ofSeconds(30)).until(() -> status(store, orderId).equals("BOOKED"));
        assertThat(outboxRow(orderId, "redispatches = 1")).isTrue();
        // Once the order is booked the row is settled, and nothing is dispatched again.
        await().atMost(Duration.ofSeconds(20)).until(() -> outboxRow(orderId, "confirmed_at IS NOT NULL"));
        assertThat(outboxRow(orderId, "redispatches = 1")).isTrue();
        assertThat(tasksFor(orderId)).hasSize(1);
        assertThat(shipmentsCreated).containsOnlyOnce(orderId);
        assertThat(meters.get("litper.reconcile.redispatched").tag("service", "api-service").tag("kind", "process_order").counter()
                .count()).isGreaterThanOrEqualTo(1.0);
    }

    @Test
    void aRedispatchOfAnOrderWhoseFirstRunHappenedBooksNothingTwice() {
        ApiKeys.NewKey store = newStore();
        String orderId = create(store);
        loseFirstUpdate.add(orderId);
        startWorker();

        await().atMost(Duration.ofSeconds(30)).until(() -> status(store, orderId).equals("BOOKED"));
        // The first run booked and its update was lost; the re-dispatch ran under a key of its own and got the same guide.
        assertThat(tasksFor(orderId)).hasSize(2);
        assertThat(tasksFor(orderId).get(0).id()).isNotEqualTo(tasksFor(orderId).get(1).id());
        assertThat(shipmentsCreated).containsOnlyOnce(orderId);
        assertThat(jdbc.sql("SELECT count(*) FROM api.order_shipment WHERE order_id = :id").param("id", UUID.fromString(orderId))
                .query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT count(*) FROM api.order_timeline WHERE order_id = :id").param("id", UUID.fromString(orderId))
                .query(Long.class).single()).isEqualTo(1);
    }

    private String create(ApiKeys.NewKey store) {
        Http.Response created = post(store.key(), "/api/orders", order());
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().path("id").asString();
    }

    /** A stand-in for worker-service's process_order: books with the order id as Idempotency-Key, reports the booking. */
    private void startWorker() {
        TaskHandler handler = new TaskHandler() {
            @Override
            public String taskType() {
                return "process_order";
            }

            @Override
            public void handle(Task task) {
                received.add(task);
                var order = JSON.readTree(task.payload());
                String orderId = order.path("orderId").asString();
                String guide = guides.computeIfAbsent(orderId, id -> {
                    shipmentsCreated.add(id);
                    return "SV-" + UUID.randomUUID().toString().substring(0, 8);
                });
                if (loseFirstUpdate.remove(orderId)) {
                    return;
                }
                queue.enqueue("shipment_update", booking(orderId, order.path("storeId").asString(), guide), TaskPriority.HIGH);
            }
        };
        worker = new TaskWorker(queue, List.of(handler), 2);
        worker.start();
    }

    private List<Task> tasksFor(String orderId) {
        return received.stream().filter(task -> JSON.readTree(task.payload()).path("orderId").asString().equals(orderId)).toList();
    }

    /** The shipment_update tracking-service sends once the shipment exists; the shipment id follows from the guide. */
    private static String booking(String orderId, String storeId, String guide) {
        Instant bookedAt = Instant.parse("2026-11-27T15:00:00Z");
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("eventId", "booked");
        event.put("status", "CREATED");
        event.put("occurredAt", bookedAt.toString());
        event.put("description", "Guía generada con Servientrega");
        event.put("changedStatus", true);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("orderId", orderId);
        payload.put("storeId", storeId);
        payload.put("shipmentId", UUID.nameUUIDFromBytes(guide.getBytes()).toString());
        payload.put("carrier", "servientrega");
        payload.put("trackingNumber", guide);
        payload.put("status", "CREATED");
        payload.put("version", 1);
        payload.put("updatedAt", bookedAt.toString());
        payload.put("event", event);
        return JSON.writeValueAsString(payload);
    }

    private String status(ApiKeys.NewKey store, String orderId) {
        return get(store.key(), "/api/orders/" + orderId).json().path("status").asString();
    }

    private boolean outboxRow(String orderId, String condition) {
        return jdbc.sql("SELECT count(*) FROM api.outbox WHERE task_type = 'process_order' AND payload->>'orderId' = :id AND " + condition)
                .param("id", orderId)
                .query(Long.class).single() == 1;
    }

    private String workerQueue() {
        return QueuePerTestClass.workerQueue(getClass());
    }

    /** Every key of this class's worker queue, as a failover to a replica that never had them would leave it. */
    private void deleteWorkerQueueKeys() {
        RedisClient client = RedisClient.create(EmbeddedInfrastructure.redis().url());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            List<String> keys = connection.sync().keys("litper:queue:{" + workerQueue() + "}:*");
            if (!keys.isEmpty()) {
                connection.sync().del(keys.toArray(String[]::new));
            }
        } finally {
            client.shutdown();
        }
    }
}
