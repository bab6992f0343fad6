package com.litper.common.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Behaviour 5: with several workers on one queue, each task runs once. */
class NoDoubleProcessingTest extends QueueTestSupport {

    @Test
    void threeWorkersRunEachOfThreeThousandTasksExactlyOnce() {
        Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
        TaskHandler count = TaskHandler.of("update_tracking",
                task -> runs.computeIfAbsent(task.id(), id -> new AtomicInteger()).incrementAndGet());
        for (int i = 0; i < 3; i++) {
            startWorker(fastSettings().withConcurrency(4), count);
        }

        List<TaskRequest> requests = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            requests.add(TaskRequest.of("update_tracking", "{\"guide\":\"G" + i + "\"}", TaskPriority.values()[i % 4]));
        }
        List<String> ids = queue.enqueueAll(requests);

        await().atMost(Duration.ofSeconds(60)).until(() -> runs.size() == 3000);
        await().atMost(Duration.ofSeconds(5)).until(this::queueIsEmpty);
        assertThat(runs.keySet()).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(runs.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
    }
}
