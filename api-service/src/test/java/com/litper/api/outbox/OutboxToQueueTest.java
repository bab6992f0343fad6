package com.litper.api.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.litper.api.ApiTestSupport;
import com.litper.api.QueuePerTestClass;
import com.litper.api.store.ApiKeys;
import com.litper.common.queue.Task;
import com.litper.common.queue.TaskHandler;
import com.litper.common.queue.TaskPriority;
import com.litper.common.queue.TaskQueue;
import com.litper.common.queue.TaskRequest;
import com.litper.common.queue.TaskWorker;
import com.litper.common.testing.Http;
import com.litper.embedded.EmbeddedInfrastructure;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Orders reach the worker queue as process_order tasks, also when Redis was down when they were accepted. */
@ExtendWith(OutputCaptureExtension.class)
class OutboxToQueueTest extends ApiTestSupport {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    TaskQueue queue;

    /** process_order tasks the test's worker received, by order id. */
    private final Map<String, Task> received = new ConcurrentHashMap<>();
    private TaskWorker worker;

    @BeforeEach
    void startWorker() {
        TaskHandler handler = new TaskHandler() {
            @Override
            public String taskType() {
                return "process_order";
            }

            @Override
            public void handle(Task task) {
                received.put(JSON.readTree(task.payload()).path("orderId").asString(), task);
            }
        };
        worker = new TaskWorker(queue, List.of(handler), 2);
        worker.start();
    }

    @AfterEach
    void stopWorker() {
        worker.stop();
    }

    private boolean sent(String orderId) {
        return jdbc.sql("SELECT sent_at IS NOT NULL FROM api.outbox WHERE task_type = 'process_order' AND payload->>'orderId' = :id")
                .param("id", orderId)
                .query(Boolean.class).single();
    }

    @Test
    void anOrderBecomesAProcessOrderTaskWithASelfContainedPayload() {
        ApiKeys.NewKey store = newStore();
        Http.Response response = post(store.key(), "/api/orders", order(), Map.of("X-Request-Id", "req-outbox-1"));
        assertThat(response.status()).isEqualTo(201);
        String orderId = response.json().path("id").asString();

        await().atMost(Duration.ofSeconds(20)).until(() -> received.containsKey(orderId));
        Task task = received.get(orderId);
        assertThat(task.priority()).isEqualTo(TaskPriority.NORMAL);
        assertThat(task.requestId()).isEqualTo("req-outbox-1");
        JsonNode payload = JSON.readTree(task.payload());
        assertThat(payload.path("storeId").asString()).isEqualTo(store.storeId().toString());
        assertThat(payload.path("buyer").path("phone").asString()).isEqualTo("+573001234567");
        assertThat(payload.path("destination").path("municipalityCode").asString()).isEqualTo("11001");
        assertThat(payload.path("items").get(0).path("sku").asString()).isEqualTo("TSHIRT-M");
        assertThat(payload.path("cashOnDelivery").asLong()).isEqualTo(90000);
        assertThat(payload.path("declaredValue").asLong()).isEqualTo(90000);
        assertThat(payload.path("preferredCarrier").asString()).isEqualTo("coordinadora");
        // The default queue: worker-service's "worker" in production, this class's own here (QueuePerTestClass).
        assertThat(queue.routing().queueFor("process_order")).isEqualTo(QueuePerTestClass.workerQueue(getClass()));
        await().atMost(Duration.ofSeconds(5)).until(() -> sent(orderId));
    }

    @Test
    void anOrderAcceptedWhileRedisIsDownIsQueuedWhenRedisReturnsAndTheServiceStaysReady(CapturedOutput output) {
        ApiKeys.NewKey store = newStore();
        String orderId;
        EmbeddedInfrastructure.redis().stop();
        try {
            // Orders need PostgreSQL only: the pod stays in the Service.
            Http.Response ready = http().get("/ready");
            assertThat(ready.status()).as(ready.body()).isEqualTo(200);
            assertThat(ready.json().path("components").has("redis")).isFalse();
            // Through the per-store rate limit, which lets requests pass while Redis cannot count them.
            Http.Response response = post(store.key(), "/api/orders", order());
            assertThat(response.status()).as(response.body()).isEqualTo(201);
            orderId = response.json().path("id").asString();
            // The relay tried while Redis was down, and the row waits.
            await().atMost(Duration.ofSeconds(30)).until(() -> output.getOut().contains("Redis refused an outbox task"));
            assertThat(sent(orderId)).isFalse();
            assertThat(received).doesNotContainKey(orderId);
            assertThat(output.getOut()).contains("Per-store rate limit skipped, Redis unavailable");
            assertThat(http().get("/ready").status()).isEqualTo(200);
        } finally {
            EmbeddedInfrastructure.redis().start();
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> received.containsKey(orderId));
        assertThat(sent(orderId)).isTrue();
        assertThat(JSON.readTree(received.get(orderId).payload()).path("storeId").asString()).isEqualTo(store.storeId().toString());
    }

    @Test
    void relayingTwiceDoesNotQueueTwice() {
        ApiKeys.NewKey store = newStore();
        String orderId = post(store.key(), "/api/orders", order()).json().path("id").asString();
        await().atMost(Duration.ofSeconds(20)).until(() -> received.containsKey(orderId));
        String firstTaskId = received.get(orderId).id();
        UUID row = jdbc.sql("SELECT id FROM api.outbox WHERE task_type = 'process_order' AND payload->>'orderId' = :id")
                .param("id", orderId).query(UUID.class).single();
        // As if the relay had crashed after enqueueing but before marking the row sent.
        jdbc.sql("UPDATE api.outbox SET sent_at = NULL WHERE id = :id").param("id", row).update();
        await().atMost(Duration.ofSeconds(20)).until(() -> sent(orderId));
        assertThat(received.get(orderId).id()).isEqualTo(firstTaskId);
        // The relay enqueues under the contract's de-duplication key (one process_order per order): the queue still knows it as the first task.
        assertThat(queue.enqueue(TaskRequest.of("process_order", "{}", TaskPriority.NORMAL).deduplicatedBy("process-order:" + orderId)))
                .isEqualTo(firstTaskId);
    }
}
