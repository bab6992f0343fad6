package com.litper.common.queue;

import java.time.Duration;

/**
 * How urgent a task is, and how long one attempt may run before it is interrupted and counted as
 * failed. Workers always take every ready task of a higher priority before any of a lower one.
 */
public enum TaskPriority {

    /** Alerts and critical errors. */
    CRITICAL(Duration.ofSeconds(30)),
    /** WhatsApp notifications, webhook processing. */
    HIGH(Duration.ofSeconds(60)),
    /** Tracking updates, order processing. */
    NORMAL(Duration.ofSeconds(300)),
    /** Reports, analytics. */
    LOW(Duration.ofSeconds(600));

    private final Duration defaultTimeout;

    TaskPriority(Duration defaultTimeout) {
        this.defaultTimeout = defaultTimeout;
    }

    /** The execution timeout of one attempt unless a worker is configured otherwise. */
    public Duration defaultTimeout() {
        return defaultTimeout;
    }

    /** The digit that stands for this priority in Redis: 0 (CRITICAL) to 3 (LOW). */
    int code() {
        return ordinal();
    }

    static TaskPriority ofCode(int code) {
        return values()[code];
    }
}
