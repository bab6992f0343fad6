package com.litper.common.queue;

import java.time.Duration;

/**
 * Hears what a worker does with tasks; metrics hang off it. Called on worker threads: keep it quick
 * and never throw.
 */
public interface TaskListener {

    TaskListener NONE = new TaskListener() {
    };

    /** A handler starts an attempt {@code waited} after the task was enqueued. */
    default void started(String queue, Task task, Duration waited) {
    }

    /** An attempt succeeded after {@code ran}. */
    default void succeeded(String queue, Task task, Duration ran) {
    }

    /** An attempt failed (threw or timed out) after {@code ran}; {@code decision} says what follows. */
    default void failed(String queue, Task task, Duration ran, Throwable error, RetryDecision decision) {
    }

    /** A stopping worker gave an unfinished task back to the queue. */
    default void handedBack(String queue, Task task) {
    }

    /** Why a worker stopped an attempt whose lease it no longer held. */
    enum LeaseLoss {
        /** Redis says the lease is no longer this worker's: gone (reclaimed, or ended elsewhere), another delivery's, or past its deadline. */
        TAKEN,
        /** Renewals did not reach Redis for so long that the lease was about to run out (Redis unreachable or slow, a paused process). */
        UNRENEWED
    }

    /**
     * An attempt was stopped because its lease was lost: the handler, if it had {@code started},
     * was interrupted, and the attempt is never reported; the task runs again once its lease is
     * reclaimed.
     */
    default void leaseLost(String queue, Task task, LeaseLoss cause, boolean started) {
    }

    /** A heartbeat could not renew the worker's {@code leases} leases in {@code queue} (Redis failed or did not answer in time). */
    default void renewalFailed(String queue, int leases, Throwable error) {
    }

    /** Expired leases were found: {@code requeued} tasks went back to their ready lists, {@code deadLettered} to the dead letters. */
    default void reclaimed(String queue, long requeued, long deadLettered) {
    }
}
