package com.litper.common.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Behaviour 7: delayed tasks run no earlier than asked and promptly after; the test moves the clock instead of sleeping. */
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
        await().during(Duration.ofMillis(400)).atMost(Duration.ofSeconds(2)).until(() -> runs.size() == 1);

        clock.advance(Duration.ofMinutes(1));
        await().atMost(Duration.ofSeconds(5)).until(() -> runs.size() == 2);
        assertThat(runs.get(1).id()).isEqualTo(inAnHour);
        assertThat(runs.get(1).at()).isAfterOrEqualTo(enqueuedAt.plus(Duration.ofHours(1)));

        clock.advance(Duration.ofMinutes(61));
        await().atMost(Duration.ofSeconds(5)).until(() -> runs.size() == 3);
        assertThat(runs.get(2).id()).isEqualTo(atNoon);
        assertThat(runs.get(2).at()).isAfterOrEqualTo(enqueuedAt.plus(Duration.ofHours(2)));
        await().atMost(Duration.ofSeconds(5)).until(this::queueIsEmpty);
    }
}
