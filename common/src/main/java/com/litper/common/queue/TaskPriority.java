package com.litper.common.queue;

import java.time.Duration;

/**
 * How urgent a task is, and how long one attempt may run before it is interrupted and counted as
 * failed. Workers always take every ready task of a higher priority before any of a lower one.
 */
public enum TaskPriority {

    // The codes are written into every task in Redis and compared in the Lua scripts: they are part
    // of the wire format, so they are spelled out here and never follow the declaration order.

    /** Alerts and critical errors. */
    CRITICAL(0, Duration.ofSeconds(30)),
    /** WhatsApp notifications, webhook processing. */
    HIGH(1, Duration.ofSeconds(60)),
    /** Tracking updates, order processing. */
    NORMAL(2, Duration.ofSeconds(300)),
    /** Reports, analytics. */
    LOW(3, Duration.ofSeconds(600));

    private static final TaskPriority[] BY_CODE = new TaskPriority[4];

    static {
        for (TaskPriority priority : values()) {
            if (BY_CODE[priority.code] != null) {
                throw new ExceptionInInitializerError("Two priorities with code " + priority.code);
            }
            BY_CODE[priority.code] = priority;
        }
    }

    private final int code;
    private final Duration defaultTimeout;

    TaskPriority(int code, Duration defaultTimeout) {
        this.code = code;
        this.defaultTimeout = defaultTimeout;
    }

    /** The execution timeout of one attempt unless a worker is configured otherwise. */
    public Duration defaultTimeout() {
        return defaultTimeout;
    }

    /** The digit that stands for this priority in Redis: 0 (CRITICAL) to 3 (LOW). */
    int code() {
        return code;
    }

    /** The priority written as {@code code} in Redis; an unknown code is a corrupt task. */
    static TaskPriority ofCode(int code) {
        if (code < 0 || code >= BY_CODE.length) {
            throw new IllegalArgumentException("No task priority has code " + code);
        }
        return BY_CODE[code];
    }
}
