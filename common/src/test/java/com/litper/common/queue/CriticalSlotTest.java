package com.litper.common.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The slot a worker keeps for CRITICAL tasks, and the enqueue that pushes a CRITICAL task straight
 * to a worker waiting with that slot free.
 */
class CriticalSlotTest extends QueueTestSupport {

    @Test
    void aCriticalTaskStartsOnTheKeptSlotWhileABacklogHoldsEveryOtherSlot() throws Exception {
        List<TaskRequest> backlog = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            backlog.add(TaskRequest.of("report", "{\"n\":" + i + "}", TaskPriority.LOW));
        }
        queue.enqueueAll(backlog);
        AtomicInteger lowRunning = new AtomicInteger();
        List<Integer> lowRunningAtStarts = new CopyOnWriteArrayList<>();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch alerted = new CountDownLatch(1);
        TaskHandler report = TaskHandler.of("report", task -> {
            lowRunningAtStarts.add(lowRunning.incrementAndGet());
            try {
                release.await();
            } finally {
                lowRunning.decrementAndGet();
            }
        });
        TaskHandler alert = TaskHandler.of("alert", task -> alerted.countDown());
        startWorker(fastSettings().withConcurrency(4), report, alert);

        // Three LOW tasks take the three general slots; the fourth slot stays free for CRITICAL tasks.
        await().atMost(Duration.ofSeconds(10)).until(() -> lowRunning.get() == 3);
        Thread.sleep(300);
        assertThat(lowRunning.get()).isEqualTo(3);
        assertThat(queue.depth(queueName, TaskPriority.LOW)).isEqualTo(17);

        queue.enqueue("alert", "{\"text\":\"carrier down\"}", TaskPriority.CRITICAL);
        // It runs while every LOW task still holds its slot: nothing had to finish first.
        assertThat(alerted.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(lowRunning.get()).isEqualTo(3);

        release.countDown();
        await().atMost(Duration.ofSeconds(20)).until(this::queueIsEmpty);
        assertThat(lowRunningAtStarts).hasSize(20).allSatisfy(count -> assertThat(count).isBetween(1, 3));
    }

    @Test
    void aWaitingWorkerGetsACriticalTaskPushedAlreadyLeasedToIt() throws Exception {
        CountDownLatch alerted = new CountDownLatch(1);
        TaskWorker worker = startWorker(fastSettings().withConcurrency(4), TaskHandler.of("alert", task -> alerted.countDown()));
        await().atMost(Duration.ofSeconds(10)).until(() -> waiters().size() == 1);

        queue.enqueue("alert", "{}", TaskPriority.CRITICAL);

        assertThat(alerted.await(5, TimeUnit.SECONDS)).isTrue();
        // Never in the ready list: leased to the waiting worker by the enqueue itself.
        assertThat(queue.depth(queueName, TaskPriority.CRITICAL)).isZero();
        await().atMost(Duration.ofSeconds(5)).until(() -> queue.leasedCount(queueName) == 0 && waiters().size() == 1);
        assertThat(worker.inFlight()).isZero();

        // A stopped worker waits no more.
        worker.stop();
        assertThat(waiters()).isEmpty();
    }

    @Test
    void aCriticalTaskPushedToAWorkerThatIsGoneRunsElsewhereOnceItsLeaseRunsOut() throws Exception {
        // A worker that said it waits, with a 200 ms lease, and then died: nobody listens on its channel.
        redisCommands().zadd(new QueueKeys(queueName).criticalWaiters(), (double) clock.millis(),
                new QueueKeys(queueName).wakeChannel() + ":critical:gone|200").toCompletableFuture().get(5, TimeUnit.SECONDS);

        String id = queue.enqueue("alert", "{}", TaskPriority.CRITICAL);
        assertThat(queue.leasedCount(queueName)).isEqualTo(1);
        assertThat(queue.depth(queueName, TaskPriority.CRITICAL)).isZero();

        List<Task> ran = new CopyOnWriteArrayList<>();
        startWorker(fastSettings().withConcurrency(1), TaskHandler.of("alert", ran::add));
        clock.advance(Duration.ofMillis(250));
        await().atMost(Duration.ofSeconds(10)).until(() -> ran.size() == 1);
        // The lost delivery counts as an attempt, as for any worker that died holding a task.
        assertThat(ran.get(0).id()).isEqualTo(id);
        assertThat(ran.get(0).attempt()).isEqualTo(2);
    }

