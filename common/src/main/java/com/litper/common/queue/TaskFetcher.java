package com.litper.common.queue;

import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leases tasks for a worker's slots and completes its finished ones, in one round trip per named
 * queue ({@code claimNext}). It leases for the free slots plus the slots' prefetch room
 * ({@link WorkerSlots#prefetchTarget()}: what the slots finish during one round trip, about none for
 * tasks that run for milliseconds), never tasks other than CRITICAL for the slot reserved for
 * CRITICAL ones. Prefetched tasks wait most urgent first, so a CRITICAL task is the next one a
 * general slot takes; the reserved slot takes it at once when a general slot is not free.
 *
 * <p>While its reserved slot is free, the worker waits for CRITICAL tasks in each consumed queue's
 * waiters set; an enqueue leases a CRITICAL task straight to the longest-waiting worker and
 * publishes it on that worker's own channel (enqueue-8.lua), so the task starts one hop after its
 * enqueue, without a claim round trip. A pushed task is leased like a claimed one: if it never
 * arrives, its lease runs out and it is reclaimed.
 *
 * <p>Two kinds of thread fetch: a slot that just freed fetches for itself (that saves waking
 * another thread, most of a CRITICAL task's wait behind a busy backlog), and the fetcher thread
 * fetches when the queue was idle, when a wake-up arrives on the queue's channel, when the earliest
 * delayed task falls due, and — with backoff — while Redis is failing.
 */
final class TaskFetcher {

    /** Hands a leased task to a slot. */
    @FunctionalInterface
    interface Launcher {
        /**
         * @param leasedAtMillis the time the claim counted the lease's deadline from
         * @param onReserved whether the reserved slot was taken for it already (a pushed task); if
         *     not, a CRITICAL task still takes the reserved slot when it is free
         */
        void launch(String queue, String encodedTask, long leasedAtMillis, boolean onReserved);
    }

    private static final Logger log = LoggerFactory.getLogger(TaskWorker.class);

    /**
     * How stale a busy worker lets its view of the delayed set get: slot-side fetches look at it
     * only when a delayed task is known to be due or this long after the last look, which saves a
     * Redis call on most round trips of a busy worker; a due task then waits at most this much more.
     * The fetcher thread always looks.
     */
    static final long DELAYED_LOOK_MILLIS = 10;

    private final String name;
    private final TaskStore store;
    private final Clock clock;
    private final List<String> queues;
    private final String priorityCodes;
    private final long[] leaseMillis;
    private final Duration pollInterval;
    private final WorkerSlots slots;
    private final Completions completions;
    private final Launcher launcher;
    private final Semaphore wake = new Semaphore(0);
    private final ReentrantLock fetchLock = new ReentrantLock();
    private final AtomicBoolean fetchRequested = new AtomicBoolean();
    private final boolean waitsForCritical;
    // Per consumed queue: this worker's channel for pushed CRITICAL tasks, and its entry in the waiters set.
    private final Map<String, String> queueByPushChannel = new HashMap<>();
    private final Map<String, String> waiterByQueue = new HashMap<>();
    // Whether the reserved slot is held for a pushed task (the worker is in the waiters sets), and since when.
    private final AtomicBoolean waiting = new AtomicBoolean();
    private volatile long waitingSinceMillis;

    private volatile boolean fetching;
    private volatile boolean healthy = true;
    private volatile long nextDueMillis = TaskStore.Claimed.NONE_DUE;
    // Per consumed queue, guarded by fetchLock: the earliest due time seen, and when it was seen.
    private final long[] dueByQueue;
    private final long[] lookedAtByQueue;
    private int rotation;
    private Thread thread;
    private volatile StatefulRedisPubSubConnection<String, String> wakeSubscription;

    /**
     * @param priorityCodes the priorities consumed, as their codes in strict order (e.g. {@code "0123"})
     * @param leaseMillis lease length per priority code ({@link WorkerSettings#lease(TaskPriority)})
     */
    TaskFetcher(String name, TaskStore store, Clock clock, List<String> queues, String priorityCodes, long[] leaseMillis,
            Duration pollInterval, WorkerSlots slots, Completions completions, Launcher launcher) {
        this.name = name;
        this.store = store;
        this.clock = clock;
        this.queues = queues;
        this.priorityCodes = priorityCodes;
        this.leaseMillis = leaseMillis.clone();
        this.pollInterval = pollInterval;
        this.slots = slots;
        this.completions = completions;
        this.launcher = launcher;
        this.waitsForCritical = slots.reserved() > 0 && priorityCodes.startsWith("0");
        String worker = name + "-" + UUID.randomUUID();
        for (String q : queues) {
            String channel = store.keys(q).wakeChannel() + ":critical:" + worker;
            queueByPushChannel.put(channel, q);
            waiterByQueue.put(q, channel + "|" + leaseMillis[0]);
        }
        this.dueByQueue = new long[queues.size()];
        this.lookedAtByQueue = new long[queues.size()];
        Arrays.fill(dueByQueue, TaskStore.Claimed.NONE_DUE);
        Arrays.fill(lookedAtByQueue, Long.MIN_VALUE / 2);
    }

    void start(ThreadFactory threads) {
        fetching = true;
        thread = threads.newThread(this::loop);
        thread.start();
    }

    boolean isFetching() {
        return fetching;
    }

    /**
     * Stops leasing: once this returns, nothing leases any more (a slot that was fetching has let
     * go). Completions still go out with {@link #flushCompletions()}.
     */
    void stop() {
        fetching = false;
        wake.release();
        try {
            thread.join(store.redis().commandTimeout().toMillis() + 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        fetchLock.lock();
        fetchLock.unlock();
        stopWaitingForCritical();
        StatefulRedisPubSubConnection<String, String> subscription = wakeSubscription;
        if (subscription != null) {
            subscription.close();
        }
    }

    /** Sends the pending completions of every queue now, leasing nothing. */
    void flushCompletions() {
        for (String q : queues) {
            List<String> leases = completions.drain(q);
            if (leases.isEmpty()) {
                continue;
            }
            try {
                store.claimNext(q, priorityCodes, 0, 0, leaseMillis, false, leases, clock.millis());
            } catch (RuntimeException e) {
                log.warn("{} could not complete {} task(s) in {}; they will run again when their leases end: {}",
                        name, leases.size(), q, e.getMessage());
            }
        }
    }

    /** Called on a slot's thread when it frees: fetch for it right here. When Redis is failing, the fetcher thread alone retries, with backoff. */
    void slotFreed() {
        if (!fetching) {
            return;
        }
        waitForCritical();
        if (!healthy) {
            wake.release();
            return;
        }
        if (!slots.worthClaiming()) {
            // Its tasks keep the slots busy; the claim goes out with a bigger batch a little later.
            return;
        }
        try {
            Fetched fetched = requestFetch(true);
            if (fetched != null && !fetched.leasedAny() && slots.generalRoom() > 0) {
                // The queue looked empty: let the fetcher thread wait for new work or the next due time.
                wake.release();
            }
        } catch (RuntimeException e) {
            healthy = false;
            wake.release();
        }
    }

    private void loop() {
        long backoffMillis = 0;
        while (fetching) {
            wake.drainPermits();
            Fetched fetched;
            try {
                subscribeToWakeUps();
                fetched = requestFetch(false);
            } catch (RuntimeException e) {
                healthy = false;
                backoffMillis = backoffMillis == 0 ? 100 : Math.min(backoffMillis * 2, 2000);
                if (backoffMillis == 100) {
                    log.warn("{} cannot fetch tasks, retrying: {}", name, e.getMessage());
                }
                sleep(backoffMillis);
                continue;
            }
            if (backoffMillis > 0) {
                log.info("{} reaches Redis again", name);
                backoffMillis = 0;
            }
            healthy = true;
            waitForCritical();
            if (fetched != null && fetched.leasedAny() && slots.generalRoom() > 0) {
                continue;
            }
            long waitMillis = pollInterval.toMillis();
            long due = nextDueMillis;
            if (due != TaskStore.Claimed.NONE_DUE) {
                waitMillis = Math.max(1, Math.min(waitMillis, due - clock.millis()));
            }
            try {
                wake.tryAcquire(waitMillis, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** What one fetch brought: whether anything was leased. */
    private record Fetched(boolean leasedAny) {
    }

    /**
     * Asks for a fetch and performs it unless another thread is fetching right now, in which case
     * that thread fetches once more before it lets go (so no request is lost, and the fetcher is not
     * woken for every finished task). Returns what the last fetch done here brought, or null.
     *
     * @param fromSlot true on a slot's thread, which may skip looking at the delayed set
     */
    private Fetched requestFetch(boolean fromSlot) {
        fetchRequested.set(true);
        Fetched last = null;
        while (fetching && fetchRequested.get() && fetchLock.tryLock()) {
            try {
                if (!fetchRequested.getAndSet(false)) {
                    continue;
                }
                last = fetchOnce(fromSlot);
                if (last.leasedAny() && slots.worthClaiming()) {
                    // Slots are still free and the queue was not empty: look again.
                    fetchRequested.set(true);
                }
            } finally {
                fetchLock.unlock();
            }
        }
        return last;
    }

    /** One round trip per consumed queue. Called with {@link #fetchLock} held. */
    private Fetched fetchOnce(boolean fromSlot) {
        boolean leasedAny = false;
        for (int i = 0; i < queues.size() && fetching; i++) {
            int qi = (rotation + i) % queues.size();
            String q = queues.get(qi);
            int room = Math.max(0, slots.generalRoom());
            int max = room + Math.max(0, slots.reservedRoom());
            List<String> done = completions.drain(q);
            if (max == 0 && done.isEmpty()) {
                continue;
            }
            long now = clock.millis();
            long sinceLook = now - lookedAtByQueue[qi];
            // A clock set back (sinceLook < 0) must not stop the looks until it has caught up.
            boolean look = !fromSlot || now >= dueByQueue[qi] || sinceLook >= DELAYED_LOOK_MILLIS || sinceLook < 0;
            TaskStore.Claimed claimed;
            long sent = System.nanoTime();
            try {
                claimed = store.claimNext(q, priorityCodes, max, room, leaseMillis, look, done, now);
                slots.roundTripTook(System.nanoTime() - sent);
            } catch (RuntimeException e) {
                completions.restore(q, done);
                throw e;
            }
            if (look) {
                dueByQueue[qi] = claimed.nextDueMillis();
                lookedAtByQueue[qi] = now;
            }
            for (String task : claimed.tasks()) {
                launcher.launch(q, task, now, false);
            }
            leasedAny |= !claimed.tasks().isEmpty();
        }
        rotation++;
        long nextDue = TaskStore.Claimed.NONE_DUE;
        for (long due : dueByQueue) {
            nextDue = Math.min(nextDue, due);
        }
        nextDueMillis = nextDue;
        return new Fetched(leasedAny);
    }

    /**
     * Holds the reserved slot for a pushed CRITICAL task and says so in every consumed queue's
     * waiters set, unless the slot is busy or already held; when already waiting, renews the wait
     * every {@link TaskStore#WAITER_RENEWAL_MILLIS}.
     */
    void waitForCritical() {
        if (!waitsForCritical || !fetching || wakeSubscription == null) {
            return;
        }
        long now = clock.millis();
        if (waiting.get()) {
            if (now - waitingSinceMillis < TaskStore.WAITER_RENEWAL_MILLIS) {
                return;
            }
        } else if (!slots.reserve()) {
            return;
        } else if (!waiting.compareAndSet(false, true)) {
            slots.unreserve();
            return;
        }
        waitingSinceMillis = now;
        for (Map.Entry<String, String> waiter : waiterByQueue.entrySet()) {
            store.waitForCritical(waiter.getKey(), waiter.getValue(), now).whenComplete((added, error) -> {
                if (error != null) {
                    // The next renewal tries again; meanwhile CRITICAL tasks take the usual way.
                    log.debug("{} could not wait for CRITICAL tasks in {}: {}", name, waiter.getKey(), error.getMessage());
                }
            });
        }
    }

    /** A CRITICAL task pushed on {@code queue}: "<lease deadline>|<encoded task>". */
    private void pushed(String queue, String message) {
        int bar = message.indexOf('|');
        long deadline;
        try {
            deadline = Long.parseLong(message.substring(0, Math.max(bar, 0)));
        } catch (NumberFormatException e) {
            log.warn("{} ignores a malformed CRITICAL push on {}", name, queue);
            return;
        }
        boolean onReserved = waiting.compareAndSet(true, false);
        if (onReserved) {
            // Pushed once: the waits in the other queues end too (a second push would take a general slot).
            for (Map.Entry<String, String> waiter : waiterByQueue.entrySet()) {
                if (!waiter.getKey().equals(queue)) {
                    store.stopWaitingForCritical(waiter.getKey(), waiter.getValue());
                }
            }
        }
        try {
            launcher.launch(queue, message.substring(bar + 1), deadline - leaseMillis[0], onReserved);
        } catch (RuntimeException e) {
            // Stopped meanwhile: the task stays leased and is reclaimed when its lease runs out.
            log.debug("{} could not start a pushed CRITICAL task: {}", name, e.getMessage());
        }
    }

    /** Leaves the waiters sets (a stopping worker): no task is pushed to it any more. */
    private void stopWaitingForCritical() {
        if (!waiting.get()) {
            return;
        }
        for (Map.Entry<String, String> waiter : waiterByQueue.entrySet()) {
            try {
                TaskStore.await(store.stopWaitingForCritical(waiter.getKey(), waiter.getValue()), store.redis().commandTimeout());
            } catch (RuntimeException e) {
                log.debug("{} could not leave the CRITICAL waiters of {}; its wait expires: {}", name, waiter.getKey(), e.getMessage());
            }
        }
        // A push published just before the removal is on its way: let it land, so the stop hands it back.
        sleep(20);
        if (waiting.compareAndSet(true, false)) {
            slots.unreserve();
        }
    }

    private void subscribeToWakeUps() {
        if (wakeSubscription != null) {
            return;
        }
        List<String> channels = new ArrayList<>();
        for (String q : queues) {
            channels.add(store.keys(q).wakeChannel());
        }
        if (waitsForCritical) {
            channels.addAll(queueByPushChannel.keySet());
        }
        StatefulRedisPubSubConnection<String, String> subscription = store.redis().connectPubSub();
        subscription.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                String pushedFrom = queueByPushChannel.get(channel);
                if (pushedFrom != null) {
                    pushed(pushedFrom, message);
                    return;
                }
                // With no general room the next slot to free fetches anyway; waking the fetcher would only cost a context switch.
                if (slots.generalRoom() > 0) {
                    wake.release();
                }
            }
        });
        // Lettuce subscribes again by itself after a reconnect or a Sentinel failover.
        subscription.sync().subscribe(channels.toArray(String[]::new));
        wakeSubscription = subscription;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
