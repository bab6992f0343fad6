package com.litper.common.task;

import com.litper.common.queue.TaskPriority;
import java.util.Objects;

/**
 * What {@link TaskContract} says of one payload type, read once.
 *
 * @param type the payload record
 * @param name the task type on the wire
 * @param queue the named queue it goes to unless an operator routes it elsewhere
 * @param priority its default priority
 * @param version its wire format's version
 */
public record Contract(Class<? extends TaskPayload> type, String name, String queue, TaskPriority priority, int version) {

    public Contract {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(priority, "priority");
        if (!type.isRecord()) {
            throw new IllegalArgumentException(type.getName() + " is a task contract, so it must be a record");
        }
        if (version < 1) {
            throw new IllegalArgumentException(type.getName() + " has version " + version + "; versions start at 1");
        }
    }

    /** The contract of {@code type}, which must carry {@link TaskContract}. */
    public static Contract of(Class<? extends TaskPayload> type) {
        TaskContract annotation = type.getAnnotation(TaskContract.class);
        if (annotation == null) {
            throw new IllegalArgumentException(type.getName() + " is not annotated with @TaskContract");
        }
        return new Contract(type, annotation.name(), annotation.queue(), annotation.priority(), annotation.version());
    }
}
