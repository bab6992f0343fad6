package com.litper.common.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Behaviour 6: enqueueing twice with the same key within its window runs the task once. */
class DeduplicationTest extends QueueTestSupport {

    @Test
    void theSameWebhookEventEnqueuedTwiceRunsOnce() throws Exception {
        List<String> runs = new CopyOnWriteArrayList<>();
        startWorker(fastSettings(), TaskHandler.of("carrier_event", task -> runs.add(task.payload())));

        TaskRequest event = TaskRequest.of("carrier_event", "{\"event\":\"evt-1\",\"status\":\"DELIVERED\"}", TaskPriority.HIGH)
                .deduplicatedBy("coordinadora:evt-1", Duration.ofMinutes(10));
        String first = queue.enqueue(event);
        String second = queue.enqueue(event);
        List<String> bulk = queue.enqueueAll(List.of(event, event));
        String other = queue.enqueue(TaskRequest.of("carrier_event", "{\"event\":\"evt-2\"}", TaskPriority.HIGH)
                .deduplicatedBy("coordinadora:evt-2", Duration.ofMinutes(10)));

        assertThat(second).isEqualTo(first);
        assertThat(bulk).containsExactly(first, first);
        assertThat(other).isNotEqualTo(first);
        await().atMost(Duration.ofSeconds(10)).until(() -> runs.size() == 2 && queueIsEmpty());
        // Still within the window after the task ran: a late duplicate is dropped too — the key still
        // names the first task, and nothing was queued that could run.
        assertThat(queue.enqueue(event)).isEqualTo(first);
        assertThat(redis.commands().get(new QueueKeys(queueName).dedupPrefix() + "coordinadora:evt-1").get()).isEqualTo(first);
        assertThat(queueIsEmpty()).isTrue();
        assertThat(runs).hasSize(2);
    }

    @Test
    void afterItsWindowTheKeyAcceptsANewTask() {
        List<String> runs = new CopyOnWriteArrayList<>();
        startWorker(fastSettings(), TaskHandler.of("carrier_event", task -> runs.add(task.id())));
        TaskRequest event = TaskRequest.of("carrier_event", "{}", TaskPriority.HIGH).deduplicatedBy("evt-9", Duration.ofMillis(200));

        String first = queue.enqueue(event);
        await().atMost(Duration.ofSeconds(5)).until(() -> runs.size() == 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> !queue.enqueue(event).equals(first));
        await().atMost(Duration.ofSeconds(5)).until(() -> runs.size() == 2);
    }
}
