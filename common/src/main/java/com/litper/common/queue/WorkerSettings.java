package com.litper.common.queue;

import java.time.Duration;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How a {@link TaskWorker} runs.
 *
 * @param queues named queues consumed; empty means the routing's default queue
 * @param priorities priorities consumed (the "all" workers and the "low pri" workers)
 * @param concurrency most tasks running at once
 * @param timeouts per-priority attempt timeouts overriding {@link TaskPriority#defaultTimeout()}
 * @param leaseMargin how much longer than its timeout a task stays leased before other workers may
 *     take it, so a worker's own timeout normally wins over a reclaim
 * @param retryPolicy attempts and backoff
 * @param shutdownGrace how long {@link TaskWorker#stop()} waits for running tasks before handing them back
 * @param pollInterval longest wait between looks at an idle queue (new work normally wakes a worker sooner)
 * @param reclaimInterval how often expired leases are looked for
 */
public record WorkerSettings(List<String> queues, Set<TaskPriority> priorities, int concurrency,
        Map<TaskPriority, Duration> timeouts, Duration leaseMargin, RetryPolicy retryPolicy, Duration shutdownGrace,
        Duration pollInterval, Duration reclaimInterval) {

    public WorkerSettings {
        queues = List.copyOf(queues);
        queues.forEach(QueueKeys::requireValidName);
        if (priorities.isEmpty()) {
            throw new IllegalArgumentException("A worker must consume at least one priority");
        }
        priorities = Set.copyOf(EnumSet.copyOf(priorities));
        if (concurrency < 1 || concurrency > 1000) {
            throw new IllegalArgumentException("concurrency must be between 1 and 1000, was " + concurrency);
        }
        timeouts = Map.copyOf(timeouts);
        timeouts.values().forEach(timeout -> requirePositive("timeout", timeout));
        requireNotNegative("leaseMargin", leaseMargin);
        Objects.requireNonNull(retryPolicy, "retryPolicy");
        requireNotNegative("shutdownGrace", shutdownGrace);
        requirePositive("pollInterval", pollInterval);
        requirePositive("reclaimInterval", reclaimInterval);
    }

    /** All priorities, concurrency 10, the seed's timeouts, 2/4/8 s backoff over 3 attempts. */
    public static WorkerSettings defaults() {
        return new WorkerSettings(List.of(), EnumSet.allOf(TaskPriority.class), 10, Map.of(), Duration.ofSeconds(5),
                RetryPolicy.DEFAULT, Duration.ofSeconds(25), Duration.ofSeconds(1), Duration.ofSeconds(1));
    }

    public Duration timeout(TaskPriority priority) {
        return timeouts.getOrDefault(priority, priority.defaultTimeout());
    }

    public WorkerSettings withQueues(String... names) {
        return new WorkerSettings(List.of(names), priorities, concurrency, timeouts, leaseMargin, retryPolicy, shutdownGrace, pollInterval, reclaimInterval);
    }

    public WorkerSettings withPriorities(Set<TaskPriority> consumed) {
        return new WorkerSettings(queues, consumed, concurrency, timeouts, leaseMargin, retryPolicy, shutdownGrace, pollInterval, reclaimInterval);
    }

    public WorkerSettings withConcurrency(int slots) {
        return new WorkerSettings(queues, priorities, slots, timeouts, leaseMargin, retryPolicy, shutdownGrace, pollInterval, reclaimInterval);
    }

    public WorkerSettings withTimeout(TaskPriority priority, Duration timeout) {
        Map<TaskPriority, Duration> changed = new EnumMap<>(TaskPriority.class);
        changed.putAll(timeouts);
        changed.put(priority, timeout);
        return new WorkerSettings(queues, priorities, concurrency, changed, leaseMargin, retryPolicy, shutdownGrace, pollInterval, reclaimInterval);
    }

    public WorkerSettings withLeaseMargin(Duration margin) {
        return new WorkerSettings(queues, priorities, concurrency, timeouts, margin, retryPolicy, shutdownGrace, pollInterval, reclaimInterval);
    }

    public WorkerSettings withRetryPolicy(RetryPolicy policy) {
        return new WorkerSettings(queues, priorities, concurrency, timeouts, leaseMargin, policy, shutdownGrace, pollInterval, reclaimInterval);
    }

    public WorkerSettings withShutdownGrace(Duration grace) {
        return new WorkerSettings(queues, priorities, concurrency, timeouts, leaseMargin, retryPolicy, grace, pollInterval, reclaimInterval);
    }

    public WorkerSettings withPollInterval(Duration interval) {
        return new WorkerSettings(queues, priorities, concurrency, timeouts, leaseMargin, retryPolicy, shutdownGrace, interval, reclaimInterval);
    }

    public WorkerSettings withReclaimInterval(Duration interval) {
        return new WorkerSettings(queues, priorities, concurrency, timeouts, leaseMargin, retryPolicy, shutdownGrace, pollInterval, interval);
    }

    private static void requirePositive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }

    private static void requireNotNegative(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, was " + value);
        }
    }
}
