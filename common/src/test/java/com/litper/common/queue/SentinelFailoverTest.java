package com.litper.common.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.litper.common.queue.autoconfigure.QueueTestApplication;
import com.litper.embedded.LocalRedisSentinel;
import com.litper.embedded.Slow;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Behaviour 10 on Redis Sentinel: master, replica and three sentinels; the master is killed while
 * workers drain a backlog, and the same workers carry on against the promoted replica, without a
 * restart and without losing a task.
 */
@Slow
class SentinelFailoverTest extends QueueTestSupport {

    private LocalRedisSentinel topology;

    // A fresh topology per test, started by redisUrl() when the support class opens the queue.
    @AfterEach
    void stopTopology() {
        if (topology != null) {
            topology.close();
        }
    }

    @Override
    protected String redisUrl() {
        if (topology == null) {
            topology = LocalRedisSentinel.start();
        }
        return topology.url();
    }

    @Test
    void workersCarryOnAgainstTheNewMasterWhenTheMasterIsKilledMidRun() throws Exception {
        Map<Integer, AtomicInteger> runs = new ConcurrentHashMap<>();
        Set<Integer> ranAfterFailover = ConcurrentHashMap.newKeySet();
        AtomicInteger failedOver = new AtomicInteger();
        TaskHandler track = TaskHandler.of("update_tracking", task -> {
            int n = Integer.parseInt(task.payload().replaceAll("\\D", ""));
            runs.computeIfAbsent(n, k -> new AtomicInteger()).incrementAndGet();
            if (failedOver.get() == 1) {
                ranAfterFailover.add(n);
            }
            Thread.sleep(20);
        });
        WorkerSettings settings = fastSettings().withConcurrency(3);
        startWorker(settings, track);
        startWorker(settings, track);

        List<TaskRequest> before = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            before.add(TaskRequest.of("update_tracking", "{\"n\":" + i + "}", TaskPriority.NORMAL));
        }
        queue.enqueueAll(before);
        // The backlog is on the replica before the master dies: replication is asynchronous, and a
        // write the replica never saw is lost with the master (see docs/queue.md).
        assertThat(waitForReplica()).isEqualTo(1L);
        await().atMost(Duration.ofSeconds(20)).until(() -> runs.size() >= 30);

        topology.killMaster();
        failedOver.set(1);

        // Enqueueing resumes once the sentinels promote the replica; the producer retries until then.
        for (int i = 300; i < 400; i++) {
            TaskRequest request = TaskRequest.of("update_tracking", "{\"n\":" + i + "}", TaskPriority.NORMAL).deduplicatedBy("n-" + i);
            await().atMost(Duration.ofSeconds(60)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                    .until(() -> queue.enqueue(request) != null);
        }

        await().atMost(Duration.ofSeconds(90)).until(() -> runs.size() == 400);
        assertThat(runs.keySet()).hasSize(400);
        assertThat(ranAfterFailover).contains(399);
        await().atMost(Duration.ofSeconds(20)).until(this::queueIsEmpty);
    }

    @Test
    void aServiceConfiguredWithBootsSentinelSettingsFollowsTheFailoverWithoutARestart() throws Exception {
        String nodes = String.join(",", topology.sentinelNodes());
        QueueTestApplication.SHIPPED.clear();
        try (ConfigurableApplicationContext service = new SpringApplicationBuilder(QueueTestApplication.class).run(
                "--server.port=0", "--management.server.port=0", "--spring.data.redis.sentinel.master=" + LocalRedisSentinel.MASTER_NAME,
                "--spring.data.redis.sentinel.nodes=" + nodes, "--litper.queue.default-queue=" + queueName,
                "--litper.queue.worker.enabled=true", "--litper.queue.worker.poll-interval=50ms",
                "--litper.queue.worker.timeouts.NORMAL=2s", "--litper.queue.worker.lease-margin=0s")) {
            TaskQueue serviceQueue = service.getBean(TaskQueue.class);
            serviceQueue.enqueue("ship", "{\"order\":\"before\"}", TaskPriority.NORMAL);
            await().atMost(Duration.ofSeconds(20)).until(() -> QueueTestApplication.SHIPPED.size() == 1);

            topology.killMaster();

            await().atMost(Duration.ofSeconds(60)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                    .until(() -> serviceQueue.enqueue(TaskRequest.of("ship", "{\"order\":\"after\"}", TaskPriority.NORMAL)
                            .deduplicatedBy("after")) != null);
            await().atMost(Duration.ofSeconds(60)).until(() -> QueueTestApplication.SHIPPED.stream()
                    .anyMatch(task -> task.payload().contains("after")));
        }
    }

    private long waitForReplica() {
        RedisClient client = RedisClient.create(RedisURI.create("redis://127.0.0.1:" + topology.masterPort()));
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            return connection.sync().waitForReplication(1, 5000);
        } finally {
            client.shutdown();
        }
    }
}
