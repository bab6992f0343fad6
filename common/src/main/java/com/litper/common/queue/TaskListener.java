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

    /** Expired leases were found: {@code requeued} tasks went back to their ready lists, {@code deadLettered} to the dead letters. */
    default void reclaimed(String queue, long requeued, long deadLettered) {
    }
}
