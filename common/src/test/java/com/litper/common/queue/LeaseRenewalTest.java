package com.litper.common.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Leases are short and renewed while the handler runs: a task that runs for many leases keeps its
 * lease and runs once; a worker that no longer holds a lease — taken by a reaper, or not renewable
 * because Redis does not answer — interrupts the handler before the lease can run out and never
 * reports the attempt; the priority's timeout still ends an attempt; a stopping worker keeps
 * renewing through its shutdown grace.
 */
class LeaseRenewalTest extends QueueTestSupport {

    /** One-second leases and a 30 s NORMAL timeout: a handler running for seconds lives on renewals alone. */
    private WorkerSettings shortLeases() {
        return fastSettings().withLeaseDuration(Duration.ofSeconds(1)).withTimeout(TaskPriority.NORMAL, Duration.ofSeconds(30));
    }

    @Test
    void aHandlerRunningForManyLeasesKeepsItsLeaseAndRunsOnce() throws Exception {
        Events events = new Events();
        List<Task> runs = new CopyOnWriteArrayList<>();
        TaskHandler fourSeconds = TaskHandler.of("process_order", task -> {
            runs.add(task);
            Thread.sleep(4000);
        });
        // Two workers: the other's reaper takes the task the moment its lease runs out.
        startWorker(shortLeases(), List.of(fourSeconds), events);
        startWorker(shortLeases(), List.of(fourSeconds), events);
        String id = queue.enqueue("process_order", "{}", TaskPriority.NORMAL);

        await().atMost(Duration.ofSeconds(10)).until(() -> runs.size() == 1);
        long firstDeadline = leaseDeadline(id + ":1");
        await().atMost(Duration.ofSeconds(3)).until(() -> leaseDeadline(id + ":1") > firstDeadline);

        await().atMost(Duration.ofSeconds(20)).until(() -> events.succeeded.contains(id + ":1"));
        await().atMost(Duration.ofSeconds(5)).until(this::queueIsEmpty);
        // Nothing is left that could run it again: it ran once, as its first attempt, and no lease was lost or reclaimed.
        assertThat(runs).extracting(Task::attempt).containsExactly(1);
        assertThat(events.leasesLost).isEmpty();
        assertThat(events.reclaimed.get()).isZero();
    }

    @Test
    void aWorkerWhoseLeaseIsTakenInterruptsTheHandlerAndDoesNotReportTheAttempt() throws Exception {
        Events events = new Events();
        CountDownLatch running = new CountDownLatch(1);
        List<Integer> interrupted = new CopyOnWriteArrayList<>();
        TaskHandler handler = TaskHandler.of("process_order", task -> {
            if (task.attempt() == 1) {
                running.countDown();
                try {
                    new CountDownLatch(1).await();
                } catch (InterruptedException e) {
                    interrupted.add(task.attempt());
                    throw e;
                }
            }
        });
        startWorker(shortLeases().withLeaseDuration(Duration.ofSeconds(3)), List.of(handler), events);
        String id = queue.enqueue("process_order", "{}", TaskPriority.NORMAL);
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();

        // A reaper whose clock runs ten minutes ahead takes the lease: the task is back as attempt 2.
        assertThat(queue.store().reclaimExpired(queueName, 3, Map.of(), 100, "0", clock.millis() + Duration.ofMinutes(10).toMillis()))
                .isEqualTo(new TaskStore.Reclaimed(1, 0, "0"));

        // The worker's next heartbeat learns the lease is gone and interrupts attempt 1; it runs attempt 2.
        await().atMost(Duration.ofSeconds(10)).until(() -> events.succeeded.contains(id + ":2") && !interrupted.isEmpty()
                && !events.leasesLost.isEmpty());
        assertThat(interrupted).containsExactly(1);
        assertThat(events.leasesLost).containsExactly(id + ":1 TAKEN");
        assertThat(events.failed).isEmpty();
        assertThat(events.succeeded).containsExactly(id + ":2");
        await().atMost(Duration.ofSeconds(5)).until(this::queueIsEmpty);
    }

    @Test
    void aWorkerThatCannotReachRedisInterruptsTheHandlerBeforeItsLeaseRunsOut() throws Exception {
        Events events = new Events();
        CountDownLatch running = new CountDownLatch(1);
        List<Long> interruptedAt = new CopyOnWriteArrayList<>();
        TaskHandler handler = TaskHandler.of("process_order", task -> {
            if (task.attempt() == 1) {
                running.countDown();
                try {
                    new CountDownLatch(1).await();
                } catch (InterruptedException e) {
                    interruptedAt.add(clock.millis());
                    throw e;
                }
            }
        });
        startWorker(shortLeases().withLeaseDuration(Duration.ofSeconds(2)), List.of(handler), events);
        String id = queue.enqueue("process_order", "{}", TaskPriority.NORMAL);
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();

        // Redis stops answering writes (every script is one): the worker can neither renew nor report,
        // nobody can reclaim, and the test can still read the deadline, now frozen.
        pauseWrites(Duration.ofSeconds(4));
        long deadline = leaseDeadline(id + ":1");

        await().atMost(Duration.ofSeconds(5)).until(() -> !interruptedAt.isEmpty());
        assertThat(interruptedAt.get(0)).isLessThan(deadline);
        assertThat(events.leasesLost).containsExactly(id + ":1 UNRENEWED");
        assertThat(events.renewalsFailed.get()).isPositive();

        // Once Redis answers again the lease runs out, a reaper reclaims it and attempt 2 runs; attempt 1 was never reported.
        await().atMost(Duration.ofSeconds(20)).until(() -> events.succeeded.contains(id + ":2"));
        assertThat(events.failed).isEmpty();
        assertThat(events.succeeded).containsExactly(id + ":2");
        await().atMost(Duration.ofSeconds(5)).until(this::queueIsEmpty);
    }

