package com.litper.common.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.KillArgs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Behaviour 4: a task whose worker dies mid-run is delivered again once its lease (the priority's
 * timeout) has passed, and is never lost; a worker that only loses its connection finishes its task.
 */
class AtLeastOnceTest extends QueueTestSupport {

    @Test
    void aTaskWhoseWorkerProcessIsKilledMidRunIsDeliveredAgainAfterItsTimeout() throws Exception {
        long timeoutMillis = 1500;
        Process worker = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                WorkerProcess.class.getName(), redisUrl(), queueName, Long.toString(timeoutMillis))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            String id = queue.enqueue("alert", "{\"text\":\"carrier circuit open\"}", TaskPriority.CRITICAL);
            String startedKey = WorkerProcess.startedKey(queueName, id);
            await().atMost(Duration.ofSeconds(60)).until(() -> redis.commands().get(startedKey).get() != null);
            // The lease the dying worker holds, and when it runs out.
            Map<String, String> leases = redis.commands().hgetall(new QueueKeys(queueName).leases()).get();
            assertThat(leases).containsOnlyKeys(id + ":1");
            String lease = leases.get(id + ":1");
            long leaseDeadline = Long.parseLong(lease.substring(0, lease.indexOf('|')));

            worker.destroyForcibly();
            assertThat(worker.waitFor(10, TimeUnit.SECONDS)).isTrue();

            List<Task> redelivered = new CopyOnWriteArrayList<>();
            List<Long> redeliveredAt = new CopyOnWriteArrayList<>();
            List<Long> reclaimedAt = new CopyOnWriteArrayList<>();
            TaskListener reclaims = new TaskListener() {
                @Override
                public void reclaimed(String q, long requeued, long deadLettered) {
                    reclaimedAt.add(clock.millis());
                }
            };
            startWorker(fastSettings().withTimeout(TaskPriority.CRITICAL, Duration.ofMillis(timeoutMillis)),
                    List.of(TaskHandler.of("alert", task -> {
                        redeliveredAt.add(clock.millis());
                        redelivered.add(task);
                    })), reclaims);

            await().atMost(Duration.ofSeconds(20)).until(() -> redelivered.size() == 1);
            assertThat(redelivered.get(0).id()).isEqualTo(id);
            assertThat(redelivered.get(0).attempt()).isEqualTo(2);
            assertThat(redelivered.get(0).payload()).isEqualTo("{\"text\":\"carrier circuit open\"}");
            // Redelivered because the lease ran out, and not before: the reaper reclaimed it after the deadline.
            assertThat(reclaimedAt).hasSize(1);
            assertThat(reclaimedAt.get(0)).isGreaterThanOrEqualTo(leaseDeadline);
            assertThat(redeliveredAt.get(0)).isGreaterThanOrEqualTo(leaseDeadline);
            // Nothing is left that could run it a third time.
            await().atMost(Duration.ofSeconds(5)).until(this::queueIsEmpty);
        } finally {
            worker.destroyForcibly();
        }
    }

    @Test
    void aWorkerWhoseConnectionIsKilledMidTaskReconnectsAndCompletesItOnce() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch connectionKilled = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        TaskHandler handler = TaskHandler.of("send_whatsapp", task -> {
            runs.incrementAndGet();
            started.countDown();
            connectionKilled.await();
        });
        // The worker gets its own connector, so killing its connections spares the test's.
        RedisConnector workerRedis = RedisConnector.create(redisUrl());
        TaskQueue workerQueue = new TaskQueue(workerRedis, TaskRouting.single(queueName), clock);
        TaskWorker worker = new TaskWorker(workerQueue, List.of(handler), fastSettings().withTimeout(TaskPriority.HIGH, Duration.ofSeconds(30)), TaskListener.NONE);
        worker.start();
        try {
            queue.enqueue("send_whatsapp", "{}", TaskPriority.HIGH);
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            String workerClientId = workerRedis.commands().clientId().get().toString();
            assertThat(redis.commands().clientKill(KillArgs.Builder.id(Long.parseLong(workerClientId))).get()).isEqualTo(1L);
            connectionKilled.countDown();

            await().atMost(Duration.ofSeconds(20)).until(this::queueIsEmpty);
            assertThat(runs.get()).isEqualTo(1);
        } finally {
            worker.stop();
            workerQueue.close();
        }
    }
}
