package com.litper.common.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Behaviour 2: a handler running past its priority's timeout is interrupted and the attempt counts as failed. */
class TimeoutTest extends QueueTestSupport {

    @Test
    void aHandlerPastItsTimeoutIsInterruptedAndTheAttemptFails() {
        List<Integer> interruptedAttempts = new CopyOnWriteArrayList<>();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        AtomicInteger succeeded = new AtomicInteger();
        TaskHandler slowFirstTime = TaskHandler.of("poll_carrier", task -> {
            if (task.attempt() == 1) {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    interruptedAttempts.add(task.attempt());
                    throw e;
                }
            }
        });
        TaskListener listener = new TaskListener() {
            @Override
            public void failed(String q, Task task, Duration ran, Throwable error, RetryDecision decision) {
                failures.add(error);
            }

            @Override
            public void succeeded(String q, Task task, Duration ran) {
                succeeded.incrementAndGet();
            }
        };
        WorkerSettings settings = fastSettings().withTimeout(TaskPriority.HIGH, Duration.ofMillis(300))
                .withLeaseMargin(Duration.ofSeconds(30));
        startWorker(settings, List.of(slowFirstTime), listener);

        queue.enqueue("poll_carrier", "{}", TaskPriority.HIGH);

        await().atMost(Duration.ofSeconds(10)).until(() -> succeeded.get() == 1);
        assertThat(interruptedAttempts).containsExactly(1);
        assertThat(failures).hasSize(1).first().isInstanceOf(TaskTimeoutException.class);
        await().atMost(Duration.ofSeconds(5)).until(this::queueIsEmpty);
    }

    @Test
    void theTimeoutIsMeasuredOnTheQueuesClock() throws Exception {
        CountDownLatch bothRunning = new CountDownLatch(2);
        List<String> interrupted = new CopyOnWriteArrayList<>();
        List<String> timedOut = new CopyOnWriteArrayList<>();
        List<String> succeeded = new CopyOnWriteArrayList<>();
        TaskHandler.Body blockFirstAttempt = task -> {
            if (task.attempt() == 1) {
                bothRunning.countDown();
                try {
                    new CountDownLatch(1).await();
                } catch (InterruptedException e) {
                    interrupted.add(task.type());
                    throw e;
                }
            }
        };
        TaskListener listener = new TaskListener() {
            @Override
            public void failed(String q, Task task, Duration ran, Throwable error, RetryDecision decision) {
                assertThat(error).isInstanceOf(TaskTimeoutException.class);
                timedOut.add(task.type());
            }

            @Override
            public void succeeded(String q, Task task, Duration ran) {
                succeeded.add(task.type() + "#" + task.attempt());
            }
        };
        // The seed's NORMAL and LOW timeouts, 5 and 10 minutes: only the clock can make them pass within
        // the test. Leases longer than the clock's jumps keep the reaper out of it: a clock that jumps
        // past a lease's deadline lets any reaper take the task, so the worker would let go of it.
        WorkerSettings settings = fastSettings().withTimeout(TaskPriority.NORMAL, Duration.ofMinutes(5))
                .withTimeout(TaskPriority.LOW, Duration.ofMinutes(10)).withLeaseMargin(Duration.ofMinutes(10))
                .withLeaseDuration(Duration.ofMinutes(30)).withRetryPolicy(new RetryPolicy(2, Duration.ZERO, 1.0));
        startWorker(settings, List.of(TaskHandler.of("poll_carrier", blockFirstAttempt),
                TaskHandler.of("generate_report", blockFirstAttempt)), listener);
        queue.enqueue("poll_carrier", "{}", TaskPriority.NORMAL);
        queue.enqueue("generate_report", "{}", TaskPriority.LOW);
        assertThat(bothRunning.await(10, TimeUnit.SECONDS)).isTrue();

        // Nine minutes on: past NORMAL's timeout, not LOW's. The watchdog looked at both attempts at a
        // time at least this late when it timed out the NORMAL one, and left the LOW one running.
        clock.advance(Duration.ofMinutes(9));
        await().atMost(Duration.ofSeconds(5)).until(() -> succeeded.contains("poll_carrier#2"));
        assertThat(timedOut).containsExactly("poll_carrier");
        assertThat(interrupted).containsExactly("poll_carrier");
        assertThat(queue.leasedCount(queueName)).isEqualTo(1);

        clock.advance(Duration.ofMinutes(1));
        await().atMost(Duration.ofSeconds(5)).until(() -> succeeded.contains("generate_report#2"));
        assertThat(timedOut).containsExactly("poll_carrier", "generate_report");
        assertThat(interrupted).containsExactly("poll_carrier", "generate_report");
        await().atMost(Duration.ofSeconds(5)).until(this::queueIsEmpty);
    }

    @Test
    void aHandlerThatIgnoresInterruptsStillHasItsAttemptFailedAtTheTimeout() {
        AtomicInteger attempts = new AtomicInteger();
        TaskHandler stubborn = TaskHandler.of("stubborn", task -> {
            attempts.incrementAndGet();
            long until = System.nanoTime() + Duration.ofMillis(600).toNanos();
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
        });
        startWorker(fastSettings().withTimeout(TaskPriority.NORMAL, Duration.ofMillis(200)).withLeaseMargin(Duration.ofSeconds(30))
                .withRetryPolicy(new RetryPolicy(1, Duration.ZERO, 1.0)), stubborn);

        String id = queue.enqueue("stubborn", "{}", TaskPriority.NORMAL);

        await().atMost(Duration.ofSeconds(10)).until(() -> queue.deadLetterCount(queueName) == 1);
        assertThat(queue.deadLetters(queueName, 0, 10)).singleElement().satisfies(letter -> {
            assertThat(letter.task().id()).isEqualTo(id);
            assertThat(letter.lastError()).contains("TaskTimeoutException").contains("timeout");
        });
        assertThat(attempts.get()).isEqualTo(1);
    }
}
