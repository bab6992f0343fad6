package com.litper.common.task;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Duration;

/**
 * The payload of a task type: a record annotated with {@link TaskContract}, whose components are
 * the JSON fields and whose Jakarta Bean Validation constraints say what a valid payload is (checked
 * when it is sent and again when it is received).
 *
 * <p>Its de-duplication rule lives here too: a producer that may send the same fact twice (a retried
 * handler, two paths to one event) sends it under the same key, and the queue keeps one.
 */
public interface TaskPayload {

    /**
     * The de-duplication key of this payload, or null for none: within the window, a second task
     * with the same key is not enqueued.
     */
    @JsonIgnore
    default String dedupKey() {
        return null;
    }

    /** How long {@link #dedupKey()} suppresses duplicates, or null for the queue's default (24 h). */
    @JsonIgnore
    default Duration dedupWindow() {
        return null;
    }
}
