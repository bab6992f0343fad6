package com.litper.common.queue;

import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.slf4j.MDC;

/**
 * Enqueues tasks on Redis and lets operators inspect and repair named queues. Thread-safe; one per
 * service is enough. The request id of the enqueuing thread (MDC key {@code requestId}) travels
 * with each task.
 */
public final class TaskQueue implements AutoCloseable {

    /** MDC key of the request id, the same one the web filter sets. */
    public static final String REQUEST_ID_MDC_KEY = "requestId";

    /** How long a de-duplication key suppresses duplicates when the request names no window. */
    public static final Duration DEFAULT_DEDUP_WINDOW = Duration.ofHours(24);

    /** How long an enqueue that matters waits for a replica when the queue is given no other bound. */
    public static final Duration DEFAULT_REPLICATION_WAIT = Duration.ofMillis(150);

    /** Dead letters deleted per trim script call: bounded, so one call never holds Redis up for long. */
    private static final int TRIM_CHUNK = 1_000;

    private final TaskStore store;
    private final TaskRouting routing;
    private final Clock clock;
    private final Duration defaultDedupWindow;
    private final ReplicationWait replicationWait;
    private final TaskTracing tracing;

    public TaskQueue(RedisConnector redis, TaskRouting routing, Clock clock) {
        this(redis, routing, clock, DEFAULT_DEDUP_WINDOW);
    }

    public TaskQueue(RedisConnector redis, TaskRouting routing, Clock clock, Duration defaultDedupWindow) {
        this(redis, routing, clock, defaultDedupWindow, DEFAULT_REPLICATION_WAIT);
    }

    /**
     * @param replicationWait how long the enqueue of a CRITICAL task, and {@link #enqueueAllReplicated},
     *     wait for a replica to acknowledge the write ({@code WAIT}); zero turns waiting off
     */
    public TaskQueue(RedisConnector redis, TaskRouting routing, Clock clock, Duration defaultDedupWindow, Duration replicationWait) {
        this(redis, routing, clock, defaultDedupWindow, replicationWait, TaskTracing.NONE);
    }

    /**
     * @param tracing what puts the enqueuer's trace context into each task and runs tasks of this
     *     queue's workers in spans
     */
    public TaskQueue(RedisConnector redis, TaskRouting routing, Clock clock, Duration defaultDedupWindow, Duration replicationWait,
            TaskTracing tracing) {
        this.tracing = Objects.requireNonNull(tracing, "tracing");
        this.store = new TaskStore(Objects.requireNonNull(redis, "redis"));
        this.routing = Objects.requireNonNull(routing, "routing");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.defaultDedupWindow = Objects.requireNonNull(defaultDedupWindow, "defaultDedupWindow");
        if (Objects.requireNonNull(replicationWait, "replicationWait").isNegative()) {
            throw new IllegalArgumentException("Replication wait must not be negative, was " + replicationWait);
        }
        this.replicationWait = new ReplicationWait(redis, replicationWait);
    }

    /** Tasks enqueued, and what became of their replication. */
    public record Enqueued(List<String> ids, Replication replication) {
    }

    /** Enqueues a task to run as soon as possible and returns its id. */
    public String enqueue(String type, String payload, TaskPriority priority) {
        return enqueue(TaskRequest.of(type, payload, priority));
    }

    /**
     * Enqueues a task and returns its id; when its de-duplication key was used within its window,
     * nothing is enqueued and the id of the earlier task is returned.
     */
    public String enqueue(TaskRequest request) {
        return enqueueAll(List.of(request)).get(0);
    }

    /**
     * Enqueues many tasks in few round trips (pipelined script calls per named queue) and returns
     * their ids in order. Each chunk is atomic; a failure part-way may leave earlier chunks enqueued.
     */
    public List<String> enqueueAll(List<TaskRequest> requests) {
        if (replicationWait.enabled() && requests.stream().anyMatch(request -> request.priority() == TaskPriority.CRITICAL)) {
            return enqueueAllReplicated(requests).ids();
        }
        return enqueueAll(requests, false).ids();
    }

    /**
     * {@link #enqueueAll}, then waits up to the replication wait for a replica to acknowledge the
     * tasks ({@code WAIT 1}). A replica that does not answer in time does not fail the enqueue: the
     * result says {@link Replication#UNCONFIRMED} and {@link #unconfirmedReplications()} counts it.
     */
    public Enqueued enqueueAllReplicated(List<TaskRequest> requests) {
        return enqueueAll(requests, true);
    }

    /** Enqueues whose replication no replica acknowledged in time, since this queue was made. */
    public long unconfirmedReplications() {
        return replicationWait.unconfirmed();
    }

