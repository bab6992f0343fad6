package com.litper.common.queue;

import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Writes that must survive a failover, followed by {@code WAIT 1 <timeout>}: the enqueue of a
 * CRITICAL task and the outbox relay's batches. Redis replicates asynchronously, so a task the
 * master acknowledged can be lost with it; WAIT holds the caller until a replica has the write or
 * the timeout passes. A write that no replica acknowledged in time is not an error: the task is in
 * Redis, it is only not known to be on a replica ({@link Replication#UNCONFIRMED}, counted), and what
 * matters is reconciled from PostgreSQL (docs/queue.md, "Reconciliation from PostgreSQL").
 *
 * <p>The writes and their WAIT go on a connection of their own ({@link RedisConnector#waitingCommands()}),
 * one batch at a time: WAIT blocks its connection, and counts that connection's writes. Whether the
 * master has a replica worth waiting for is read from {@code INFO replication} at most every
 * {@link #REFRESH_NANOS}: without a replica nothing waits; with one that has not acknowledged
 * anything for over two seconds (frozen, cut off) nothing waits either. After a WAIT that timed out,
 * the next ones are skipped until the next look, so a replica that stops answering costs one
 * timeout per look, not one per enqueue.
 */
final class ReplicationWait {

    /** How often the replicas are looked at: the same order as a replica's acknowledgements (every second). */
    static final long REFRESH_NANOS = TimeUnit.SECONDS.toNanos(2);

    /** A replica silent for longer than this (seconds since its last acknowledgement) is not waited for. */
    private static final long MAX_LAG_SECONDS = 2;

    /** The result of the writes, and what became of their replication. */
    record Waited<T>(T result, Replication replication) {
    }

    private final RedisConnector redis;
    private final Duration timeout;
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicLong unconfirmed = new AtomicLong();
    private long lookedAtNanos;
    private boolean lookedAt;
    private int connectedReplicas;
    private int answeringReplicas;

    ReplicationWait(RedisConnector redis, Duration timeout) {
        this.redis = redis;
        this.timeout = timeout;
    }

    boolean enabled() {
        return !timeout.isZero();
    }

    /** Writes whose replication no replica acknowledged in time (or was there to acknowledge). */
    long unconfirmed() {
        return unconfirmed.get();
    }

    /**
     * Sends {@code writes} on the waiting connection, then WAIT; returns their result and what
     * became of their replication. Throws {@link QueueUnavailableException} only when the writes
     * themselves fail.
     */
    <T> Waited<T> run(Function<RedisClusterAsyncCommands<String, String>, CompletableFuture<T>> writes, Duration commandTimeout) {
        RedisClusterAsyncCommands<String, String> connection;
        try {
            connection = enabled() ? redis.waitingCommands() : null;
        } catch (RuntimeException e) {
            throw new QueueUnavailableException("Redis unreachable: " + e.getMessage(), e);
        }
        if (connection == null) {
            return new Waited<>(TaskStore.await(writes.apply(redis.commands()), commandTimeout), Replication.NOT_WAITED);
        }
        lock.lock();
        try {
            boolean wait = lookAtReplicas(connection, commandTimeout);
            // Written before WAIT is sent, not pipelined with it: a script the server did not know goes
            // out again as EVAL after its EVALSHA failed, and WAIT covers only the writes sent before it.
            T result = TaskStore.await(writes.apply(connection), commandTimeout);
            if (!wait) {
                if (connectedReplicas == 0) {
                    return new Waited<>(result, Replication.NO_REPLICA);
                }
                unconfirmed.incrementAndGet();
                return new Waited<>(result, Replication.UNCONFIRMED);
            }
            CompletableFuture<Long> acknowledged = connection.waitForReplication(1, timeout.toMillis()).toCompletableFuture();
            Long replicas;
            try {
                replicas = TaskStore.await(acknowledged, timeout.plus(commandTimeout));
            } catch (QueueUnavailableException e) {
                replicas = 0L;
            }
            if (replicas != null && replicas > 0) {
                return new Waited<>(result, Replication.ACKNOWLEDGED);
            }
            // Not answering: wait for no one until the next look at the replicas.
            answeringReplicas = 0;
            unconfirmed.incrementAndGet();
            return new Waited<>(result, Replication.UNCONFIRMED);
        } finally {
            lock.unlock();
        }
    }

    /** Whether to WAIT: reads INFO replication when the last look is older than {@link #REFRESH_NANOS}. */
    private boolean lookAtReplicas(RedisClusterAsyncCommands<String, String> connection, Duration commandTimeout) {
        long now = System.nanoTime();
        if (!lookedAt || now - lookedAtNanos >= REFRESH_NANOS) {
            try {
                String info = TaskStore.await(connection.info("replication").toCompletableFuture(), commandTimeout);
                connectedReplicas = 0;
                answeringReplicas = 0;
                for (String line : info.split("\r?\n")) {
                    if (line.startsWith("connected_slaves:")) {
                        connectedReplicas = Integer.parseInt(line.substring("connected_slaves:".length()).trim());
                    } else if (line.matches("slave\\d+:.*")) {
                        if (line.contains("state=online") && lag(line) <= MAX_LAG_SECONDS) {
                            answeringReplicas++;
                        }
                    }
                }
                lookedAt = true;
                lookedAtNanos = now;
            } catch (QueueUnavailableException | NumberFormatException e) {
                // Looked at again next time; the write itself says whether Redis is there.
                lookedAt = false;
                return false;
            }
        }
        return answeringReplicas > 0;
    }

    private static long lag(String replicaLine) {
        for (String field : List.of(replicaLine.substring(replicaLine.indexOf(':') + 1).split(","))) {
            if (field.startsWith("lag=")) {
                return Long.parseLong(field.substring(4));
            }
        }
        return Long.MAX_VALUE;
    }
}
