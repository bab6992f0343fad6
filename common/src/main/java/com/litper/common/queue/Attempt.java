package com.litper.common.queue;

import java.time.Clock;
import java.time.Duration;

/**
 * One attempt of one leased task, from the moment a slot takes it to its outcome. Four things can
 * end it — the handler returning, the watchdog's timeout, a stopping worker's hand-back, the loss
 * of its lease — and the lock lets exactly one of them decide; the others do nothing. A lost lease
 * is not this worker's to end any more: the attempt is stopped and nothing is reported to Redis.
 */
final class Attempt implements Runnable, Comparable<Attempt> {

    private enum State { NEW, RUNNING, DONE, TIMED_OUT, HANDED_BACK, LEASE_LOST }

    private final String queue;
    private final Lease lease;
    private final Task task;
    private final TaskHandler handler;
    private final long timeoutMillis;
    private final Clock clock;
    private final AttemptOutcomes outcomes;
    private final WorkerSlots slots;
    private final TaskTracing tracing;
    private State state = State.NEW;
    private Thread thread;
    private long startNanos;
    private long deadlineMillis;
    // Set once by WorkerSlots before the attempt is handed to a pool.
    private long sequence;
    private boolean onReserved;

    /**
     * @param lease this delivery's lease
     * @param handler the task type's handler, or null when this worker has none (the attempt fails)
     * @param timeoutMillis the priority's attempt timeout
     * @param clock the clock the timeout is measured on
     * @param tracing opens the attempt's span, the child of the enqueuer's
     */
    Attempt(String queue, Lease lease, Task task, TaskHandler handler, long timeoutMillis, Clock clock,
            AttemptOutcomes outcomes, WorkerSlots slots, TaskTracing tracing) {
        this.queue = queue;
        this.lease = lease;
        this.task = task;
        this.handler = handler;
        this.timeoutMillis = timeoutMillis;
        this.clock = clock;
        this.outcomes = outcomes;
        this.slots = slots;
        this.tracing = tracing;
    }

    String queue() {
        return queue;
    }

    /** Called by the slots before the attempt goes to a pool: its place in line, and whether it has the reserved slot. */
    void placed(long sequence, boolean onReserved) {
        this.sequence = sequence;
        this.onReserved = onReserved;
    }

    boolean onReserved() {
        return onReserved;
    }

    /** Most urgent priority first, then in the order leased: how prefetched attempts wait for a slot. */
    @Override
    public int compareTo(Attempt other) {
        int byPriority = Integer.compare(task.priority().code(), other.task.priority().code());
        return byPriority != 0 ? byPriority : Long.compare(sequence, other.sequence);
    }

    /** The name of this delivery's lease, by which the store ends it. */
    String lease() {
        return lease.name();
    }

    Lease heldLease() {
        return lease;
    }

    /** Whether the worker still holds the lease for this attempt, so keeps renewing it: the attempt has not ended. */
    synchronized boolean holdsLease() {
        return state == State.NEW || state == State.RUNNING;
    }

    Task task() {
        return task;
    }

    @Override
    public void run() {
        long startMillis;
        synchronized (this) {
            if (state != State.NEW) {
                slots.release(this, -1);
                return;
            }
            state = State.RUNNING;
            thread = Thread.currentThread();
            startNanos = System.nanoTime();
            startMillis = clock.millis();
            deadlineMillis = startMillis + timeoutMillis;
        }
        slots.started();
        outcomes.started(this, startMillis);
        Throwable failure = null;
        try (TaskContext ignored = TaskContext.enter(task); TaskTracing.TaskSpan span = tracing.start(task, queue)) {
            try {
                if (handler == null) {
                    throw new IllegalStateException("No handler for task type " + task.type() + " on " + outcomes.workerName());
                }
                handler.handle(task);
            } catch (Throwable e) {
                span.failed(e);
                throw e;
            }
        } catch (Throwable e) {
            failure = e;
        }
        boolean mine;
        synchronized (this) {
            mine = state == State.RUNNING;
            if (mine) {
                state = State.DONE;
            }
            thread = null;
        }
        // A timeout or hand-back may have interrupted the handler just as it ended: never pass that on.
        Thread.interrupted();
        long ranNanos = System.nanoTime() - startNanos;
        if (mine) {
            Duration ran = Duration.ofNanos(ranNanos);
            if (failure == null) {
                outcomes.succeeded(this, ran);
            } else {
                outcomes.failed(this, failure, ran);
            }
        }
        slots.release(this, ranNanos);
    }

    /**
     * Fails the attempt if it has run past its timeout at {@code nowMillis} on the worker's clock;
     * the handler is interrupted, and its slot stays busy until it returns.
     */
    void timeOutIfOverdue(long nowMillis) {
        synchronized (this) {
            if (state != State.RUNNING || nowMillis < deadlineMillis) {
                return;
            }
            state = State.TIMED_OUT;
            thread.interrupt();
        }
        outcomes.failed(this, new TaskTimeoutException(task, Duration.ofMillis(timeoutMillis)),
                Duration.ofNanos(System.nanoTime() - startNanos));
    }

    /**
     * Stops the attempt when it is about to outlive its lease at {@code nowMillis} on the worker's
     * clock: renewals have not reached Redis for too long (see {@link Lease}).
     */
    void letGoIfLeaseEnding(long nowMillis) {
        if (nowMillis >= lease.letGoAtMillis()) {
            loseLease(TaskListener.LeaseLoss.UNRENEWED);
        }
    }

    /**
     * The worker no longer holds the lease: the handler is interrupted (its slot stays busy until it
     * returns) and the attempt's end is never reported — completing, retrying or handing back a
     * lease that may be someone else's now. The reaper reclaims the task when the lease runs out.
     */
    void loseLease(TaskListener.LeaseLoss cause) {
        boolean started;
        synchronized (this) {
            if (state == State.RUNNING) {
                thread.interrupt();
            } else if (state != State.NEW) {
                return;
            }
            started = state == State.RUNNING;
            state = State.LEASE_LOST;
        }
        outcomes.leaseLost(this, cause, started);
    }

    /** A stopping worker gives back a prefetched task that has not started; true when it did. */
    boolean handBackUnstarted() {
        synchronized (this) {
            if (state != State.NEW) {
                return false;
            }
            state = State.HANDED_BACK;
        }
        outcomes.handedBack(this);
        return true;
    }

    /** A stopping worker gives the task back unless the attempt already ended; true when it did. */
    boolean handBack() {
        synchronized (this) {
            if (state == State.RUNNING) {
                thread.interrupt();
            } else if (state != State.NEW) {
                return false;
            }
            state = State.HANDED_BACK;
        }
        outcomes.handedBack(this);
        return true;
    }
}
