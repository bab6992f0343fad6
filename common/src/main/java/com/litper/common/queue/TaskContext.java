package com.litper.common.queue;

import org.slf4j.MDC;

/**
 * The SLF4J MDC of a task while its worker works on it: the enqueuer's request id and the task id,
 * so every log line of the task names the request that caused it. Closing puts back whatever the
 * thread had before.
 */
final class TaskContext implements AutoCloseable {

    private final String previousRequestId;
    private final String previousTaskId;

    private TaskContext(Task task) {
        previousRequestId = MDC.get(TaskQueue.REQUEST_ID_MDC_KEY);
        previousTaskId = MDC.get(TaskWorker.TASK_ID_MDC_KEY);
        if (!task.requestId().isEmpty()) {
            MDC.put(TaskQueue.REQUEST_ID_MDC_KEY, task.requestId());
        }
        MDC.put(TaskWorker.TASK_ID_MDC_KEY, task.id());
    }

    /** Puts the task's ids in the MDC until {@link #close()}. */
    static TaskContext enter(Task task) {
        return new TaskContext(task);
    }

    /** Runs {@code action} with the task's ids in the MDC. */
    static void run(Task task, Runnable action) {
        try (TaskContext ignored = enter(task)) {
            action.run();
        }
    }

    @Override
    public void close() {
        restore(TaskQueue.REQUEST_ID_MDC_KEY, previousRequestId);
        restore(TaskWorker.TASK_ID_MDC_KEY, previousTaskId);
    }

    private static void restore(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }
}
