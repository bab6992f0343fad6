package com.litper.common.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Behaviour 8: stop() stops fetching, lets running tasks finish within the grace period, and hands
 * the unfinished ones back at once instead of leaving them to time out.
 */
class GracefulShutdownTest extends QueueTestSupport {

    @Test
    void stopFinishesQuickTasksAndHandsBackTheRestAtOnce() throws Exception {
        CountDownLatch bothRunning = new CountDownLatch(2);
        CountDownLatch quickMayFinish = new CountDownLatch(1);
        CountDownLatch slowNeverFinishes = new CountDownLatch(1);
        List<String> finished = new CopyOnWriteArrayList<>();
        List<String> interrupted = new CopyOnWriteArrayList<>();
        TaskHandler book = TaskHandler.of("process_order", task -> {
            bothRunning.countDown();
            try {
                (task.payload().contains("slow") ? slowNeverFinishes : quickMayFinish).await();
                finished.add(task.payload());
            } catch (InterruptedException e) {
                interrupted.add(task.payload());
                throw e;
            }
        });
        // Long timeouts and leases: only a hand-back can make the slow task available again soon.
        WorkerSettings settings = fastSettings().withConcurrency(2).withShutdownGrace(Duration.ofMillis(1500))
                .withTimeout(TaskPriority.NORMAL, Duration.ofMinutes(5));
        TaskWorker worker = startWorker(settings, book);
        String slow = queue.enqueue("process_order", "{\"order\":\"slow\"}", TaskPriority.NORMAL);
        queue.enqueue("process_order", "{\"order\":\"quick\"}", TaskPriority.NORMAL);
        assertThat(bothRunning.await(10, TimeUnit.SECONDS)).isTrue();
        String queuedLater = queue.enqueue("process_order", "{\"order\":\"later\"}", TaskPriority.NORMAL);

        // The quick task ends only once the worker is stopping, so it ends within the grace, never before stop().
        CompletableFuture<Void> stopping = CompletableFuture.runAsync(worker::stop);
        await().atMost(Duration.ofSeconds(5)).until(() -> !worker.isRunning());
        quickMayFinish.countDown();
        stopping.get(10, TimeUnit.SECONDS);

        assertThat(finished).containsExactly("{\"order\":\"quick\"}");
        // stop() hands the slow task back once it has interrupted it; its thread may still be unwinding.
        await().atMost(Duration.ofSeconds(5)).until(() -> !interrupted.isEmpty());
        assertThat(interrupted).containsExactly("{\"order\":\"slow\"}");
        // Right after stop(): nothing leased any more; the slow task waits at the head of its list.
        assertThat(queue.leasedCount(queueName)).isZero();
        assertThat(queue.depth(queueName, TaskPriority.NORMAL)).isEqualTo(2);

        List<String> rerun = new CopyOnWriteArrayList<>();
        startWorker(fastSettings().withConcurrency(1), TaskHandler.of("process_order", task -> rerun.add(task.id())));
        await().atMost(Duration.ofSeconds(5)).until(() -> rerun.size() == 2);
        assertThat(rerun).containsExactly(slow, queuedLater);
        await().atMost(Duration.ofSeconds(5)).until(this::queueIsEmpty);
    }
}