    private Enqueued enqueueAll(List<TaskRequest> requests, boolean replicated) {
        long now = clock.millis();
        Instant nowInstant = Instant.ofEpochMilli(now);
        String callersRequestId = TaskCodec.safeRequestId(MDC.get(REQUEST_ID_MDC_KEY));
        String callersTraceparent = TaskCodec.safeTraceparent(tracing.currentTraceparent());
        Map<String, List<Integer>> positionsByQueue = new LinkedHashMap<>();
        Map<String, List<TaskStore.NewTask>> tasksByQueue = new LinkedHashMap<>();
        for (int i = 0; i < requests.size(); i++) {
            TaskRequest request = requests.get(i);
            String queue = routing.queueFor(request.type());
            String id = TaskIds.next(now);
            String requestField;
            if (request.requestId() == null) {
                requestField = TaskCodec.requestField(callersRequestId, callersTraceparent);
            } else {
                // Caused by someone else (e.g. an outbox row): their request id and trace context, or none.
                String traceparent = TaskCodec.traceparentOf(request.requestId());
                String requestId = traceparent.isEmpty() ? request.requestId()
                        : request.requestId().substring(0, request.requestId().length() - traceparent.length() - 1);
                requestField = TaskCodec.requestField(TaskCodec.safeRequestId(requestId), traceparent);
            }
            String encoded = TaskCodec.encode(id, request.type(), request.priority(), 1, now, requestField, request.payload());
            Duration window = request.dedupWindow() == null ? defaultDedupWindow : request.dedupWindow();
            tasksByQueue.computeIfAbsent(queue, q -> new ArrayList<>()).add(new TaskStore.NewTask(id, encoded,
                    request.priority(), request.dueAt(nowInstant).toEpochMilli(), request.dedupKey(), window.toMillis()));
            positionsByQueue.computeIfAbsent(queue, q -> new ArrayList<>()).add(i);
        }
        String[] ids = new String[requests.size()];
        Replication replication = Replication.NOT_WAITED;
        if (replicated) {
            ReplicationWait.Waited<Map<String, List<String>>> waited = replicationWait.run(
                    connection -> enqueueOn(connection, tasksByQueue, now), store.redis().commandTimeout());
            waited.result().forEach((queue, queued) -> place(ids, positionsByQueue.get(queue), queued));
            replication = waited.replication();
        } else {
            tasksByQueue.forEach((queue, tasks) -> place(ids, positionsByQueue.get(queue), store.enqueue(queue, tasks, now)));
        }
        return new Enqueued(List.of(ids), replication);
    }

    /** Every named queue's script calls pipelined on {@code connection}. */
    private CompletableFuture<Map<String, List<String>>> enqueueOn(
            RedisClusterAsyncCommands<String, String> connection,
            Map<String, List<TaskStore.NewTask>> tasksByQueue, long now) {
        Map<String, CompletableFuture<List<String>>> sent = new LinkedHashMap<>();
        tasksByQueue.forEach((queue, tasks) -> sent.put(queue, store.enqueue(connection, queue, tasks, now)));
        return CompletableFuture.allOf(sent.values().toArray(CompletableFuture[]::new))
                .thenApply(done -> {
                    Map<String, List<String>> queued = new LinkedHashMap<>();
                    sent.forEach((queue, future) -> queued.put(queue, future.join()));
                    return queued;
                });
    }

    private static void place(String[] ids, List<Integer> positions, List<String> queued) {
        for (int i = 0; i < positions.size(); i++) {
            ids[positions.get(i)] = queued.get(i);
        }
    }

    /** The tracing of this queue's tasks. */
    public TaskTracing tracing() {
        return tracing;
    }

    public TaskRouting routing() {
        return routing;
    }

    /** Tasks of {@code priority} ready to run in {@code queue}, not counting delayed or running ones. */
    public long depth(String queue, TaskPriority priority) {
        return store.readyCount(queue, priority);
    }

    /** Tasks in {@code queue} waiting for a due time: delayed, or backing off before a retry. */
    public long delayedCount(String queue) {
        return store.delayedCount(queue);
    }

    /** Tasks of {@code queue} leased to workers right now (running, or held by a worker that died). */
    public long leasedCount(String queue) {
        return store.leaseCount(queue);
    }

    /** Dead letters of {@code queue}, oldest first. */
    public List<DeadLetter> deadLetters(String queue, long offset, int limit) {
        return store.deadLetters(queue, offset, limit);
    }

    public long deadLetterCount(String queue) {
        return store.deadLetterCount(queue);
    }

    /** Puts the given dead letters back in their ready lists with fresh attempts; returns how many. */
    public long replayDeadLetters(String queue, List<String> ids) {
        return ids.isEmpty() ? 0 : store.replayDeadLetters(queue, ids);
    }

    /** Replays every dead letter of {@code queue}; returns how many. */
    public long replayAllDeadLetters(String queue) {
        long replayed = 0;
        while (true) {
            List<String> ids = store.deadLetters(queue, 0, 500).stream().map(letter -> letter.task().id()).toList();
            if (ids.isEmpty()) {
                return replayed;
            }
            long now = store.replayDeadLetters(queue, ids);
            if (now == 0) {
                return replayed;
            }
            replayed += now;
        }
    }

    /** Deletes the given dead letters; returns how many existed. */
    public long purgeDeadLetters(String queue, List<String> ids) {
        return ids.isEmpty() ? 0 : store.purgeDeadLetters(queue, ids);
    }

    /** Deletes every dead letter of {@code queue}; returns how many there were. */
    public long purgeAllDeadLetters(String queue) {
        return store.purgeDeadLetters(queue, List.of());
    }

    /**
     * Deletes the dead letters of {@code queue} beyond its retention: those older than
     * {@code maxAge} by this queue's clock, then the oldest beyond {@code maxCount}. Atomic per call
     * of at most 1,000 deletions; safe to run from several processes at once.
     */
    public DeadLetterRetention.Trimmed trimDeadLetters(String queue, DeadLetterRetention retention) {
        long cutoff = clock.millis() - retention.maxAge().toMillis();
        long tooOld = 0;
        long tooMany = 0;
        while (true) {
            DeadLetterRetention.Trimmed trimmed = store.trimDeadLetters(queue, cutoff, retention.maxCount(), TRIM_CHUNK);
            tooOld += trimmed.tooOld();
            tooMany += trimmed.tooMany();
            if (trimmed.total() < TRIM_CHUNK) {
                return new DeadLetterRetention.Trimmed(tooOld, tooMany);
            }
        }
    }

    TaskStore store() {
        return store;
    }

    Clock clock() {
        return clock;
    }

    /** Closes the connections; a connector built on someone else's client leaves that client open. */
    @Override
    public void close() {
        store.redis().close();
    }
}
