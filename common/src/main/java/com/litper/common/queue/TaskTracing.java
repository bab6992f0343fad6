package com.litper.common.queue;

/**
 * How the queue takes part in distributed tracing: the enqueuer's trace context goes into the task
 * (W3C {@code traceparent}, see {@link Task#traceparent()}), and the worker runs the task in a span
 * that is its child. {@link #NONE} leaves tracing out; Spring services get the Micrometer Tracing one
 * ({@code com.litper.common.queue.autoconfigure.MicrometerTaskTracing}).
 */
public interface TaskTracing {

    /** No tracing: tasks carry no trace context and run in no span. */
    TaskTracing NONE = new TaskTracing() {
        @Override
        public String currentTraceparent() {
            return null;
        }

        @Override
        public TaskSpan start(Task task, String queue) {
            return TaskSpan.NONE;
        }
    };

    /** The W3C {@code traceparent} of the calling thread's current span, or null when there is none. */
    String currentTraceparent();

    /**
     * Opens the span of one attempt of {@code task} on the calling thread: the child of its
     * {@code traceparent}, or the root of a new trace when it has none. The worker closes it when the
     * attempt ends.
     */
    TaskSpan start(Task task, String queue);

    /** The span of one attempt, current on its thread until closed. */
    interface TaskSpan extends AutoCloseable {

        TaskSpan NONE = new TaskSpan() {
            @Override
            public void failed(Throwable failure) {
            }

            @Override
            public void close() {
            }
        };

        /** Records that the attempt failed. */
        void failed(Throwable failure);

        /** Ends the span and takes it off the thread. */
        @Override
        void close();
    }
}
