package com.litper.common.queue.autoconfigure;

import com.litper.common.queue.TaskWorker;
import java.util.function.Supplier;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the worker with the application context and stops it gracefully when the context closes
 * (SIGTERM): fetching stops, running tasks get the shutdown grace, unfinished ones are handed back.
 *
 * <p>A {@link TaskWorker} runs once; a context that is stopped and started again (Spring's
 * {@code stop()}/{@code start()}, or a test context paused and resumed between test classes) gets
 * a new worker from the factory, with the same handlers and settings.
 */
public class TaskWorkerLifecycle implements SmartLifecycle {

    private final Supplier<TaskWorker> workers;
    private TaskWorker worker;
    private boolean used;
    private volatile boolean running;

    public TaskWorkerLifecycle(Supplier<TaskWorker> workers) {
        this.workers = workers;
        this.worker = workers.get();
    }

    /** The current worker: the one running, or the one the next start runs. */
    public synchronized TaskWorker worker() {
        return worker;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        if (used) {
            worker = workers.get();
        }
        used = true;
        worker.start();
        running = true;
    }

    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
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
