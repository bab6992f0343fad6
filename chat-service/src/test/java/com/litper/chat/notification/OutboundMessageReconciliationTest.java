package com.litper.chat.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.litper.chat.ChatTestSupport;
import com.litper.common.contracts.NotifyBuyer;
import com.litper.common.contracts.WhatsappSent;
import com.litper.common.queue.Task;
import com.litper.common.queue.TaskHandler;
import com.litper.common.queue.TaskListener;
import com.litper.common.queue.TaskWorker;
import com.litper.common.queue.WorkerSettings;
import com.litper.common.testing.EarlierOutboxRows;
import com.litper.embedded.EmbeddedInfrastructure;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A message to a buyer whose send_whatsapp Redis lost is dispatched again from chat's outbox once
 * the (here shortened) bound has passed and reaches the buyer once; when the first task did send it
 * and only its whatsapp_sent was lost, the re-dispatch sends nothing and the conversation gets it.
 */
@TestPropertySource(properties = {"litper.queue.routes.send_whatsapp=" + OutboundMessageReconciliationTest.WORKER_QUEUE,
        "litper.reconcile.after=2s", "litper.reconcile.interval=200ms"})
class OutboundMessageReconciliationTest extends ChatTestSupport {

    /** send_whatsapp goes to a queue of its own here, consumed by the test's stand-in for worker-service. */
    static final String WORKER_QUEUE = "chat-reconcile-worker";
    private static final UUID STORE = UUID.fromString(OWN_STORE);

    /** The send_whatsapp tasks the stand-in took. */
    private final List<Task> taken = new CopyOnWriteArrayList<>();
    /** What reached buyers, by the send's key: worker-service's record of sent messages. */
    private final Map<String, String> sent = new ConcurrentHashMap<>();
    /** Sends whose first whatsapp_sent is lost on the way back. */
    private final Map<String, Boolean> loseFirstAnswer = new ConcurrentHashMap<>();
    private final List<String> deliveries = new CopyOnWriteArrayList<>();
    private TaskWorker worker;

    @BeforeAll
    static void settleEarlierRows() {
        EarlierOutboxRows.settle("chat");
    }

    @AfterEach
    void stopWorker() {
        if (worker != null) {
            worker.stop();
        }
    }

    @Test
    void aMessageWhoseTaskRedisLostIsDispatchedAgainAfterTheBoundAndSentOnce() {
        UUID order = UUID.randomUUID();
        UUID shipment = UUID.randomUUID();
        String buyer = newPhone();
        tasks.send(news(order, shipment, buyer));
        String key = "whatsapp:" + shipment + ":OUT_FOR_DELIVERY";
        await().atMost(Duration.ofSeconds(20)).until(() -> outboxRow(key, "sent_at IS NOT NULL"));
        // Redis loses the task (and its de-duplication key) before any worker took it.
        deleteWorkerQueueKeys();
        startWorker();

        await().atMost(Duration.ofSeconds(30)).until(() -> messagesWithKey(key) == 1);
        assertThat(outboxRow(key, "redispatches = 1")).isTrue();
        await().atMost(Duration.ofSeconds(20)).until(() -> outboxRow(key, "confirmed_at IS NOT NULL"));
        assertThat(outboxRow(key, "redispatches = 1")).isTrue();
        assertThat(deliveries).containsOnlyOnce(key);
        assertThat(takenFor(key)).hasSize(1);
    }

    @Test
    void aRedispatchOfAMessageTheFirstTaskSentSendsNothingTwice() {
        UUID order = UUID.randomUUID();
        UUID shipment = UUID.randomUUID();
        String key = "whatsapp:" + shipment + ":OUT_FOR_DELIVERY";
        loseFirstAnswer.put(key, true);
        startWorker();
        tasks.send(news(order, shipment, newPhone()));

        await().atMost(Duration.ofSeconds(30)).until(() -> messagesWithKey(key) == 1);
        // The first task sent it and its answer was lost; the re-dispatch (a task of its own) only answered.
        assertThat(takenFor(key)).hasSize(2);
        assertThat(takenFor(key).get(0).id()).isNotEqualTo(takenFor(key).get(1).id());
        assertThat(deliveries).containsOnlyOnce(key);
        assertThat(outboxRow(key, "redispatches = 1")).isTrue();
    }

    /** A stand-in for worker-service's send_whatsapp: sends once per send key (SentMessages), then answers with whatsapp_sent. */
    private void startWorker() {
        TaskHandler handler = TaskHandler.of("send_whatsapp", (Task task) -> {
            taken.add(task);
            JsonNode send = JSON.readTree(task.payload());
            String key = "whatsapp:" + send.path("shipmentId").asString() + ":" + send.path("status").asString();
            String wamid = sent.computeIfAbsent(key, k -> {
                deliveries.add(k);
                return newWamid();
            });
            if (loseFirstAnswer.remove(key) != null) {
                return;
            }
            tasks.send(new WhatsappSent(wamid, send.path("to").asString(), OWN_NUMBER, send.path("template").asString(), "es",
                    send.path("text").asString(), send.path("orderId").asString(), Instant.now(), STORE, null, key));
        });
        worker = new TaskWorker(queue, List.of(handler), WorkerSettings.defaults().withQueues(WORKER_QUEUE).withConcurrency(2),
                TaskListener.NONE);
        worker.start();
    }

    private List<Task> takenFor(String key) {
        return taken.stream().filter(task -> key.equals("whatsapp:" + JSON.readTree(task.payload()).path("shipmentId").asString() + ":"
                + JSON.readTree(task.payload()).path("status").asString())).toList();
    }

    private static NotifyBuyer news(UUID order, UUID shipment, String buyer) {
        return new NotifyBuyer(STORE, order, buyer, "Ana", NotifyBuyer.Event.OUT_FOR_DELIVERY, null, "SV123", "Servientrega", shipment,
                Instant.now().minus(1, ChronoUnit.HOURS));
    }

    private boolean outboxRow(String key, String condition) {
        return jdbc.sql("SELECT count(*) FROM chat.outbox WHERE task_type = 'send_whatsapp' AND dedup_key = :key AND " + condition)
                .param("key", key).query(Long.class).single() == 1;
    }

    private long messagesWithKey(String key) {
        return jdbc.sql("SELECT count(*) FROM chat.message WHERE send_key = :key").param("key", key).query(Long.class).single();
    }

    /** Every key of the test's send_whatsapp queue, as a failover to a replica that never had them would leave it. */
    private static void deleteWorkerQueueKeys() {
        RedisClient client = RedisClient.create(EmbeddedInfrastructure.redis().url());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            List<String> keys = connection.sync().keys("litper:queue:{" + WORKER_QUEUE + "}:*");
            if (!keys.isEmpty()) {
                connection.sync().del(keys.toArray(String[]::new));
            }
        } finally {
            client.shutdown();
        }
    }
}
