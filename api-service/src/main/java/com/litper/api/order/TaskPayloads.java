package com.litper.api.order;

import com.litper.common.queue.PermanentTaskFailure;
import com.litper.common.queue.Task;
import com.litper.common.web.Problems;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the payloads of the tasks that report on orders. A payload that cannot be read will not
 * become readable on a later attempt, so it is a {@link PermanentTaskFailure} (straight to the
 * dead letters) naming the field at fault. Messages never quote the payload: it may hold the
 * buyer's phone.
 */
final class TaskPayloads {

    private TaskPayloads() {
    }

    /** The payload as {@code type}; bad JSON, a wrong type or an unparseable value fails permanently. */
    static <T> T read(JsonMapper json, Task task, Class<T> type) {
        T payload;
        try {
            payload = json.readValue(task.payload(), type);
        } catch (JacksonException e) {
            String field = path(e);
            throw new PermanentTaskFailure(task.type() + " payload is invalid" + (field.isEmpty() ? "" : " at '" + field + "'")
                    + ": " + Problems.firstLine(e.getOriginalMessage()));
        }
        if (payload == null) {
            throw new PermanentTaskFailure(task.type() + " payload is empty");
        }
        return payload;
    }

    /** Fails permanently when {@code missing} names any required field. */
    static void requireFields(String taskType, Object orderId, List<String> missing) {
        if (!missing.isEmpty()) {
            throw new PermanentTaskFailure(taskType + " payload" + (orderId == null ? "" : " of order " + orderId)
                    + " lacks " + String.join(", ", missing));
        }
    }

    /** Adds {@code field} to {@code missing} when {@code absent}. */
    static void addIf(List<String> missing, boolean absent, String field) {
        if (absent) {
            missing.add(field);
        }
    }

    static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    /** {@code event.occurredAt}, {@code items[0]}: where in the payload Jackson stopped. */
    private static String path(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }
}
