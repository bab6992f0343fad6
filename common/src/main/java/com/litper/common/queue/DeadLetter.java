package com.litper.common.queue;

import java.time.Instant;

/**
 * A task that used all its attempts.
 *
 * @param task the task as of its last attempt
 * @param diedAt when the last attempt failed
 * @param lastError what the last attempt failed with
 */
public record DeadLetter(Task task, Instant diedAt, String lastError) {
}