    @Test
    void aHandlerPastItsTimeoutStillFailsWhileItsLeaseIsRenewed() throws Exception {
        Events events = new Events();
        List<Integer> interrupted = new CopyOnWriteArrayList<>();
        TaskHandler handler = TaskHandler.of("process_order", task -> {
            if (task.attempt() == 1) {
                try {
                    new CountDownLatch(1).await();
                } catch (InterruptedException e) {
                    interrupted.add(task.attempt());
                    throw e;
                }
            }
        });
        // The timeout is two and a half leases: renewals carry the attempt that far, and the timeout ends it.
        startWorker(shortLeases().withTimeout(TaskPriority.NORMAL, Duration.ofMillis(2500)), List.of(handler), events);
        String id = queue.enqueue("process_order", "{}", TaskPriority.NORMAL);

        await().atMost(Duration.ofSeconds(20)).until(() -> events.succeeded.contains(id + ":2"));
        assertThat(interrupted).containsExactly(1);
        assertThat(events.failed).containsExactly(id + ":1 TaskTimeoutException");
        assertThat(events.failedAfter.get(0)).isGreaterThan(Duration.ofMillis(2000));
        assertThat(events.leasesLost).isEmpty();
        assertThat(events.reclaimed.get()).isZero();
        await().atMost(Duration.ofSeconds(5)).until(this::queueIsEmpty);
    }

    @Test
    void aStoppingWorkerKeepsRenewingItsLeasesThroughItsShutdownGrace() throws Exception {
        Events events = new Events();
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch stopping = new CountDownLatch(1);
        List<Task> runs = new CopyOnWriteArrayList<>();
        TaskHandler finishesWhileStopping = TaskHandler.of("process_order", task -> {
            runs.add(task);
            running.countDown();
            stopping.await();
            // Two and a half leases: without renewals the other worker's reaper would take the task.
            Thread.sleep(2500);
        });
        TaskWorker stopped = startWorker(shortLeases().withShutdownGrace(Duration.ofSeconds(10)), List.of(finishesWhileStopping), events);
        String id = queue.enqueue("process_order", "{}", TaskPriority.NORMAL);
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
        startWorker(shortLeases(), List.of(TaskHandler.of("process_order", runs::add)), events);

        CompletableFuture<Void> stop = CompletableFuture.runAsync(stopped::stop);
        await().atMost(Duration.ofSeconds(5)).until(() -> !stopped.isRunning());
        stopping.countDown();
        stop.get(15, TimeUnit.SECONDS);

        assertThat(events.succeeded).containsExactly(id + ":1");
        await().atMost(Duration.ofSeconds(5)).until(this::queueIsEmpty);
        assertThat(runs).extracting(Task::attempt).containsExactly(1);
        assertThat(events.handedBack.get()).isZero();
        assertThat(events.leasesLost).isEmpty();
        assertThat(events.reclaimed.get()).isZero();
    }

    /**
     * Makes Redis hold back every write command (scripts included) for {@code duration}; reads still
     * answer. Subclasses for other topologies pause every master.
     */
    protected void pauseWrites(Duration duration) throws Exception {
        String reply = redis.commands().dispatch(CommandType.CLIENT, new StatusOutput<>(StringCodec.UTF8),
                new CommandArgs<>(StringCodec.UTF8).add("PAUSE").add(duration.toMillis()).add("WRITE")).get(5, TimeUnit.SECONDS);
        assertThat(reply).isEqualTo("OK");
    }

    /** The deadline of a lease in Redis, in ms; the lease must be there. */
    private long leaseDeadline(String lease) throws Exception {
        String value = redis.commands().hget(new QueueKeys(queueName).leases(), lease).get(5, TimeUnit.SECONDS);
        assertThat(value).as("lease %s", lease).isNotNull();
        return Long.parseLong(value.substring(0, value.indexOf('|')));
    }

    /** What the workers told their listener, as {@code <task id>:<attempt>}. */
    static final class Events implements TaskListener {

        final List<String> succeeded = new CopyOnWriteArrayList<>();
        final List<String> failed = new CopyOnWriteArrayList<>();
        final List<Duration> failedAfter = new CopyOnWriteArrayList<>();
        final List<String> leasesLost = new CopyOnWriteArrayList<>();
        final AtomicInteger renewalsFailed = new AtomicInteger();
        final AtomicInteger handedBack = new AtomicInteger();
        final AtomicInteger reclaimed = new AtomicInteger();

        @Override
        public void succeeded(String queue, Task task, Duration ran) {
            succeeded.add(task.id() + ":" + task.attempt());
        }

        @Override
        public void failed(String queue, Task task, Duration ran, Throwable error, RetryDecision decision) {
            failed.add(task.id() + ":" + task.attempt() + " " + error.getClass().getSimpleName());
            failedAfter.add(ran);
        }

        @Override
        public void leaseLost(String queue, Task task, LeaseLoss cause, boolean started) {
            leasesLost.add(task.id() + ":" + task.attempt() + " " + cause);
        }

        @Override
        public void renewalFailed(String queue, int leases, Throwable error) {
            renewalsFailed.incrementAndGet();
        }

        @Override
        public void handedBack(String queue, Task task) {
            handedBack.incrementAndGet();
        }

        @Override
        public void reclaimed(String queue, long requeued, long deadLettered) {
            reclaimed.addAndGet((int) (requeued + deadLettered));
        }
    }
}
