package com.litper.api.outbox;

import com.litper.common.queue.QueueUnavailableException;
import com.litper.common.queue.TaskPriority;
import com.litper.common.queue.TaskQueue;
import com.litper.common.queue.TaskRequest;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Moves committed outbox rows to the Redis task queue and marks them sent, in one database
 * transaction per batch. {@code FOR UPDATE SKIP LOCKED} lets every replica of the service relay at
 * once without two of them taking the same row; the row id is the task's de-duplication key, so a
 * row enqueued just before its transaction failed is not queued twice when relayed again. While
 * Redis is down the rows wait and the relay retries every {@code retry-interval}.
 */
@Component
class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final TaskQueue queue;
    private final OutboxProperties properties;
    private final Clock clock;
    private final AtomicBoolean wakeScheduled = new AtomicBoolean();
    private volatile ScheduledExecutorService executor;
    private volatile boolean redisDown;
    private volatile long lastCleanupMillis;

    OutboxRelay(JdbcClient jdbc, TransactionTemplate transactions, TaskQueue queue, OutboxProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.queue = queue;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public synchronized void start() {
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "outbox-relay");
            thread.setDaemon(true);
            return thread;
        });
        lastCleanupMillis = clock.millis();
        long period = properties.pollInterval().toMillis();
        executor.scheduleWithFixedDelay(this::relaySafely, 0, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        ScheduledExecutorService running = executor;
        executor = null;
        if (running != null) {
            // One last pass for orders committed while the web server drained.
            running.execute(this::relaySafely);
            running.shutdown();
            try {
                running.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Below the web server's phases: stops after in-flight requests finished, so their rows are relayed here. */
    @Override
    public int getPhase() {
        return 0;
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }

    /** A transaction with outbox rows committed: relay now rather than at the next poll. */
    void wake() {
        ScheduledExecutorService running = executor;
        if (running != null && !redisDown && wakeScheduled.compareAndSet(false, true)) {
            try {
                running.execute(() -> {
                    wakeScheduled.set(false);
                    relaySafely();
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                wakeScheduled.set(false);
            }
        }
    }

    private void relaySafely() {
        try {
            while (relayBatch() == properties.batchSize()) {
                // A full batch: more rows are likely waiting.
            }
            cleanUpIfDue();
        } catch (QueueUnavailableException e) {
            if (!redisDown) {
                log.warn("Redis refused an outbox task; rows stay in the outbox and are retried: {}", e.toString());
            }
            redisDown = true;
            pause(properties.retryInterval().toMillis());
        } catch (RuntimeException e) {
            log.warn("Outbox relay failed; it tries again at the next poll", e);
        }
    }

    /** Relays one batch; returns how many rows it sent. */
    int relayBatch() {
        RuntimeException[] failure = new RuntimeException[1];
        Integer sent = transactions.execute(status -> {
            List<Row> rows = jdbc.sql("""
                            SELECT id, task_type, priority, payload::text AS payload, request_id FROM api.outbox
                            WHERE sent_at IS NULL ORDER BY created_at LIMIT :limit FOR UPDATE SKIP LOCKED""")
                    .param("limit", properties.batchSize())
                    .query((rs, n) -> new Row(rs.getObject("id", UUID.class), rs.getString("task_type"),
                            TaskPriority.valueOf(rs.getString("priority")), rs.getString("payload"), rs.getString("request_id")))
                    .list();
            List<UUID> done = new ArrayList<>();
            for (Row row : rows) {
                try {
                    enqueue(row);
                } catch (RuntimeException e) {
                    // Rows enqueued before the failure are still marked sent; the rest wait.
                    failure[0] = e;
                    break;
                }
                done.add(row.id());
            }
            if (!done.isEmpty()) {
                jdbc.sql("UPDATE api.outbox SET sent_at = :now WHERE id IN (:ids)")
                        .param("now", OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC)).param("ids", done)
                        .update();
            }
            return done.size();
        });
        if (failure[0] != null) {
            throw failure[0];
        }
        if (redisDown) {
            redisDown = false;
            if (sent != null && sent > 0) {
                log.info("Redis accepts outbox tasks again");
            }
        }
        return sent == null ? 0 : sent;
    }

    private void enqueue(Row row) {
        String previous = MDC.get(TaskQueue.REQUEST_ID_MDC_KEY);
        // The task carries the id of the request that caused it, not the relay's.
        if (row.requestId() == null) {
            MDC.remove(TaskQueue.REQUEST_ID_MDC_KEY);
        } else {
            MDC.put(TaskQueue.REQUEST_ID_MDC_KEY, row.requestId());
        }
        try {
            queue.enqueue(TaskRequest.of(row.type(), row.payload(), row.priority()).deduplicatedBy("outbox:" + row.id()));
        } finally {
            if (previous == null) {
                MDC.remove(TaskQueue.REQUEST_ID_MDC_KEY);
            } else {
                MDC.put(TaskQueue.REQUEST_ID_MDC_KEY, previous);
            }
        }
    }

    private void cleanUpIfDue() {
        long now = clock.millis();
        if (now - lastCleanupMillis < properties.cleanupInterval().toMillis()) {
            return;
        }
        lastCleanupMillis = now;
        int deleted = jdbc.sql("DELETE FROM api.outbox WHERE sent_at < :before")
                .param("before", OffsetDateTime.ofInstant(clock.instant().minus(properties.retention()), ZoneOffset.UTC))
                .update();
        if (deleted > 0) {
            log.info("Deleted {} outbox rows sent more than {} ago", deleted, properties.retention());
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record Row(UUID id, String type, TaskPriority priority, String payload, String requestId) {
    }
}
