package com.litper.common.queue;

import java.time.Duration;

/** The error recorded for an attempt that ran past its priority's timeout. */
public final class TaskTimeoutException extends Exception {

    TaskTimeoutException(Task task, Duration timeout) {
        super("Task " + task.id() + " (" + task.type() + ", " + task.priority() + ") ran past its timeout of " + timeout);
    }
}
