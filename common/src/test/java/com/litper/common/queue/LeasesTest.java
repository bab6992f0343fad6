package com.litper.common.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * How leases are kept in Redis: by name ({@code <id>:<attempt>}) with the task in the value, so a
 * worker ends a lease without sending the task back, a stale worker cannot end the next delivery's
 * lease, and tasks leased by the previous version (whole tasks in the legacy active set) are still
 * reclaimed during a rolling upgrade.
 */
class LeasesTest extends QueueTestSupport {

    private static final long[] LEASE_MILLIS = {60_000, 60_000, 60_000, 60_000};

    private TaskStore store() {
        return queue.store();
    }

    private QueueKeys keys() {
        return new QueueKeys(queueName);
    }

    @Test
    void aRunningTaskIsLeasedByNameWithItsEncodedFormBeside() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        startWorker(fastSettings(), TaskHandler.of("send_whatsapp", task -> {
            running.countDown();
            release.await();
        }));
        String id = queue.enqueue("send_whatsapp", "{\"to\":\"+57300\"}", TaskPriority.HIGH);
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();

        Map<String, String> leases = redis.commands().hgetall(keys().leases()).get();
        assertThat(leases).containsOnlyKeys(id + ":1");
        String lease = leases.get(id + ":1");
        long deadline = Long.parseLong(lease.substring(0, lease.indexOf('|')));
        // The lease lasts the priority's timeout (2 s in these tests) plus the margin (none here).
        assertThat(deadline).isBetween(clock.millis(), clock.millis() + 2000);
        assertThat(TaskCodec.decode(lease.substring(lease.indexOf('|') + 1)).payload()).isEqualTo("{\"to\":\"+57300\"}");

