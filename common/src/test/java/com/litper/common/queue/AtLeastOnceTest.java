package com.litper.common.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.KillArgs;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Behaviour 4: a task whose worker dies mid-run is delivered again once its lease has run out —
 * leases are short and renewed while the task runs, so that comes long before a slow priority's
 * timeout — and is never lost; a worker that only loses its connection finishes its task.
 */
class AtLeastOnceTest extends QueueTestSupport {

    @Test
    void aTaskWhoseWorkerProcessIsKilledMidRunIsDeliveredAgainAfterItsTimeout() throws Exception {
        long timeoutMillis = 1500;
        // The lease is never longer than the timeout plus the margin (none here): 1.5 s.
        Process worker = WorkerProcess.start(redisUrl(), queueName, "alert", TaskPriority.CRITICAL, Duration.ofMillis(timeoutMillis),
                WorkerSettings.DEFAULT_LEASE_DURATION);
        try {
            String id = queue.enqueue("alert", "{\"text\":\"carrier circuit open\"}", TaskPriority.CRITICAL);
            String startedKey = WorkerProcess.startedKey(queueName, id);
            await().atMost(Duration.ofSeconds(60)).until(() -> redis.commands().get(startedKey).get() != null);
            worker.destroyForcibly();
            assertThat(worker.waitFor(10, TimeUnit.SECONDS)).isTrue();
            // The lease the dead worker held, and when it runs out.
            long leaseDeadline = leaseDeadline(id + ":1");

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
    void aLowTaskWhoseWorkerProcessIsKilledRunsAgainWhenItsShortLeaseEndsNotAfterItsTenMinuteTimeout() throws Exception {
        Duration lowTimeout = TaskPriority.LOW.defaultTimeout();
        Duration lease = Duration.ofSeconds(3);
        Process worker = WorkerProcess.start(redisUrl(), queueName, "generate_report", TaskPriority.LOW, lowTimeout, lease);
        try {
            String id = queue.enqueue("generate_report", "{\"month\":\"2026-10\"}", TaskPriority.LOW);
            String startedKey = WorkerProcess.startedKey(queueName, id);
            await().atMost(Duration.ofSeconds(60)).until(() -> redis.commands().get(startedKey).get() != null);
            // The worker renews its 3 s lease while the handler runs: the deadline moves on.
            long firstDeadline = leaseDeadline(id + ":1");
            await().atMost(Duration.ofSeconds(5)).until(() -> leaseDeadline(id + ":1") > firstDeadline);

            worker.destroyForcibly();
            assertThat(worker.waitFor(10, TimeUnit.SECONDS)).isTrue();
            long killedAt = clock.millis();
            long leaseDeadline = leaseDeadline(id + ":1");
            assertThat(leaseDeadline).isLessThanOrEqualTo(killedAt + lease.toMillis());

            List<Task> redelivered = new CopyOnWriteArrayList<>();
            List<Long> redeliveredAt = new CopyOnWriteArrayList<>();
            startWorker(fastSettings().withTimeout(TaskPriority.LOW, lowTimeout).withLeaseDuration(lease),
                    TaskHandler.of("generate_report", task -> {
                        redeliveredAt.add(clock.millis());
                        redelivered.add(task);
                    }));

            // The lease (at most 3 s after the kill) plus the reclaim interval, with room for a busy machine;
            // the ten-minute timeout has nothing to do with it.
            await().atMost(Duration.ofSeconds(10)).until(() -> redelivered.size() == 1);
            assertThat(redeliveredAt.get(0)).isGreaterThanOrEqualTo(leaseDeadline);
            assertThat(redelivered.get(0).id()).isEqualTo(id);
            assertThat(redelivered.get(0).attempt()).isEqualTo(2);
            await().atMost(Duration.ofSeconds(5)).until(this::queueIsEmpty);
        } finally {
            worker.destroyForcibly();
        }
    }

    @Test
    void aFrozenWorkerProcessLosesItsTaskWithinTheLeaseAndStopsTheHandlerWhenItWakes() throws Exception {
        Duration lowTimeout = TaskPriority.LOW.defaultTimeout();
        Duration lease = Duration.ofSeconds(3);
        Process worker = WorkerProcess.start(redisUrl(), queueName, "generate_report", TaskPriority.LOW, lowTimeout, lease);
        try {
            String id = queue.enqueue("generate_report", "{}", TaskPriority.LOW);
            await().atMost(Duration.ofSeconds(60)).until(() -> redis.commands().get(WorkerProcess.startedKey(queueName, id)).get() != null);

            // A frozen node: the process is alive but does nothing (SIGSTOP), its connections stay open.
            signal(worker, "STOP");
            List<Task> redelivered = new CopyOnWriteArrayList<>();
            startWorker(fastSettings().withTimeout(TaskPriority.LOW, lowTimeout).withLeaseDuration(lease),
                    TaskHandler.of("generate_report", redelivered::add));
            await().atMost(Duration.ofSeconds(10)).until(() -> redelivered.size() == 1);
            assertThat(redelivered.get(0).attempt()).isEqualTo(2);
            await().atMost(Duration.ofSeconds(5)).until(this::queueIsEmpty);

            // Woken up, it finds the lease long past the time to let go: it interrupts the handler at once.
            signal(worker, "CONT");
            await().atMost(Duration.ofSeconds(10)).until(() -> redis.commands().get(WorkerProcess.interruptedKey(queueName, id)).get() != null);
            assertThat(redis.commands().get(WorkerProcess.interruptedKey(queueName, id)).get()).isEqualTo("1");
            assertThat(queueIsEmpty()).isTrue();
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

    /** The deadline of a lease in Redis, in ms; the lease must be there. */
    private long leaseDeadline(String lease) throws Exception {
        String value = redis.commands().hget(new QueueKeys(queueName).leases(), lease).get();
        assertThat(value).as("lease %s", lease).isNotNull();
        return Long.parseLong(value.substring(0, value.indexOf('|')));
    }

    private static void signal(Process process, String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).isZero();
    }
}
