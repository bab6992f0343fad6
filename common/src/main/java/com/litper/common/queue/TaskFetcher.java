package com.litper.common.queue;

import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leases tasks for a worker's free slots and completes its finished ones, in one round trip per
 * named queue ({@code claimNext}). Exactly as many tasks as there are free slots are leased — never
 * more, so a CRITICAL task enqueued now is the next one a slot takes, not one behind prefetched LOW
 * tasks.
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
        /** @param leasedAtMillis the time the claim counted the lease's deadline from */
        void launch(String queue, String encodedTask, long leasedAtMillis);
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
    private final int concurrency;
    private final WorkerSlots slots;
    private final Completions completions;
    private final Launcher launcher;
    private final Semaphore wake = new Semaphore(0);
    private final ReentrantLock fetchLock = new ReentrantLock();
    private final AtomicBoolean fetchRequested = new AtomicBoolean();

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
            Duration pollInterval, int concurrency, WorkerSlots slots, Completions completions, Launcher launcher) {
        this.name = name;
        this.store = store;
        this.clock = clock;
        this.queues = queues;
        this.priorityCodes = priorityCodes;
        this.leaseMillis = leaseMillis.clone();
        this.pollInterval = pollInterval;
        this.concurrency = concurrency;
        this.slots = slots;
        this.completions = completions;
        this.launcher = launcher;
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
                store.claimNext(q, priorityCodes, 0, leaseMillis, false, leases, clock.millis());
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
        if (!healthy) {
            wake.release();
            return;
        }
        try {
            Fetched fetched = requestFetch(true);
            if (fetched != null && !fetched.leasedAny() && slots.inFlight() < concurrency) {
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
            if (fetched != null && fetched.leasedAny() && slots.inFlight() < concurrency) {
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
                if (last.leasedAny() && slots.inFlight() < concurrency) {
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
            int free = slots.free();
            List<String> done = completions.drain(q);
            if (free <= 0 && done.isEmpty()) {
                continue;
            }
            long now = clock.millis();
            long sinceLook = now - lookedAtByQueue[qi];
            // A clock set back (sinceLook < 0) must not stop the looks until it has caught up.
            boolean look = !fromSlot || now >= dueByQueue[qi] || sinceLook >= DELAYED_LOOK_MILLIS || sinceLook < 0;
            TaskStore.Claimed claimed;
            try {
                claimed = store.claimNext(q, priorityCodes, Math.max(free, 0), leaseMillis, look, done, now);
            } catch (RuntimeException e) {
                completions.restore(q, done);
                throw e;
            }
            if (look) {
                dueByQueue[qi] = claimed.nextDueMillis();
                lookedAtByQueue[qi] = now;
            }
            for (String task : claimed.tasks()) {
                launcher.launch(q, task, now);
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

    private void subscribeToWakeUps() {
        if (wakeSubscription != null) {
            return;
        }
        StatefulRedisPubSubConnection<String, String> subscription = store.redis().connectPubSub();
        subscription.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                // With every slot busy the next slot to free fetches anyway; waking the fetcher would only cost a context switch.
                if (slots.inFlight() < concurrency) {
                    wake.release();
                }
            }
        });
        // Lettuce subscribes again by itself after a reconnect or a Sentinel failover.
        subscription.sync().subscribe(queues.stream().map(q -> store.keys(q).wakeChannel()).toArray(String[]::new));
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
