package com.litper.common.queue;

/**
 * Does the work of one task type. A handler must be safe to run again for the same task: delivery
 * is at-least-once. It should stop when interrupted, which is how a timeout or a shutdown reaches it.
 */
public interface TaskHandler {

    /** The task type this handler runs, e.g. {@code alert}. */
    String taskType();

    /** Runs one attempt; throwing fails the attempt (it is then retried or dead-lettered). */
    void handle(Task task) throws Exception;

    /** A handler from a lambda, for small handlers and tests. */
    static TaskHandler of(String taskType, Body body) {
        return new TaskHandler() {
            @Override
            public String taskType() {
                return taskType;
            }

            @Override
            public void handle(Task task) throws Exception {
                body.handle(task);
            }

            @Override
            public String toString() {
                return "TaskHandler[" + taskType + "]";
            }
        };
    }

    /** The body of a handler built with {@link #of}. */
    @FunctionalInterface
    interface Body {
        void handle(Task task) throws Exception;
    }
}
