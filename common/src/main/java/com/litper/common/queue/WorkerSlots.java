package com.litper.common.queue;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A worker's slots: the threads attempts run on, and the counts the fetcher leases by.
 *
 * <p>Slots are of two kinds. The <b>general</b> slots ({@code concurrency} minus the reserved
 * ones) run tasks of every priority, most urgent first. With {@code concurrency} ≥
 * {@value #RESERVE_FROM} and CRITICAL among several consumed priorities, one slot is
 * <b>reserved</b>: only a CRITICAL task may take it, so a CRITICAL task that arrives while a
 * backlog keeps every general slot busy starts at once instead of waiting for one to free.
 *
 * <p>The general slots may also hold a small <b>prefetch</b>: tasks leased beyond the free slots,
 * waiting in the slots' own queue (most urgent first), so that a slot that frees takes its next task
 * at once instead of waiting for a Redis round trip. Its size follows the work: as many tasks as the
 * slots finish during one claim round trip ({@link #prefetchTarget()}) — about none for tasks that
 * run for milliseconds, up to four times the general slot count for tasks much shorter than the round trip.
 * A prefetched task is leased and its lease is renewed like a running one's.
 *
 * <p>The count of attempts running, not the pools, is the limit: an attempt that timed out still
 * holds its slot until its handler returns.
 */
final class WorkerSlots {

    /** The smallest concurrency at which one slot is kept for CRITICAL tasks. */
    static final int RESERVE_FROM = 4;

    /**
     * Most prefetched tasks per general slot. Four: at concurrency 10, with tasks much shorter than a
     * round trip, claims of about twenty tasks (what a claim costs Redis is mostly per call, so
     * bigger claims cost it less per task: 5.8 µs of Redis CPU per task with two, 4.1–4.4 µs with
     * four, docs/capacity.md), with enough work in hand to keep the slots busy while the next claim
     * is on its way; and a bound on how much leased work one worker holds back from the others.
     */
    static final int PREFETCH_PER_SLOT = 4;

    private static final long NOT_MEASURED = -1;

    private final int concurrency;
    private final int reserved;
    private final int general;
    private final Runnable onRelease;
    private final AtomicInteger running = new AtomicInteger();
    // Attempts handed to each pool and not yet released: running or waiting to start (prefetched).
    private final AtomicInteger generalHeld = new AtomicInteger();
    private final AtomicInteger reservedHeld = new AtomicInteger();
    private final AtomicLong sequence = new AtomicLong();
    private final Set<Attempt> held = ConcurrentHashMap.newKeySet();
    // Smoothed handler run time and claim round trip, in nanoseconds (exponentially weighted, 1/8 per sample).
    private final AtomicLong runNanos = new AtomicLong(NOT_MEASURED);
    private final AtomicLong roundTripNanos = new AtomicLong(NOT_MEASURED);
    private ThreadPoolExecutor generalPool;
    private ThreadPoolExecutor reservedPool;

    /**
     * @param consumesCriticalAndMore whether CRITICAL is one of several consumed priorities (a slot
     *     is reserved for CRITICAL only then)
     * @param onRelease runs on the slot's thread each time an attempt lets its slot go
     */
    WorkerSlots(int concurrency, boolean consumesCriticalAndMore, Runnable onRelease) {
        this.concurrency = concurrency;
        this.reserved = consumesCriticalAndMore && concurrency >= RESERVE_FROM ? 1 : 0;
        this.general = concurrency - reserved;
        this.onRelease = onRelease;
    }

    void start(ThreadFactory threads) {
        // Attempts are Comparable (priority, then the order they were leased in): a CRITICAL task
        // leased after prefetched LOW ones still starts first.
        generalPool = new ThreadPoolExecutor(general, general, 0, TimeUnit.MILLISECONDS, new PriorityBlockingQueue<>(), threads);
        generalPool.prestartAllCoreThreads();
        if (reserved > 0) {
            // Launched onto only when a reserved slot is free by the count; its thread may still be on
            // its way back from the previous attempt, so the attempt waits for it in the queue.
            reservedPool = new ThreadPoolExecutor(reserved, reserved, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), threads);
            reservedPool.prestartAllCoreThreads();
        }
    }

    /** Slots kept for CRITICAL tasks (0 or 1). */
    int reserved() {
        return reserved;
    }

    /**
     * Tasks of any priority the general slots take now: their free slots plus the prefetch room.
     * Negative or zero when they have all they can hold.
     */
    int generalRoom() {
        return general + prefetchTarget() - generalHeld.get();
    }

    /**
     * Whether a claim is worth its round trip now: the general slots have room, and either none of
     * their tasks waits to start (a slot would idle) or at least half their capacity is free — so a
     * busy worker claims in batches rather than a task at a time, while its prefetched tasks keep
     * the slots busy during the round trip.
     */
    boolean worthClaiming() {
        int room = generalRoom();
        if (room <= 0) {
            return false;
        }
        return held.size() - running.get() <= 0 || room >= (general + prefetchTarget()) / 2;
    }

    /** Reserved slots free for a CRITICAL task. */
    int reservedRoom() {
        return reserved - reservedHeld.get();
    }

    /**
     * Takes a reserved slot for a CRITICAL claim about to be sent; false when none is free. Release
     * it with {@link #unreserve()} when the claim brings nothing, or launch onto it with
     * {@link #launchReserved}.
     */
    boolean reserve() {
        while (true) {
            int now = reservedHeld.get();
            if (now >= reserved) {
                return false;
            }
            if (reservedHeld.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    void unreserve() {
        reservedHeld.decrementAndGet();
    }

    /**
     * How many tasks the general slots hold beyond their count: what they finish during one claim
     * round trip (slots × round trip ÷ run time), at most {@value #PREFETCH_PER_SLOT} tasks per general slot; none until
     * both have been measured.
     */
    int prefetchTarget() {
        long run = runNanos.get();
        long trip = roundTripNanos.get();
        if (run == NOT_MEASURED || trip == NOT_MEASURED) {
            return 0;
        }
        long target = general * trip / Math.max(1, run);
        return (int) Math.min(PREFETCH_PER_SLOT * general, target);
    }

    /** An attempt's handler ran for {@code nanos}. */
    void attemptRan(long nanos) {
        smooth(runNanos, nanos);
    }

    /** A claim round trip took {@code nanos}. */
    void roundTripTook(long nanos) {
        smooth(roundTripNanos, nanos);
    }

    /** Runs a leased attempt on a general slot, or prefetched until one frees. */
    void launch(Attempt attempt) {
        generalHeld.incrementAndGet();
        execute(attempt, false, generalPool, generalHeld);
    }

    /** Runs a leased CRITICAL attempt on the reserved slot taken by {@link #reserve()}. */
    void launchReserved(Attempt attempt) {
        execute(attempt, true, reservedPool, reservedHeld);
    }

    private void execute(Attempt attempt, boolean onReserved, ThreadPoolExecutor pool, AtomicInteger count) {
        attempt.placed(sequence.incrementAndGet(), onReserved);
        held.add(attempt);
        try {
            pool.execute(attempt);
        } catch (RejectedExecutionException e) {
            // Stopped: the task stays leased without a renewal, and is reclaimed when its lease ends.
            held.remove(attempt);
            count.decrementAndGet();
            throw e;
        }
    }

    /** The attempt's handler starts. */
    void started() {
        running.incrementAndGet();
    }

    /**
     * The attempt's handler returned (or it never started): its slot is free again.
     *
     * @param ranNanos how long the handler ran, or a negative number when it never started
     */
    void release(Attempt attempt, long ranNanos) {
        held.remove(attempt);
        if (ranNanos >= 0) {
            running.decrementAndGet();
            attemptRan(ranNanos);
        }
        if (attempt.onReserved()) {
            reservedHeld.decrementAndGet();
        } else {
            generalHeld.decrementAndGet();
        }
        onRelease.run();
    }

    /** Attempts whose handlers are running now (or timed out and still unwinding). */
    int inFlight() {
        return running.get();
    }

    /** Attempts leased to this worker: running, or prefetched and waiting for a slot (a live view). */
    Collection<Attempt> held() {
        return held;
    }

    /** Interrupts what still runs; their attempts were handed back first. */
    void shutdownNow() {
        if (generalPool != null) {
            generalPool.shutdownNow();
        }
        if (reservedPool != null) {
            reservedPool.shutdownNow();
        }
    }

    private static void smooth(AtomicLong average, long sample) {
        long before;
        long after;
        do {
            before = average.get();
            after = before == NOT_MEASURED ? sample : before + (sample - before) / 8;
        } while (!average.compareAndSet(before, after));
    }
}
