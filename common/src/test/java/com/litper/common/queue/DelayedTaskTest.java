package com.litper.common.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Behaviour 7: delayed tasks run no earlier than asked and promptly after, even on a busy worker; the tests move the clock instead of sleeping. */
class DelayedTaskTest extends QueueTestSupport {

    record Run(String id, Instant at) {
    }

    @Test
    void aDelayedTaskWaitsForItsTimeAndRunsPromptlyOnceDue() {
        List<Run> runs = new CopyOnWriteArrayList<>();
        startWorker(fastSettings(), TaskHandler.of("update_tracking", task -> runs.add(new Run(task.id(), clock.instant()))));

        Instant enqueuedAt = clock.instant();
        String inAnHour = queue.enqueue(TaskRequest.of("update_tracking", "{\"poll\":1}", TaskPriority.NORMAL).delayedBy(Duration.ofHours(1)));
        String atNoon = queue.enqueue(TaskRequest.of("update_tracking", "{\"poll\":2}", TaskPriority.NORMAL)
                .runAt(enqueuedAt.plus(Duration.ofHours(2))));
        String now = queue.enqueue("update_tracking", "{\"poll\":0}", TaskPriority.NORMAL);

        await().atMost(Duration.ofSeconds(5)).until(() -> runs.size() == 1);
        assertThat(runs.get(0).id()).isEqualTo(now);

        clock.advance(Duration.ofMinutes(59));
        // A task due now, run after the move, proves the worker has looked at the queue at the new
        // time (every claim first moves the due delayed tasks): both delayed tasks are still waiting.
        String probe = queue.enqueue("update_tracking", "{\"poll\":\"probe\"}", TaskPriority.CRITICAL);
        await().atMost(Duration.ofSeconds(5)).until(() -> runs.size() == 2);
        assertThat(runs.get(1).id()).isEqualTo(probe);
        assertThat(queue.delayedCount(queueName)).isEqualTo(2);

        clock.advance(Duration.ofMinutes(1));
        await().atMost(Duration.ofSeconds(5)).until(() -> runs.size() == 3);
        assertThat(runs.get(2).id()).isEqualTo(inAnHour);
        assertThat(runs.get(2).at()).isAfterOrEqualTo(enqueuedAt.plus(Duration.ofHours(1)));
        assertThat(queue.delayedCount(queueName)).isEqualTo(1);

        clock.advance(Duration.ofMinutes(61));
        await().atMost(Duration.ofSeconds(5)).until(() -> runs.size() == 4);
        assertThat(runs.get(3).id()).isEqualTo(atNoon);
        assertThat(runs.get(3).at()).isAfterOrEqualTo(enqueuedAt.plus(Duration.ofHours(2)));
        await().atMost(Duration.ofSeconds(5)).until(this::queueIsEmpty);
    }

    @Test
    void aTaskFallingDueWhileEverySlotIsBusyRunsBeforeTheBacklogIsDone() {
        List<TaskRequest> backlog = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            backlog.add(TaskRequest.of("report", "{}", TaskPriority.LOW));
        }
        queue.enqueueAll(backlog);
        String alert = queue.enqueue(TaskRequest.of("alert", "{}", TaskPriority.CRITICAL).delayedBy(Duration.ofHours(1)));
        List<String> alertsRun = new CopyOnWriteArrayList<>();
        List<Long> lowLeftWhenAlertRan = new CopyOnWriteArrayList<>();
        AtomicInteger reports = new AtomicInteger();
        startWorker(fastSettings().withConcurrency(2), TaskHandler.of("report", task -> {
            reports.incrementAndGet();
            Thread.sleep(1);
        }), TaskHandler.of("alert", task -> {
            lowLeftWhenAlertRan.add(queue.depth(queueName, TaskPriority.LOW));
            alertsRun.add(task.id());
        }));
        await().atMost(Duration.ofSeconds(10)).until(() -> reports.get() >= 20);

        // Only the slots' own fetches run now (the fetcher thread sleeps while every slot is busy).
        clock.advance(Duration.ofHours(1));

        await().atMost(Duration.ofSeconds(10)).until(() -> alertsRun.size() == 1);
        assertThat(alertsRun).containsExactly(alert);
        assertThat(lowLeftWhenAlertRan.get(0)).isPositive();
    }
}
