package com.litper.common.task;

import com.litper.common.queue.Task;

/**
 * Runs the tasks of one contract with their payload already read and validated. Delivery is
 * at-least-once, so a handler must be safe to run twice for one task; each handler's Javadoc says
 * how it is. A payload that cannot be read or is invalid never reaches {@link #handle}: the task
 * goes to the dead letters at once, after {@link #rejected} was called.
 *
 * @param <T> the contract's payload record
 */
public interface ContractHandler<T extends TaskPayload> {

    /** The payload record this handler runs. */
    Class<T> contract();

    /** Runs one attempt; throwing fails the attempt (retried, deferred or dead-lettered by the exception's kind). */
    void handle(T payload, Task task) throws Exception;

    /**
     * Called when a task's payload is unreadable or invalid, just before it fails permanently;
     * e.g. to tell the owner of the order. Throwing from here makes the task retry instead.
     */
    default void rejected(Task task, PayloadCodec.InvalidPayloadException problem) {
    }
}
