package com.litper.common.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A task to enqueue, with its options: a time before which it must not run, and a
 * de-duplication key (e.g. a carrier's webhook event id) that makes enqueueing idempotent within
 * a window.
 *
 * @param type what to do; letters, digits and {@code _ . : -}
 * @param payload JSON text
 * @param priority how urgent it is
 * @param runAt earliest time to run it, or null for now
 * @param delay how long from enqueueing to wait before running it, or null; ignored when runAt is set
 * @param dedupKey de-duplication key, or null
 * @param dedupWindow how long the key suppresses duplicates, or null for the queue's default
 * @param requestId the request that caused the task, or null for the enqueuing thread's (MDC {@code requestId});
 *     it may end in {@code :<traceparent>}, the trace context of whoever caused the task (as {@link #causedBy}
 *     says), and then the task carries that trace context instead of the enqueuing thread's
 */
public record TaskRequest(String type, String payload, TaskPriority priority, Instant runAt, Duration delay,
        String dedupKey, Duration dedupWindow, String requestId) {

    private static final Pattern TYPE = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

    public TaskRequest {
        Objects.requireNonNull(type, "type");
        if (!TYPE.matcher(type).matches()) {
            throw new IllegalArgumentException("Task type must be 1-64 letters, digits or _ . : -, was '" + type + "'");
        }
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(priority, "priority");
        if (delay != null && delay.isNegative()) {
            throw new IllegalArgumentException("Delay must not be negative, was " + delay);
        }
        if (dedupKey != null && dedupKey.isEmpty()) {
            throw new IllegalArgumentException("De-duplication key must not be empty");
        }
        if (dedupWindow != null && (dedupWindow.isZero() || dedupWindow.isNegative())) {
            throw new IllegalArgumentException("De-duplication window must be positive, was " + dedupWindow);
        }
    }

    public TaskRequest(String type, String payload, TaskPriority priority, Instant runAt, Duration delay, String dedupKey,
            Duration dedupWindow) {
        this(type, payload, priority, runAt, delay, dedupKey, dedupWindow, null);
    }

    /** A task to run as soon as a worker slot is free. */
    public static TaskRequest of(String type, String payload, TaskPriority priority) {
        return new TaskRequest(type, payload, priority, null, null, null, null);
    }

    /** The same task, not to run before {@code delay} has passed from enqueueing. */
    public TaskRequest delayedBy(Duration delay) {
        return new TaskRequest(type, payload, priority, null, delay, dedupKey, dedupWindow, requestId);
    }

    /** The same task, not to run before {@code time}. */
    public TaskRequest runAt(Instant time) {
        return new TaskRequest(type, payload, priority, time, null, dedupKey, dedupWindow, requestId);
    }

    /** The same task, enqueued only if no task with {@code key} was enqueued within the queue's default window. */
    public TaskRequest deduplicatedBy(String key) {
        return new TaskRequest(type, payload, priority, runAt, delay, key, dedupWindow, requestId);
    }

    /** The same task, enqueued only if no task with {@code key} was enqueued within {@code window}. */
    public TaskRequest deduplicatedBy(String key, Duration window) {
        return new TaskRequest(type, payload, priority, runAt, delay, key, window, requestId);
    }

    /**
     * The same task, carrying the id of the request that caused it rather than the enqueuing thread's,
     * and with it the cause's trace context when {@code requestId} ends in {@code :<traceparent>}
     * (as {@link #requestField} writes it, e.g. in an outbox row) rather than the enqueuing thread's:
     * a task sent on behalf of someone else belongs to their trace, or to none.
     */
    public TaskRequest causedBy(String requestId) {
        return new TaskRequest(type, payload, priority, runAt, delay, dedupKey, dedupWindow, requestId);
    }

    /**
     * A request id and a W3C {@code traceparent} as one value for {@link #causedBy}:
     * {@code requestId:traceparent}, or the request id alone when the traceparent is null or malformed.
     * Callers that keep the cause of a task for later (the outbox) store this.
     */
    public static String requestField(String requestId, String traceparent) {
        return TaskCodec.requestField(requestId == null ? "" : requestId, traceparent);
    }

    Instant dueAt(Instant now) {
        if (runAt != null) {
            return runAt;
        }
        return delay == null ? now : now.plus(delay);
    }
}
