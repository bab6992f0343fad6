package com.litper.common.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Behaviour 9: a worker never has more tasks in flight than its configured concurrency. */
class ConcurrencyLimitTest extends QueueTestSupport {

    @Test
    void inFlightTasksNeverExceedTheConfiguredConcurrency() {
        int limit = 4;
        AtomicInteger running = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        List<Integer> runningAtStarts = new CopyOnWriteArrayList<>();
        List<Integer> inFlightAtStarts = new CopyOnWriteArrayList<>();
        AtomicReference<TaskWorker> worker = new AtomicReference<>();
        // The count of running handlers only grows when one starts, so checking it at every start
        // checks it at every moment it could pass the limit — not a sample.
        TaskHandler work = TaskHandler.of("generate_report", task -> {
            runningAtStarts.add(running.incrementAndGet());
            inFlightAtStarts.add(worker.get().inFlight());
            try {
                Thread.sleep(5);
            } finally {
                running.decrementAndGet();
                done.incrementAndGet();
            }
        });
        worker.set(new TaskWorker(queue, List.of(work), fastSettings().withConcurrency(limit), TaskListener.NONE));

        List<TaskRequest> requests = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            requests.add(TaskRequest.of("generate_report", "{}", TaskPriority.values()[i % 4]));
        }
        queue.enqueueAll(requests);
        worker.get().start();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> done.get() == 400);
        } finally {
            worker.get().stop();
        }

        assertThat(runningAtStarts).hasSize(400).allSatisfy(count -> assertThat(count).isBetween(1, limit));
        assertThat(inFlightAtStarts).hasSize(400).allSatisfy(count -> assertThat(count).isBetween(1, limit));
        // The limit is also reached: the worker does use all its slots on a backlog.
        assertThat(runningAtStarts).contains(limit);
    }
}
