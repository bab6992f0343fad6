package com.litper.common.queue;

import java.time.Instant;
import java.util.Objects;

/**
 * One task as a handler receives it.
 *
 * @param id unique id, returned by {@link TaskQueue#enqueue}
 * @param type what to do, e.g. {@code send_whatsapp}; picks the handler and the named queue
 * @param priority the priority it was enqueued with
 * @param attempt which delivery this is, from 1
 * @param enqueuedAt when it was enqueued
 * @param requestId the request id of whoever enqueued it (empty when there was none), so logs
 *     follow the work across services
 * @param payload JSON text
 * @param traceparent the W3C {@code traceparent} of the span that enqueued it (empty when there was
 *     none, or the enqueuer predates tracing): its worker's span is that span's child
 */
public record Task(String id, String type, TaskPriority priority, int attempt, Instant enqueuedAt, String requestId,
        String payload, String traceparent) {

    public Task {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(enqueuedAt, "enqueuedAt");
        requestId = requestId == null ? "" : requestId;
        Objects.requireNonNull(payload, "payload");
        traceparent = traceparent == null ? "" : traceparent;
    }

    /** A task without trace context. */
    public Task(String id, String type, TaskPriority priority, int attempt, Instant enqueuedAt, String requestId, String payload) {
        this(id, type, priority, attempt, enqueuedAt, requestId, payload, "");
    }
}
