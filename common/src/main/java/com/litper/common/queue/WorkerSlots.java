package com.litper.common.queue;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A worker's slots: the threads attempts run on, and the count of attempts in flight. The count,
 * not the pool, is the limit: an attempt that timed out still holds its slot until its handler
 * returns, and the fetcher leases only for slots that are free by this count.
 */
final class WorkerSlots {

    private final int concurrency;
    private final Runnable onRelease;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Set<Attempt> running = ConcurrentHashMap.newKeySet();
    private ThreadPoolExecutor pool;

    /** {@code onRelease} runs on the slot's thread each time an attempt lets its slot go. */
    WorkerSlots(int concurrency, Runnable onRelease) {
        this.concurrency = concurrency;
        this.onRelease = onRelease;
    }

    void start(ThreadFactory threads) {
        pool = new ThreadPoolExecutor(concurrency, concurrency, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), threads);
    }

    /** Runs a leased attempt on a slot; called for free slots only. */
    void launch(Attempt attempt) {
        inFlight.incrementAndGet();
        running.add(attempt);
        pool.execute(attempt);
    }

    /** The attempt's handler returned (or it never started): its slot is free again. */
    void release(Attempt attempt) {
        running.remove(attempt);
        inFlight.decrementAndGet();
        onRelease.run();
    }

    int inFlight() {
        return inFlight.get();
    }

    int free() {
        return concurrency - inFlight.get();
    }

    /** Attempts holding a slot right now (a live view). */
    Collection<Attempt> running() {
        return running;
    }

    /** Interrupts what still runs; their attempts were handed back first. */
    void shutdownNow() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
