package com.litper.common.queue.spring;

import com.litper.common.queue.TaskWorker;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the worker with the application context and stops it gracefully when the context closes
 * (SIGTERM): fetching stops, running tasks get the shutdown grace, unfinished ones are handed back.
 */
public class TaskWorkerLifecycle implements SmartLifecycle {

    private final TaskWorker worker;
    private volatile boolean running;

    public TaskWorkerLifecycle(TaskWorker worker) {
        this.worker = worker;
    }

    public TaskWorker worker() {
        return worker;
    }

    @Override
    public void start() {
        worker.start();
        running = true;
    }

    @Override
    public void stop() {
        worker.stop();
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops among the first beans, so tasks are handed back while Redis connections are still open. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE;
    }
}
