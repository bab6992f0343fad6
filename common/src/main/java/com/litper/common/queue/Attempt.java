package com.litper.common.queue;

import java.time.Clock;
import java.time.Duration;

/**
 * One attempt of one leased task, from the moment a slot takes it to its outcome. Three things can
 * end it — the handler returning, the watchdog's timeout, a stopping worker's hand-back — and the
 * lock lets exactly one of them end the lease; the others do nothing.
 */
final class Attempt implements Runnable {

    private enum State { NEW, RUNNING, DONE, TIMED_OUT, HANDED_BACK }

    private final String queue;
    private final String lease;
    private final Task task;
    private final TaskHandler handler;
    private final long timeoutMillis;
    private final Clock clock;
    private final AttemptOutcomes outcomes;
    private final WorkerSlots slots;
    private State state = State.NEW;
    private Thread thread;
    private long startNanos;
    private long deadlineMillis;

    /**
     * @param lease how the store names this delivery's lease
     * @param handler the task type's handler, or null when this worker has none (the attempt fails)
     * @param timeoutMillis the priority's attempt timeout
     * @param clock the clock the timeout is measured on
     */
    Attempt(String queue, String lease, Task task, TaskHandler handler, long timeoutMillis, Clock clock,
            AttemptOutcomes outcomes, WorkerSlots slots) {
        this.queue = queue;
        this.lease = lease;
        this.task = task;
        this.handler = handler;
        this.timeoutMillis = timeoutMillis;
        this.clock = clock;
        this.outcomes = outcomes;
        this.slots = slots;
    }

    String queue() {
        return queue;
    }

    String lease() {
        return lease;
    }

    Task task() {
        return task;
    }

    @Override
    public void run() {
        long startMillis;
        synchronized (this) {
            if (state != State.NEW) {
                slots.release(this);
                return;
            }
            state = State.RUNNING;
            thread = Thread.currentThread();
            startNanos = System.nanoTime();
            startMillis = clock.millis();
            deadlineMillis = startMillis + timeoutMillis;
        }
        outcomes.started(this, startMillis);
        Throwable failure = null;
        try (TaskContext ignored = TaskContext.enter(task)) {
            if (handler == null) {
                throw new IllegalStateException("No handler for task type " + task.type() + " on " + outcomes.workerName());
            }
            handler.handle(task);
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
        if (mine) {
            Duration ran = Duration.ofNanos(System.nanoTime() - startNanos);
            if (failure == null) {
                outcomes.succeeded(this, ran);
            } else {
                outcomes.failed(this, failure, ran);
            }
        }
        slots.release(this);
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
