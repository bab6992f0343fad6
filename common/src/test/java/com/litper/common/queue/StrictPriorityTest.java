package com.litper.common.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Behaviour 1: with thousands of LOW tasks queued, a new CRITICAL task is the next one a free slot takes. */
class StrictPriorityTest extends QueueTestSupport {

    @Test
    void aCriticalTaskOvertakesAThousandsStrongLowBacklog() throws Exception {
        List<TaskRequest> backlog = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            backlog.add(TaskRequest.of("report", "{\"n\":" + i + "}", TaskPriority.LOW));
        }
        queue.enqueueAll(backlog);

        List<String> order = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch lowRunning = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        TaskHandler report = TaskHandler.of("report", task -> {
            order.add(task.type());
            lowRunning.countDown();
            release.await();
        });
        TaskHandler alert = TaskHandler.of("alert", task -> order.add(task.type()));
        startWorker(fastSettings().withConcurrency(1), report, alert);

        // The slot is busy with a LOW task; the CRITICAL one arrives behind 4,999 queued LOW tasks.
        assertThat(lowRunning.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(queue.depth(queueName, TaskPriority.LOW)).isEqualTo(4999);
        queue.enqueue("alert", "{\"text\":\"carrier down\"}", TaskPriority.CRITICAL);
        release.countDown();

        await().atMost(Duration.ofSeconds(10)).until(() -> order.contains("alert"));
        // The LOW task that held the slot finishes; the next task the slot takes is the CRITICAL one.
        assertThat(new ArrayList<>(order).subList(0, 2)).containsExactly("report", "alert");
    }

    @Test
    void workersTakePrioritiesInOrderAndOnlyThoseTheyConsume() throws Exception {
        List<TaskPriority> seen = Collections.synchronizedList(new ArrayList<>());
        queue.enqueue("work", "{}", TaskPriority.LOW);
        queue.enqueue("work", "{}", TaskPriority.NORMAL);
        queue.enqueue("work", "{}", TaskPriority.HIGH);
        queue.enqueue("work", "{}", TaskPriority.CRITICAL);
        TaskHandler work = TaskHandler.of("work", task -> seen.add(task.priority()));

        // A "low pri" worker takes only LOW tasks.
        startWorker(fastSettings().withConcurrency(1).withPriorities(EnumSet.of(TaskPriority.LOW)), work);
        await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 1);
        assertThat(seen).containsExactly(TaskPriority.LOW);
        assertThat(queue.depth(queueName, TaskPriority.CRITICAL)).isEqualTo(1);

        startWorker(fastSettings().withConcurrency(1), work);
        await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 4);
        assertThat(seen).containsExactly(TaskPriority.LOW, TaskPriority.CRITICAL, TaskPriority.HIGH, TaskPriority.NORMAL);
    }
}
