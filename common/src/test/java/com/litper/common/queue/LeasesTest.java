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
 * worker ends a lease without sending the task back, a stale worker cannot end or extend the next
 * delivery's lease, leases of workers that renew and of workers that do not are reclaimed alike at
 * their deadlines, and tasks leased by the previous version (whole tasks in the legacy active set)
 * are still reclaimed during a rolling upgrade.
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
        // The lease lasts the lease duration, but never longer than the priority's timeout (2 s in these
        // tests) plus the margin (none here).
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
    void aHeartbeatExtendsOnlyTheLeasesTheWorkerStillHolds() throws Exception {
        String held = queue.enqueue("poll_carrier", "{\"guide\":\"G1\"}", TaskPriority.NORMAL);
        String completed = queue.enqueue("poll_carrier", "{}", TaskPriority.NORMAL);
        String handedBack = queue.enqueue("poll_carrier", "{}", TaskPriority.NORMAL);
        long now = clock.millis();
        long deadline = now + LEASE_MILLIS[2];
        assertThat(store().claimNext(queueName, "0123", 3, LEASE_MILLIS, true, List.of(), now).tasks()).hasSize(3);
        // One lease ends normally; another task is handed back and leased again, under the same name, by another worker.
        store().claimNext(queueName, "0123", 0, LEASE_MILLIS, true, List.of(completed + ":1"), now);
        assertThat(store().handBack(queueName, handedBack + ":1", TaskPriority.NORMAL)).isTrue();
        assertThat(store().claimNext(queueName, "0123", 1, LEASE_MILLIS, true, List.of(), now + 7).tasks()).hasSize(1);

        long renewedAt = now + 1000;
        List<TaskStore.Renewal> renewals = List.of(held, completed, handedBack).stream()
                .map(id -> new TaskStore.Renewal(id + ":1", deadline, deadline, renewedAt + LEASE_MILLIS[2])).toList();
        assertThat(store().extendLeases(queueName, renewals, renewedAt).get()).containsExactlyInAnyOrder(completed + ":1", handedBack + ":1");

        Map<String, String> leases = redis.commands().hgetall(keys().leases()).get();
        assertThat(leases).containsOnlyKeys(held + ":1", handedBack + ":1");
        assertThat(leases.get(held + ":1")).startsWith((renewedAt + LEASE_MILLIS[2]) + "|").endsWith("|{\"guide\":\"G1\"}");
        assertThat(TaskCodec.decode(leases.get(held + ":1").substring(leases.get(held + ":1").indexOf('|') + 1)).id()).isEqualTo(held);
        // The other worker's lease keeps the deadline that worker wrote.
        assertThat(leases.get(handedBack + ":1")).startsWith((now + 7 + LEASE_MILLIS[2]) + "|");
    }

    @Test
    void aBigWorkersHeartbeatGoesOutInChunksAndStillNamesEveryLostLease() throws Exception {
        List<TaskRequest> many = new java.util.ArrayList<>();
        for (int i = 0; i < 2 * TaskStore.RENEWAL_CHUNK + 50; i++) {
            many.add(TaskRequest.of("poll_carrier", "{}", TaskPriority.NORMAL));
        }
        List<String> ids = queue.enqueueAll(many);
        long now = clock.millis();
        long deadline = now + LEASE_MILLIS[2];
        store().claimNext(queueName, "0123", ids.size(), LEASE_MILLIS, true, List.of(), now);
        String gone = ids.get(TaskStore.RENEWAL_CHUNK + 7);
        store().claimNext(queueName, "0123", 0, LEASE_MILLIS, true, List.of(gone + ":1"), now);

        long renewedAt = now + 1000;
        List<TaskStore.Renewal> renewals = ids.stream()
                .map(id -> new TaskStore.Renewal(id + ":1", deadline, deadline, renewedAt + LEASE_MILLIS[2])).toList();
        assertThat(store().extendLeases(queueName, renewals, renewedAt).get()).containsExactly(gone + ":1");
        assertThat(redis.commands().hvals(keys().leases()).get()).hasSize(ids.size() - 1)
                .allSatisfy(value -> assertThat(value).startsWith((renewedAt + LEASE_MILLIS[2]) + "|"));
    }

    @Test
    void aHeartbeatWhoseLastReplyWasLostStillRenewsButALeasePastItsDeadlineIsNeverExtended() throws Exception {
        String id = queue.enqueue("poll_carrier", "{}", TaskPriority.NORMAL);
        long now = clock.millis();
        long deadline = now + LEASE_MILLIS[2];
        store().claimNext(queueName, "0123", 1, LEASE_MILLIS, true, List.of(), now);
        // A renewal was applied but its reply never came: the worker knows the deadline is one of two.
        long unconfirmed = now + 1000 + LEASE_MILLIS[2];
        assertThat(store().extendLeases(queueName, List.of(new TaskStore.Renewal(id + ":1", deadline, deadline, unconfirmed)), now + 1000).get())
                .isEmpty();
        long next = now + 2000 + LEASE_MILLIS[2];
        assertThat(store().extendLeases(queueName, List.of(new TaskStore.Renewal(id + ":1", deadline, unconfirmed, next)), now + 2000).get())
                .isEmpty();
        assertThat(redis.commands().hget(keys().leases(), id + ":1").get()).startsWith(next + "|");

        // Past its deadline the lease may be reclaimed at any moment: it is lost to the worker, and left as it is.
        long late = next + 1;
        assertThat(store().extendLeases(queueName, List.of(new TaskStore.Renewal(id + ":1", next, next, late + LEASE_MILLIS[2])), late).get())
                .containsExactly(id + ":1");
        assertThat(redis.commands().hget(keys().leases(), id + ":1").get()).startsWith(next + "|");
    }

    @Test
    void leasesOfWorkersThatRenewAndOfWorkersThatDoNotAreReclaimedAtTheirOwnDeadlines() {
        // During a rolling upgrade a worker of the previous release writes its lease for the task's
        // whole timeout plus the margin (LOW: 605 s) and never renews it; a worker of this release
        // writes a short lease (15 s) and renews it. Both live in the same hash; one reaper serves both.
        String previousRelease = queue.enqueue("generate_report", "{}", TaskPriority.LOW);
        long now = clock.millis();
        store().claimNext(queueName, "3", 1, new long[] {35_000, 65_000, 305_000, 605_000}, true, List.of(), now);
        String thisRelease = queue.enqueue("generate_report", "{}", TaskPriority.LOW);
        store().claimNext(queueName, "3", 1, new long[] {15_000, 15_000, 15_000, 15_000}, true, List.of(), now);

        assertThat(store().reclaimExpired(queueName, 3, Map.of(), 100, "0", now + 15_000)).isEqualTo(new TaskStore.Reclaimed(1, 0, "0"));
        assertThat(queue.leasedCount(queueName)).isEqualTo(1);
        assertThat(store().claimNext(queueName, "3", 1, LEASE_MILLIS, true, List.of(), now + 15_000).tasks()).singleElement()
                .satisfies(raw -> assertThat(TaskCodec.decode(raw).id()).isEqualTo(thisRelease));
        store().claimNext(queueName, "3", 0, LEASE_MILLIS, true, List.of(thisRelease + ":2"), now + 15_000);

        assertThat(store().reclaimExpired(queueName, 3, Map.of(), 100, "0", now + 604_999)).isEqualTo(new TaskStore.Reclaimed(0, 0, "0"));
        assertThat(store().reclaimExpired(queueName, 3, Map.of(), 100, "0", now + 605_000)).isEqualTo(new TaskStore.Reclaimed(1, 0, "0"));
        assertThat(queue.depth(queueName, TaskPriority.LOW)).isEqualTo(1);
        assertThat(store().claimNext(queueName, "3", 1, LEASE_MILLIS, true, List.of(), now + 605_000).tasks()).singleElement()
                .satisfies(raw -> assertThat(TaskCodec.decode(raw).id()).isEqualTo(previousRelease));
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