        release.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> queue.leasedCount(queueName) == 0);
        assertThat(redis.commands().exists(keys().leases()).get()).isZero();
    }

    @Test
    void aWorkerWhoseLeaseWasReclaimedCannotEndTheNextDeliverysLease() {
        String id = queue.enqueue("poll_carrier", "{}", TaskPriority.NORMAL);
        long now = clock.millis();
        TaskStore.Claimed first = store().claimNext(queueName, "0123", 1, LEASE_MILLIS, true, List.of(), now);
        assertThat(first.tasks()).singleElement().satisfies(raw -> assertThat(TaskCodec.lease(TaskCodec.decode(raw))).isEqualTo(id + ":1"));

        // The first worker hangs; its lease runs out, the task is reclaimed and leased again.
        long afterLease = now + LEASE_MILLIS[2] + 1;
        assertThat(store().reclaimExpired(queueName, 3, Map.of(), 100, "0", afterLease)).isEqualTo(new TaskStore.Reclaimed(1, 0, "0"));
        TaskStore.Claimed second = store().claimNext(queueName, "0123", 1, LEASE_MILLIS, true, List.of(), afterLease);
        assertThat(second.tasks()).singleElement().satisfies(raw -> assertThat(TaskCodec.lease(TaskCodec.decode(raw))).isEqualTo(id + ":2"));

        // The hung worker wakes up and reports its attempt: it completes, retries and dead-letters nothing.
        store().claimNext(queueName, "0123", 0, LEASE_MILLIS, true, List.of(id + ":1"), afterLease);
        assertThat(store().retryLater(queueName, id + ":1", 2, afterLease)).isFalse();
        assertThat(store().deadLetter(queueName, id + ":1", id, "late", afterLease)).isFalse();
        assertThat(store().handBack(queueName, id + ":1", TaskPriority.NORMAL)).isFalse();

        assertThat(queue.leasedCount(queueName)).isEqualTo(1);
        assertThat(queue.deadLetterCount(queueName)).isZero();
        assertThat(queue.delayedCount(queueName)).isZero();
        store().claimNext(queueName, "0123", 0, LEASE_MILLIS, true, List.of(id + ":2"), afterLease);
        assertThat(queueIsEmpty()).isTrue();
    }

    @Test
    void anExpiredLeaseCountsAgainstItsTypesOwnAttempts() {
        queue.enqueue("send_whatsapp", "{}", TaskPriority.HIGH);
        String alert = queue.enqueue("alert", "{}", TaskPriority.CRITICAL);
        long now = clock.millis();
        assertThat(store().claimNext(queueName, "0123", 2, LEASE_MILLIS, true, List.of(), now).tasks()).hasSize(2);

        // Alerts get one attempt only; other types three: the same expiry dead-letters one and requeues the other.
        assertThat(store().reclaimExpired(queueName, 3, Map.of("alert", 1), 100, "0", now + LEASE_MILLIS[0] + 1))
                .isEqualTo(new TaskStore.Reclaimed(1, 1, "0"));
        assertThat(queue.deadLetters(queueName, 0, 10)).singleElement().satisfies(letter -> assertThat(letter.task().id()).isEqualTo(alert));
        assertThat(queue.depth(queueName, TaskPriority.HIGH)).isEqualTo(1);
    }

    @Test
    void theReaperWalksManyLeasesInBoundedSteps() {
        List<TaskRequest> many = new java.util.ArrayList<>();
        for (int i = 0; i < 300; i++) {
            many.add(TaskRequest.of("poll_carrier", "{}", TaskPriority.NORMAL));
        }
        queue.enqueueAll(many);
        long now = clock.millis();
        assertThat(store().claimNext(queueName, "0123", 300, LEASE_MILLIS, true, List.of(), now).tasks()).hasSize(300);

        long requeued = 0;
        String cursor = "0";
        int calls = 0;
        do {
            TaskStore.Reclaimed step = store().reclaimExpired(queueName, 3, Map.of(), 50, cursor, now + LEASE_MILLIS[2] + 1);
            requeued += step.requeued();
            cursor = step.cursor();
            calls++;
        } while (!cursor.equals("0"));
        assertThat(requeued).isEqualTo(300);
        assertThat(calls).isGreaterThan(1);
        assertThat(queue.leasedCount(queueName)).isZero();
        assertThat(queue.depth(queueName, TaskPriority.NORMAL)).isEqualTo(300);
    }

    @Test
    void aTaskLeasedByThePreviousVersionIsReclaimedWhenItsWorkerDied() throws Exception {
        // What the previous version left when its worker died mid-task: the whole task in "active", lease run out.
        String encoded = TaskCodec.encode("legacy0000000001", "send_whatsapp", TaskPriority.HIGH, 1, clock.millis(), "req-7",
                "{\"to\":\"+57300\"}");
        redis.commands().zadd(keys().legacyActive(), clock.millis() - 1, encoded).get();
        String lastAttempt = TaskCodec.encode("legacy0000000002", "send_whatsapp", TaskPriority.HIGH, 3, clock.millis(), "",
                "{\"to\":\"+57301\"}");
        redis.commands().zadd(keys().legacyActive(), clock.millis() - 1, lastAttempt).get();
        assertThat(queue.leasedCount(queueName)).isEqualTo(2);

        List<Task> run = new CopyOnWriteArrayList<>();
        startWorker(fastSettings(), TaskHandler.of("send_whatsapp", run::add));

        await().atMost(Duration.ofSeconds(10)).until(() -> run.size() == 1 && queue.deadLetterCount(queueName) == 1);
        assertThat(run.get(0).id()).isEqualTo("legacy0000000001");
        assertThat(run.get(0).attempt()).isEqualTo(2);
        assertThat(run.get(0).requestId()).isEqualTo("req-7");
        assertThat(queue.deadLetters(queueName, 0, 10)).singleElement().satisfies(letter -> {
            assertThat(letter.task().id()).isEqualTo("legacy0000000002");
            assertThat(letter.lastError()).contains("lease expired");
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> queue.leasedCount(queueName) == 0);
        assertThat(redis.commands().exists(keys().legacyActive()).get()).isZero();
    }

    @Test
    void anUndecodableLeasedTaskBecomesADeadLetterInsteadOfStallingTheQueue() throws Exception {
        redis.commands().rpush(keys().ready(TaskPriority.HIGH), "not a task").get();
        List<String> run = new CopyOnWriteArrayList<>();
        startWorker(fastSettings(), TaskHandler.of("send_whatsapp", task -> run.add(task.id())));
        String good = queue.enqueue("send_whatsapp", "{}", TaskPriority.HIGH);

        await().atMost(Duration.ofSeconds(10)).until(() -> run.contains(good) && queue.deadLetterCount(queueName) == 1);
        assertThat(queue.leasedCount(queueName)).isZero();
    }
}
