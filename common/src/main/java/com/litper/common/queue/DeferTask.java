package com.litper.common.queue;

import java.time.Duration;
import java.util.Objects;

/**
 * Thrown by a handler that must not run the task yet (a rate limit is exhausted, the same buyer was
 * messaged seconds ago): the task goes back to its queue to run after {@code delay}, keeping its
 * attempt number, since nothing failed. A handler that defers forever keeps the task forever:
 * defer only for a wait that ends.
 */
public class DeferTask extends RuntimeException {

    private final Duration delay;

    public DeferTask(Duration delay, String reason) {
        super(reason, null, false, false);
        this.delay = Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative: " + delay);
        }
    }

    public Duration delay() {
        return delay;
    }
}
