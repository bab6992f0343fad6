package com.litper.common.outbox;

import com.litper.common.queue.TaskPriority;
import com.litper.common.queue.TaskQueue;
import com.litper.common.queue.TaskRequest;
import com.litper.common.queue.TaskTracing;
import com.litper.common.task.Contract;
import com.litper.common.task.TaskPayload;
import com.litper.common.task.Tasks;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.MDC;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The transactional outbox of one owning schema: tasks written in the same transaction as the change
 * that causes them, so a task reaches the queue if and only if that change commits, even when Redis
 * is unreachable at that moment. {@link OutboxRelay} moves committed rows to Redis afterwards
 * (docs/queue.md, "The outbox").
 *
 * <p>Two ways to write: {@link #add} inside a Spring-managed transaction (the usual one), or
 * {@link #row} + {@link #insertFrom()} inside a statement of the caller's own, when the change and its
 * task must be one round trip (api-service's order creation).
 */
public class Outbox {

    private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final Pattern PARAMETER_SUFFIX = Pattern.compile("[A-Za-z0-9]{0,32}");

    private final JdbcClient jdbc;
    private final Tasks tasks;
    private final String table;
    private final OutboxRelay relay;
    private final String insert;
    private final String insertFrom;
    private final TaskTracing tracing;

    public Outbox(JdbcClient jdbc, Tasks tasks, String schema, OutboxRelay relay) {
        this(jdbc, tasks, schema, relay, TaskTracing.NONE);
    }

    /**
     * @param tracing gives the trace context of the writing thread, which each row keeps (in
     *     {@code request_id}, after the request id: {@link TaskRequest#requestField}) until the relay
     *     sends its task, so the task's span is the child of the writer's even though it is sent later
     */
    public Outbox(JdbcClient jdbc, Tasks tasks, String schema, OutboxRelay relay, TaskTracing tracing) {
        if (!SCHEMA.matcher(Objects.requireNonNull(schema, "schema")).matches()) {
            throw new IllegalArgumentException("litper.outbox.schema must be a lower-case SQL identifier, was '" + schema + "'");
        }
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        this.table = schema + ".outbox";
        this.relay = relay;
        this.tracing = Objects.requireNonNull(tracing, "tracing");
        this.insert = "INSERT INTO " + table + " (id, task_type, priority, payload, request_id, dedup_key)"
                + " VALUES (:outboxId, :outboxTaskType, :outboxPriority, CAST(:outboxPayload AS jsonb), :outboxRequestId, :outboxDedupKey)";
        this.insertFrom = "INSERT INTO " + table + " (id, task_type, priority, payload, request_id, dedup_key)"
                + " SELECT :outboxId, :outboxTaskType, :outboxPriority, CAST(:outboxPayload AS jsonb), :outboxRequestId, :outboxDedupKey FROM ";
    }

    /**
     * Writes the payload's task in the current transaction, which must exist: outside one the row
     * would commit alone and the guarantee would be gone. The relay is woken after the commit.
     */
    public void add(TaskPayload payload) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("Outbox.add needs the transaction of the change that causes the task ("
                    + payload.getClass().getSimpleName() + "); call it inside @Transactional or TransactionTemplate");
        }
        jdbc.sql(insert).params(row(payload).parameters()).update();
        wakeAfterCommit();
    }

    /** {@link #add} for each payload, in order. */
    public void addAll(Collection<? extends TaskPayload> payloads) {
        payloads.forEach(this::add);
    }

    /**
     * A row to write with {@link #insertFrom()} in a statement of the caller's own; the request id and
     * trace context of the calling thread go with it. Validates the payload.
     */
    public Row row(TaskPayload payload) {
        Contract contract = tasks.contracts().of(payload.getClass());
        String json = tasks.codec().encode(contract, payload);
        String requestId = MDC.get(TaskQueue.REQUEST_ID_MDC_KEY);
        String traceparent = tracing.currentTraceparent();
        String cause = traceparent == null ? requestId : TaskRequest.requestField(requestId, traceparent);
        return new Row(UUID.randomUUID(), contract.name(), contract.priority(), json, cause == null || cause.isEmpty() ? null : cause,
                payload.dedupKey());
    }

    /**
     * {@code INSERT … SELECT} of one {@link Row}; append a source yielding one row when the task is to
     * be written (none otherwise), e.g. a CTE name, and bind {@link Row#parameters()}.
     */
    public String insertFrom() {
        return insertFrom;
    }

    /**
     * {@link #insertFrom()} with every parameter name ending in {@code suffix}, for a statement that
     * writes more than one task (each in a CTE of its own); bind {@link Row#parameters(String)} with
     * the same suffix.
     */
    public String insertFrom(String suffix) {
        if (!PARAMETER_SUFFIX.matcher(suffix).matches()) {
            throw new IllegalArgumentException("An outbox parameter suffix is letters and digits, was '" + suffix + "'");
        }
        return suffix.isEmpty() ? insertFrom : insertFrom.replaceAll("(:outbox[A-Za-z]+)", "$1" + suffix);
    }

    /** Rows written with {@link #insertFrom()} committed: relay them now rather than at the next poll. */
    public void written() {
        if (relay != null) {
            relay.wake();
        }
    }

    /** The table, {@code <schema>.outbox}. */
    public String table() {
        return table;
    }

    private void wakeAfterCommit() {
        if (relay == null || !TransactionSynchronizationManager.isSynchronizationActive()) {
            return;
        }
        // One wake-up per transaction is enough, however many rows it wrote.
        Object key = Outbox.class.getName() + ":" + table;
        if (TransactionSynchronizationManager.hasResource(key)) {
            return;
        }
        TransactionSynchronizationManager.bindResource(key, Boolean.TRUE);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                TransactionSynchronizationManager.unbindResourceIfPossible(key);
                if (status == STATUS_COMMITTED) {
                    relay.wake();
                }
            }
        });
    }

    /**
     * One outbox row.
     *
     * @param id the row's id; the task's de-duplication key when the payload has none
     * @param taskType the task type
     * @param priority its priority
     * @param payload its JSON payload
     * @param requestId the request id of the writing thread, followed by {@code :<traceparent>} when it
     *     was in a span ({@link TaskRequest#requestField}), or null
     * @param dedupKey the payload's de-duplication key, or null
     */
    public record Row(UUID id, String taskType, TaskPriority priority, String payload, String requestId, String dedupKey) {

        /** The parameters of {@link Outbox#insertFrom()}. */
        public Map<String, Object> parameters() {
            return parameters("");
        }

        /** The parameters of {@link Outbox#insertFrom(String)} with the same suffix. */
        public Map<String, Object> parameters(String suffix) {
            Map<String, Object> parameters = new LinkedHashMap<>();
            parameters.put("outboxId" + suffix, id);
            parameters.put("outboxTaskType" + suffix, taskType);
            parameters.put("outboxPriority" + suffix, priority.name());
            parameters.put("outboxPayload" + suffix, payload);
            parameters.put("outboxRequestId" + suffix, requestId);
            parameters.put("outboxDedupKey" + suffix, dedupKey);
            return parameters;
        }
    }
}
