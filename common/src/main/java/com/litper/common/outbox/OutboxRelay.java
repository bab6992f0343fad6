package com.litper.common.outbox;

import com.litper.common.queue.QueueUnavailableException;
import com.litper.common.queue.Replication;
import com.litper.common.queue.TaskPriority;
import com.litper.common.queue.TaskQueue;
import com.litper.common.queue.TaskRequest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Moves committed outbox rows to the Redis task queue and marks them sent, in one database
 * transaction per batch. {@code FOR UPDATE SKIP LOCKED} lets every replica of the service relay at
 * once without two of them taking the same row. A row enqueued just before its batch's transaction
 * failed (the relay died, the database went away) is relayed again: its task goes under the
 * payload's de-duplication key, or the row id when it has none, so the queue keeps one. Each batch is
 * one pipelined enqueue followed by a wait for a replica ({@link TaskQueue#enqueueAllReplicated}).
 * While Redis is down the rows wait and the relay retries every {@code retry-interval}.
 *
 * <p>Metrics: {@code litper.outbox.pending} (unsent rows, read at most every 5 s),
 * {@code litper.outbox.relayed} and {@code litper.outbox.failures}, tagged with the schema.
 */
public class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final long PENDING_REFRESH_MILLIS = 5_000;

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final TaskQueue queue;
    private final OutboxProperties properties;
    private final Clock clock;
    private final String table;
    private final AtomicBoolean wakeScheduled = new AtomicBoolean();
    private final AtomicLong pending = new AtomicLong();
    private final Counter relayed;
    private final Counter failures;
    private volatile ThreadPoolTaskScheduler scheduler;
    private volatile boolean redisDown;
    private volatile long lastCleanupMillis;
    private volatile long lastPendingMillis;

    public OutboxRelay(JdbcClient jdbc, TransactionTemplate transactions, TaskQueue queue, OutboxProperties properties, Clock clock,
            MeterRegistry meters) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.queue = queue;
        this.properties = properties;
        this.clock = clock;
        this.table = properties.schema() + ".outbox";
        if (meters != null) {
            Gauge.builder("litper.outbox.pending", pending, AtomicLong::get).tag("schema", properties.schema())
                    .description("Outbox rows committed but not yet relayed to the task queue").register(meters);
            relayed = Counter.builder("litper.outbox.relayed").tag("schema", properties.schema())
                    .description("Outbox rows relayed to the task queue").register(meters);
            failures = Counter.builder("litper.outbox.failures").tag("schema", properties.schema())
                    .description("Relay passes that stopped on an error (Redis or the database unavailable)").register(meters);
        } else {
            relayed = null;
            failures = null;
        }
    }

    @Override
    public synchronized void start() {
        // Spring's scheduler with one thread: passes never overlap, and a wake-up queues behind a running pass.
        ThreadPoolTaskScheduler started = new ThreadPoolTaskScheduler();
        started.setPoolSize(1);
        started.setThreadNamePrefix("outbox-relay-");
        started.setDaemon(true);
        started.setWaitForTasksToCompleteOnShutdown(true);
        started.setAwaitTerminationMillis(5_000);
        started.initialize();
        lastCleanupMillis = clock.millis();
        started.scheduleWithFixedDelay(this::relaySafely, properties.pollInterval());
        scheduler = started;
    }

    @Override
    public synchronized void stop() {
        ThreadPoolTaskScheduler running = scheduler;
        scheduler = null;
        if (running != null) {
            // One last pass for changes committed while the web server drained.
            try {
                running.execute(this::relaySafely);
            } catch (RejectedExecutionException e) {
                // Already shutting down.
            }
            running.shutdown();
        }
    }

    /** Below the web server's phases: stops after in-flight requests finished, so their rows are relayed here. */
    @Override
    public int getPhase() {
        return 0;
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }

    /** A transaction with outbox rows committed: relay now rather than at the next poll. */
    public void wake() {
        ThreadPoolTaskScheduler running = scheduler;
        if (running != null && !redisDown && wakeScheduled.compareAndSet(false, true)) {
            try {
                running.execute(() -> {
                    wakeScheduled.set(false);
                    relaySafely();
                });
            } catch (RejectedExecutionException e) {
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
            countPendingIfDue();
        } catch (QueueUnavailableException e) {
            if (!redisDown) {
                log.warn("Redis refused an outbox task; rows stay in {} and are retried: {}", table, e.toString());
            }
            redisDown = true;
            increment(failures);
            countPendingIfDue();
            pause(properties.retryInterval().toMillis());
        } catch (RuntimeException e) {
            increment(failures);
            log.warn("Outbox relay of {} failed; it tries again at the next poll", table, e);
        }
    }

    /** Relays one batch; returns how many rows it sent. */
    public int relayBatch() {
        RuntimeException[] failure = new RuntimeException[1];
        Integer sent = transactions.execute(status -> {
            List<Row> rows = jdbc.sql("SELECT id, task_type, priority, payload::text AS payload, request_id, dedup_key, redispatches FROM " + table
                            + " WHERE sent_at IS NULL ORDER BY created_at LIMIT :limit FOR UPDATE SKIP LOCKED")
                    .param("limit", properties.batchSize())
                    .query((rs, n) -> new Row(rs.getObject("id", UUID.class), rs.getString("task_type"),
                            TaskPriority.valueOf(rs.getString("priority")), rs.getString("payload"), rs.getString("request_id"),
                            rs.getString("dedup_key"), rs.getInt("redispatches")))
                    .list();
            List<UUID> done = new ArrayList<>();
            if (!rows.isEmpty()) {
                try {
                    // One pipelined enqueue for the batch, then one WAIT for a replica.
                    List<TaskRequest> requests = rows.stream().map(OutboxRelay::request).toList();
                    TaskQueue.Enqueued enqueued = queue.enqueueAllReplicated(requests);
                    if (enqueued.replication() == Replication.UNCONFIRMED) {
                        // No replica acknowledged. This master may be one Sentinel already replaced: frozen,
                        // then awake and still taking writes for the moment before its next check of its
                        // replicas (min-replicas-to-write) or its demotion, and those writes are lost. So the
                        // batch goes once more after a pause, under the same de-duplication keys: a master
                        // that kept the first enqueue ignores the second; a replaced one refuses it by then
                        // (or its connection is gone) and the rows stay unsent. Past that, the reconciler
                        // re-dispatches what matters if its effect never comes back.
                        log.debug("No replica acknowledged {} tasks of {} within the wait; enqueueing them again", rows.size(), table);
                        pause(properties.retryInterval().toMillis());
                        queue.enqueueAllReplicated(requests);
                    }
                    rows.forEach(row -> done.add(row.id()));
                } catch (RuntimeException e) {
                    // None is marked sent; all are relayed again, under the same de-duplication keys.
                    failure[0] = e;
                }
            }
            if (!done.isEmpty()) {
                jdbc.sql("UPDATE " + table + " SET sent_at = :now WHERE id IN (:ids)")
                        .param("now", OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC)).param("ids", done)
                        .update();
            }
            return done.size();
        });
        int count = sent == null ? 0 : sent;
        if (relayed != null && count > 0) {
            relayed.increment(count);
        }
        if (failure[0] != null) {
            throw failure[0];
        }
        if (redisDown) {
            redisDown = false;
            if (count > 0) {
                log.info("Redis accepts outbox tasks of {} again", table);
            }
        }
        return count;
    }

    /**
     * The row's task, carrying the id of the request that caused it (not the relay's), under the
     * payload's de-duplication key or the row id. A re-dispatched row ({@link OutboxReconciler}) gets
     * a key of its own per re-dispatch, so that a key still alive from the first enqueue cannot
     * swallow it.
     */
    private static TaskRequest request(Row row) {
        String key = row.dedupKey() != null ? row.dedupKey() : "outbox:" + row.id();
        if (row.redispatches() > 0) {
            key = key + ":redispatch:" + row.redispatches();
        }
        return TaskRequest.of(row.type(), row.payload(), row.priority()).deduplicatedBy(key).causedBy(row.requestId());
    }

    private void cleanUpIfDue() {
        long now = clock.millis();
        if (now - lastCleanupMillis < properties.cleanupInterval().toMillis()) {
            return;
        }
        lastCleanupMillis = now;
        int deleted = jdbc.sql("DELETE FROM " + table + " WHERE sent_at < :before")
                .param("before", OffsetDateTime.ofInstant(clock.instant().minus(properties.retention()), ZoneOffset.UTC))
                .update();
        if (deleted > 0) {
            log.info("Deleted {} rows of {} sent more than {} ago", deleted, table, properties.retention());
        }
    }

    private void countPendingIfDue() {
        long now = clock.millis();
        if (now - lastPendingMillis < PENDING_REFRESH_MILLIS) {
            return;
        }
        lastPendingMillis = now;
        try {
            pending.set(jdbc.sql("SELECT count(*) FROM " + table + " WHERE sent_at IS NULL").query(Long.class).single());
        } catch (RuntimeException e) {
            log.debug("Could not count the unsent rows of {}: {}", table, e.toString());
        }
    }

    private static void increment(Counter counter) {
        if (counter != null) {
            counter.increment();
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record Row(UUID id, String type, TaskPriority priority, String payload, String requestId, String dedupKey, int redispatches) {
    }
}
