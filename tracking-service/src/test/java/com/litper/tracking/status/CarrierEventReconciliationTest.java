package com.litper.tracking.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.litper.common.contracts.CarrierEvent;
import com.litper.common.queue.TaskListener;
import com.litper.common.queue.TaskWorker;
import com.litper.common.queue.WorkerSettings;
import com.litper.common.task.ContractTaskHandler;
import com.litper.common.task.PayloadCodec;
import com.litper.common.task.TaskContracts;
import com.litper.common.testing.EarlierOutboxRows;
import com.litper.embedded.EmbeddedInfrastructure;
import com.litper.tracking.TrackingTestSupport;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * A carrier event whose carrier_event task Redis lost after the webhook accepted it is dispatched
 * again from tracking's outbox once the (here shortened) bound has passed, and applied once.
 */
@TestPropertySource(properties = {"litper.queue.routes.carrier_event=" + CarrierEventReconciliationTest.QUEUE,
        "litper.reconcile.after=2s", "litper.reconcile.interval=200ms"})
class CarrierEventReconciliationTest extends TrackingTestSupport {

    /** carrier_event goes to a queue of its own here, consumed only once the test has lost its task. */
    static final String QUEUE = "tracking-reconcile-test";

    @Autowired
    CarrierEventHandler handler;

    @Autowired
    TaskContracts contracts;

    @Autowired
    PayloadCodec codec;

    private TaskWorker worker;

    @BeforeAll
    static void settleEarlierRows() {
        EarlierOutboxRows.settle("tracking");
    }

    @AfterEach
    void stopWorker() {
        if (worker != null) {
            worker.stop();
        }
    }

    @Test
    void anEventWhoseTaskRedisLostIsDispatchedAgainAfterTheBoundAndAppliedOnce() {
        String guide = newTrackingNumber("RC");
        UUID shipment = book("coordinadora", guide);
        String eventId = "ev-" + UUID.randomUUID();
        assertThat(webhook("coordinadora", event(eventId, guide, "recogida", "2026-11-27T10:00:00-05:00")).status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> outboxRow(eventId, "sent_at IS NOT NULL"));
        // Redis loses the task before any worker took it.
        deleteQueueKeys();
        worker = new TaskWorker(queue, List.of(new ContractTaskHandler<CarrierEvent>(handler, contracts, codec)),
                WorkerSettings.defaults().withQueues(QUEUE).withConcurrency(2), TaskListener.NONE);
        worker.start();

        await().atMost(Duration.ofSeconds(30)).until(() -> events(shipment, eventId) == 1);
        assertThat(outboxRow(eventId, "redispatches = 1")).isTrue();
        assertThat(status(shipment)).isEqualTo("PICKED_UP");
        // Applied, so settled: not dispatched again, and in the timeline once.
        await().atMost(Duration.ofSeconds(20)).until(() -> outboxRow(eventId, "confirmed_at IS NOT NULL"));
        assertThat(outboxRow(eventId, "redispatches = 1")).isTrue();
        assertThat(events(shipment, eventId)).isEqualTo(1);
    }

    private boolean outboxRow(String eventId, String condition) {
        return jdbc.sql("SELECT count(*) FROM tracking.outbox WHERE task_type = 'carrier_event' AND payload->'event'->>'eventId' = :e AND "
                + condition).param("e", eventId).query(Long.class).single() == 1;
    }

    /** Every key of the test's carrier_event queue, as a failover to a replica that never had them would leave it. */
    private static void deleteQueueKeys() {
        RedisClient client = RedisClient.create(EmbeddedInfrastructure.redis().url());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            List<String> keys = connection.sync().keys("litper:queue:{" + QUEUE + "}:*");
            if (!keys.isEmpty()) {
                connection.sync().del(keys.toArray(String[]::new));
            }
        } finally {
            client.shutdown();
        }
    }
}
