package com.litper.common.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

/** Behaviour 3: failed tasks are retried with exponential backoff, at most 3 attempts (or their type's own number), then dead-lettered. */
class RetryAndDeadLetterTest extends QueueTestSupport {

    record Attempt(int number, long atNanos) {
    }

    @Test
    void retriesWithExponentialBackoffThenDeadLettersWithTheLastError() {
        List<Attempt> attempts = new CopyOnWriteArrayList<>();
        TaskHandler failing = TaskHandler.of("send_whatsapp", task -> {
            attempts.add(new Attempt(task.attempt(), System.nanoTime()));
            throw new IllegalStateException("provider answered 503 on attempt " + task.attempt());
        });
        startWorker(fastSettings().withRetryPolicy(new RetryPolicy(3, Duration.ofMillis(300), 2.0)), failing);

        String id = queue.enqueue("send_whatsapp", "{\"to\":\"+573001234567\"}", TaskPriority.HIGH);

        await().atMost(Duration.ofSeconds(10)).until(() -> queue.deadLetterCount(queueName) == 1);
        assertThat(attempts).extracting(Attempt::number).containsExactly(1, 2, 3);
        // Backoff 300 ms, then 600 ms: never earlier than the policy says (due times are whole milliseconds).
        assertThat(attempts.get(1).atNanos() - attempts.get(0).atNanos()).isGreaterThanOrEqualTo(Duration.ofMillis(299).toNanos());
        assertThat(attempts.get(2).atNanos() - attempts.get(1).atNanos()).isGreaterThanOrEqualTo(Duration.ofMillis(599).toNanos());

        DeadLetter letter = queue.deadLetters(queueName, 0, 10).get(0);
        assertThat(letter.task().id()).isEqualTo(id);
        assertThat(letter.task().attempt()).isEqualTo(3);
        assertThat(letter.task().payload()).isEqualTo("{\"to\":\"+573001234567\"}");
        assertThat(letter.lastError()).isEqualTo("java.lang.IllegalStateException: provider answered 503 on attempt 3");
        assertThat(queue.leasedCount(queueName)).isZero();
        assertThat(queue.delayedCount(queueName)).isZero();
    }

    @Test
    void aTaskTypeWithItsOwnPolicyDeadLettersAfterItsOwnAttempts() {
        List<Task> attempts = new CopyOnWriteArrayList<>();
        TaskHandler booking = TaskHandler.of("book_shipment", task -> {
            attempts.add(task);
            throw new IllegalStateException("carrier answered 503");
        });
        TaskHandler whatsapp = TaskHandler.of("send_whatsapp", task -> {
            attempts.add(task);
            throw new IllegalStateException("provider answered 503");
        });
        // The worker's policy gives 3 attempts; bookings get 5, with their own (short) backoff.
        startWorker(fastSettings().withRetryPolicy(new RetryPolicy(3, Duration.ofMillis(50), 1.0))
                .withRetryPolicy("book_shipment", new RetryPolicy(5, Duration.ofMillis(20), 1.0, RetryPolicy.Jitter.EQUAL)),
                booking, whatsapp);

        String booked = queue.enqueue("book_shipment", "{}", TaskPriority.NORMAL);
        String sent = queue.enqueue("send_whatsapp", "{}", TaskPriority.HIGH);

        await().atMost(Duration.ofSeconds(10)).until(() -> queue.deadLetterCount(queueName) == 2);
        assertThat(queue.deadLetters(queueName, 0, 10)).extracting(letter -> letter.task().id(), letter -> letter.task().attempt())
                .containsExactlyInAnyOrder(Tuple.tuple(booked, 5), Tuple.tuple(sent, 3));
        assertThat(attempts).filteredOn(task -> task.id().equals(booked)).extracting(Task::attempt).containsExactly(1, 2, 3, 4, 5);
        assertThat(attempts).filteredOn(task -> task.id().equals(sent)).extracting(Task::attempt).containsExactly(1, 2, 3);
    }

    @Test
    void deadLettersCanBeListedReplayedAndPurged() {
        AtomicBoolean providerUp = new AtomicBoolean(false);
        List<String> delivered = new CopyOnWriteArrayList<>();
        TaskHandler send = TaskHandler.of("send_whatsapp", task -> {
            if (!providerUp.get()) {
                throw new IllegalStateException("provider down");
            }
            delivered.add(task.id());
        });
        startWorker(fastSettings().withRetryPolicy(new RetryPolicy(1, Duration.ZERO, 1.0)), send);

        String first = queue.enqueue("send_whatsapp", "{\"n\":1}", TaskPriority.HIGH);
        String second = queue.enqueue("send_whatsapp", "{\"n\":2}", TaskPriority.HIGH);
        String third = queue.enqueue("send_whatsapp", "{\"n\":3}", TaskPriority.HIGH);
        await().atMost(Duration.ofSeconds(10)).until(() -> queue.deadLetterCount(queueName) == 3);
        assertThat(queue.deadLetters(queueName, 0, 10)).extracting(letter -> letter.task().id())
                .containsExactlyInAnyOrder(first, second, third);

        providerUp.set(true);
        assertThat(queue.replayDeadLetters(queueName, List.of(first, "no-such-id"))).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> delivered.contains(first));

        assertThat(queue.purgeDeadLetters(queueName, List.of(second))).isEqualTo(1);
        assertThat(queue.deadLetters(queueName, 0, 10)).extracting(letter -> letter.task().id()).containsExactly(third);

        assertThat(queue.replayAllDeadLetters(queueName)).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> delivered.contains(third));
        assertThat(delivered).containsExactly(first, third);
        await().atMost(Duration.ofSeconds(5)).until(this::queueIsEmpty);

        providerUp.set(false);
        queue.enqueue("send_whatsapp", "{\"n\":4}", TaskPriority.HIGH);
        await().atMost(Duration.ofSeconds(10)).until(() -> queue.deadLetterCount(queueName) == 1);
        assertThat(queue.purgeAllDeadLetters(queueName)).isEqualTo(1);
        assertThat(queueIsEmpty()).isTrue();
    }
}
