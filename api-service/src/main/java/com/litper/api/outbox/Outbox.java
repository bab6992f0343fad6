package com.litper.api.outbox;

import com.litper.common.queue.TaskPriority;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * Tasks written in the same statement (hence transaction) as the change that causes them: a task
 * reaches the queue if and only if that change commits, even when Redis is unreachable at that
 * moment. {@link OutboxRelay} moves it to Redis afterwards.
 */
@Component
public class Outbox {

    private final OutboxRelay relay;

    Outbox(OutboxRelay relay) {
        this.relay = relay;
    }

    /**
     * A task that the caller writes in a statement of its own, together with the row it belongs to
     * (one round trip instead of one per row: see {@code OrderService}). Add {@link #INSERT_FROM}
     * followed by a source yielding one row when the task is to be written (none otherwise) to the
     * statement, bind {@link #parameters()}, and call {@link Outbox#written()} once it committed.
     *
     * @param id the outbox row's id, also the task's de-duplication key
     * @param taskType the task type
     * @param priority its priority
     * @param payload its JSON payload
     * @param requestId the request id of the calling thread, or null
     */
    public record Row(UUID id, String taskType, TaskPriority priority, String payload, String requestId) {

        /** {@code INSERT … SELECT} of the row; append the source (a CTE name) to it. */
        public static final String INSERT_FROM = """
                INSERT INTO api.outbox (id, task_type, priority, payload, request_id)
                SELECT :outboxId, :outboxTaskType, :outboxPriority, CAST(:outboxPayload AS jsonb), :outboxRequestId FROM\s""";

        /** The statement's parameters for {@link #INSERT_FROM}. */
        public Map<String, Object> parameters() {
            Map<String, Object> parameters = new LinkedHashMap<>();
            parameters.put("outboxId", id);
            parameters.put("outboxTaskType", taskType);
            parameters.put("outboxPriority", priority.name());
            parameters.put("outboxPayload", payload);
            parameters.put("outboxRequestId", requestId);
            return parameters;
        }
    }

    /** A task to write with {@link Row#INSERT_FROM}; the request id of the calling thread goes with it. */
    public Row row(String taskType, TaskPriority priority, String payload) {
        return new Row(UUID.randomUUID(), taskType, priority, payload, MDC.get("requestId"));
    }

    /** Rows written with {@link Row#INSERT_FROM} committed: relay them now rather than at the next poll. */
    public void written() {
        relay.wake();
    }
}