    @Test
    void aWaitTooOldToTrustGetsNoTask() throws Exception {
        redisCommands().zadd(new QueueKeys(queueName).criticalWaiters(), (double) (clock.millis() - TaskStore.WAITER_TRUST_MILLIS - 1),
                new QueueKeys(queueName).wakeChannel() + ":critical:stale|15000").toCompletableFuture().get(5, TimeUnit.SECONDS);

        queue.enqueue("alert", "{}", TaskPriority.CRITICAL);

        assertThat(queue.leasedCount(queueName)).isZero();
        assertThat(queue.depth(queueName, TaskPriority.CRITICAL)).isEqualTo(1);
        assertThat(waiters()).isEmpty();
    }

    @Test
    void criticalTasksAlreadyQueuedGoFirstAndANewOneWaitsItsTurn() throws Exception {
        redisCommands().zadd(new QueueKeys(queueName).criticalWaiters(), (double) clock.millis(),
                new QueueKeys(queueName).wakeChannel() + ":critical:idle|15000").toCompletableFuture().get(5, TimeUnit.SECONDS);
        // The first goes to the waiter; the second finds none and queues; the third must queue behind it.
        queue.enqueue("alert", "{\"n\":1}", TaskPriority.CRITICAL);
        queue.enqueue("alert", "{\"n\":2}", TaskPriority.CRITICAL);
        redisCommands().zadd(new QueueKeys(queueName).criticalWaiters(), (double) clock.millis(),
                new QueueKeys(queueName).wakeChannel() + ":critical:idle|15000").toCompletableFuture().get(5, TimeUnit.SECONDS);
        queue.enqueue("alert", "{\"n\":3}", TaskPriority.CRITICAL);

        assertThat(queue.leasedCount(queueName)).isEqualTo(1);
        assertThat(queue.depth(queueName, TaskPriority.CRITICAL)).isEqualTo(2);
        assertThat(waiters()).hasSize(1);
    }

    @Test
    void prefetchFollowsWhatTheSlotsFinishDuringARoundTrip() {
        WorkerSlots slots = new WorkerSlots(10, true, () -> { });
        assertThat(slots.reserved()).isEqualTo(1);
        // Nothing measured yet: free slots only.
        assertThat(slots.prefetchTarget()).isZero();
        assertThat(slots.generalRoom()).isEqualTo(9);

        slots.roundTripTook(TimeUnit.MICROSECONDS.toNanos(200));
        slots.attemptRan(TimeUnit.MILLISECONDS.toNanos(2));
        // 2 ms tasks, 0.2 ms round trips: 9 slots finish about one task per round trip... rounded down, none.
        assertThat(slots.prefetchTarget()).isZero();

        WorkerSlots fast = new WorkerSlots(10, true, () -> { });
        fast.roundTripTook(TimeUnit.MICROSECONDS.toNanos(200));
        fast.attemptRan(TimeUnit.MICROSECONDS.toNanos(100));
        // 9 slots × 200 µs ÷ 100 µs = 18.
        assertThat(fast.prefetchTarget()).isEqualTo(18);
        assertThat(fast.generalRoom()).isEqualTo(9 + 18);
        // Far shorter tasks: at most four per general slot.
        for (int i = 0; i < 50; i++) {
            fast.attemptRan(TimeUnit.MICROSECONDS.toNanos(5));
        }
        assertThat(fast.prefetchTarget()).isEqualTo(4 * 9);

        assertThat(new WorkerSlots(3, true, () -> { }).reserved()).isZero();
        assertThat(new WorkerSlots(10, false, () -> { }).reserved()).isZero();
    }

    private List<String> waiters() throws Exception {
        return redisCommands().zrange(new QueueKeys(queueName).criticalWaiters(), 0, -1).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands<String, String> redisCommands() {
        return redis.commands();
    }
}
