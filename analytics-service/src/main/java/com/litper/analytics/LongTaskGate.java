package com.litper.analytics;

import com.litper.common.queue.DeferTask;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Bounds how many long tasks (report builds, settlement imports) run at once on one replica. The
 * {@code analytics} queue's worker runs many threads so the feed's records can share commits
 * (docs/analytics.md, "Feed"); a long task holds a database connection for seconds, so without this
 * bound a burst of them (the Monday summaries) would take the pool from the feed. A task beyond the
 * bound is deferred, keeping its attempt, and runs when a slot is free.
 */
@Component
public class LongTaskGate {

    private final Semaphore slots;
    private final int limit;

    LongTaskGate(@Value("${litper.analytics.long-tasks:2}") int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("litper.analytics.long-tasks must be at least 1, was " + limit);
        }
        this.limit = limit;
        this.slots = new Semaphore(limit);
    }

    /** Runs {@code work} in a slot, or defers the task for a few seconds when every slot is taken. */
    public <T> T run(String what, Callable<T> work) throws Exception {
        if (!slots.tryAcquire()) {
            throw new DeferTask(Duration.ofSeconds(5), limit + " long task(s) already running on this replica; " + what + " waits for a slot");
        }
        try {
            return work.call();
        } finally {
            slots.release();
        }
    }
}
