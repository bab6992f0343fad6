package com.litper.api.outbox;

import com.litper.common.queue.TaskPriority;
import java.util.UUID;
import org.slf4j.MDC;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Records a task in the caller's database transaction: it reaches the queue if and only if the
 * transaction commits, even when Redis is unreachable at that moment. {@link OutboxRelay} moves it
 * to Redis afterwards.
 */
@Component
public class Outbox {

    private final JdbcClient jdbc;
    private final OutboxRelay relay;

    Outbox(JdbcClient jdbc, OutboxRelay relay) {
        this.jdbc = jdbc;
        this.relay = relay;
    }

    /** Adds a task to the current transaction; the request id of the calling thread goes with it. */
    @Transactional(propagation = Propagation.MANDATORY)
    public UUID add(String taskType, TaskPriority priority, String payload) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                        INSERT INTO api.outbox (id, task_type, priority, payload, request_id)
                        VALUES (:id, :type, :priority, CAST(:payload AS jsonb), :requestId)""")
                .param("id", id).param("type", taskType).param("priority", priority.name())
                .param("payload", payload).param("requestId", MDC.get("requestId"))
                .update();
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                relay.wake();
            }
        });
        return id;
    }
}
