package com.litper.common.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** A handler can give up on a task at once, or put it off without it counting as a failure. */
class TaskOutcomeTest extends QueueTestSupport {

    @Test
    void aPermanentFailureGoesToTheDeadLettersWithoutFurtherAttempts() {
        List<Integer> attempts = new CopyOnWriteArrayList<>();
        startWorker(fastSettings().withRetryPolicy(new RetryPolicy(3, Duration.ofMillis(100), 2.0)),
                TaskHandler.of("send_whatsapp", task -> {
                    attempts.add(task.attempt());
                    throw new PermanentTaskFailure("recipient +570000000000 is not a WhatsApp number (131026)");
                }));

        String id = queue.enqueue("send_whatsapp", "{}", TaskPriority.HIGH);

        await().atMost(Duration.ofSeconds(10)).until(() -> queue.deadLetterCount(queueName) == 1);
        DeadLetter letter = queue.deadLetters(queueName, 0, 10).get(0);
        assertThat(letter.task().id()).isEqualTo(id);
        assertThat(letter.task().attempt()).isEqualTo(1);
        assertThat(letter.lastError()).contains("PermanentTaskFailure").contains("131026");
        assertThat(attempts).containsExactly(1);
    }

    @Test
    void aDeferredTaskRunsAgainAfterTheDelayWithTheSameAttempt() {
        List<Integer> attempts = new CopyOnWriteArrayList<>();
        List<Long> startedAt = new CopyOnWriteArrayList<>();
        startWorker(fastSettings().withRetryPolicy(new RetryPolicy(1, Duration.ZERO, 1.0)),
                TaskHandler.of("send_whatsapp", task -> {
                    attempts.add(task.attempt());
                    startedAt.add(System.nanoTime());
                    if (startedAt.size() < 4) {
                        throw new DeferTask(Duration.ofMillis(200), "rate limit: next slot in 200 ms");
                    }
                }));

        queue.enqueue("send_whatsapp", "{}", TaskPriority.HIGH);

        // Three deferrals with a one-attempt policy: deferring is not failing, so no dead letter.
        await().atMost(Duration.ofSeconds(10)).until(() -> startedAt.size() == 4 && queue.leasedCount(queueName) == 0);
        assertThat(attempts).containsExactly(1, 1, 1, 1);
        assertThat(queue.deadLetterCount(queueName)).isZero();
        for (int i = 1; i < startedAt.size(); i++) {
            assertThat(startedAt.get(i) - startedAt.get(i - 1)).isGreaterThanOrEqualTo(Duration.ofMillis(199).toNanos());
        }
    }
}
