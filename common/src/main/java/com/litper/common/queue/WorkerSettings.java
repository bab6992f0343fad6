package com.litper.common.queue;

import java.time.Duration;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How a {@link TaskWorker} runs.
 *
 * @param queues named queues consumed; empty means the routing's default queue
 * @param priorities priorities consumed (the "all" workers and the "low pri" workers)
 * @param concurrency most tasks running at once
 * @param timeouts per-priority attempt timeouts overriding {@link TaskPriority#defaultTimeout()}
 * @param leaseMargin how much longer than its timeout a task may stay leased: a lease is never longer
 *     than the timeout plus this margin (see {@link #lease(TaskPriority)})
 * @param leaseDuration how long a lease lasts unless renewed: the worker renews it every third of
 *     it while the handler runs, so a task whose worker died runs again about this long (plus the
 *     reclaim interval) after the worker's last renewal, whatever its timeout
 * @param retryPolicy attempts and backoff of task types without a policy of their own
 * @param shutdownGrace how long {@link TaskWorker#stop()} waits for running tasks before handing them back
 * @param pollInterval longest wait between looks at an idle queue (new work normally wakes a worker sooner)
 * @param reclaimInterval how often expired leases are looked for
 * @param retryPolicies task type to its own retry policy; every worker of a named queue should have
 *     the same ones, since any of them may reclaim a task whose worker died
 */
public record WorkerSettings(List<String> queues, Set<TaskPriority> priorities, int concurrency,
        Map<TaskPriority, Duration> timeouts, Duration leaseMargin, Duration leaseDuration, RetryPolicy retryPolicy,
        Duration shutdownGrace, Duration pollInterval, Duration reclaimInterval, Map<String, RetryPolicy> retryPolicies) {

    /** The default {@link #leaseDuration()}. */
    public static final Duration DEFAULT_LEASE_DURATION = Duration.ofSeconds(15);

    private static final Pattern TASK_TYPE = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

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
        requirePositive("leaseDuration", leaseDuration);
        Objects.requireNonNull(retryPolicy, "retryPolicy");
        requireNotNegative("shutdownGrace", shutdownGrace);
        requirePositive("pollInterval", pollInterval);
        requirePositive("reclaimInterval", reclaimInterval);
        retryPolicies = Map.copyOf(retryPolicies);
        retryPolicies.keySet().forEach(type -> {
            if (!TASK_TYPE.matcher(type).matches()) {
                throw new IllegalArgumentException("Task type must be 1-64 letters, digits or _ . : -, was '" + type + "'");
            }
        });
    }

    /** Settings where every task type has the worker's retry policy and leases last {@link #DEFAULT_LEASE_DURATION}. */
    public WorkerSettings(List<String> queues, Set<TaskPriority> priorities, int concurrency,
            Map<TaskPriority, Duration> timeouts, Duration leaseMargin, RetryPolicy retryPolicy, Duration shutdownGrace,
            Duration pollInterval, Duration reclaimInterval) {
        this(queues, priorities, concurrency, timeouts, leaseMargin, DEFAULT_LEASE_DURATION, retryPolicy, shutdownGrace, pollInterval,
                reclaimInterval, Map.of());
    }

    /** All priorities, concurrency 10, the seed's timeouts, 15 s leases, 3 attempts with 2/4/8 s base backoff and equal jitter. */
    public static WorkerSettings defaults() {
        return new WorkerSettings(List.of(), EnumSet.allOf(TaskPriority.class), 10, Map.of(), Duration.ofSeconds(5),
                RetryPolicy.DEFAULT, Duration.ofSeconds(25), Duration.ofSeconds(1), Duration.ofSeconds(1));
    }

    public Duration timeout(TaskPriority priority) {
        return timeouts.getOrDefault(priority, priority.defaultTimeout());
    }

    /**
     * How long a lease of a task of {@code priority} lasts unless renewed: the lease duration, but
     * never longer than the priority's timeout plus the lease margin, which is all the lease a task
     * ever needs (a renewed lease lasts as long as the attempt anyway).
     */
    public Duration lease(TaskPriority priority) {
        Duration bound = timeout(priority).plus(leaseMargin);
        return leaseDuration.compareTo(bound) <= 0 ? leaseDuration : bound;
    }

    /** The retry policy of {@code taskType}: its own, or the worker's. */
    public RetryPolicy retryPolicy(String taskType) {
        return retryPolicies.getOrDefault(taskType, retryPolicy);
    }

    public WorkerSettings withQueues(String... names) {
        return new WorkerSettings(List.of(names), priorities, concurrency, timeouts, leaseMargin, leaseDuration, retryPolicy, shutdownGrace, pollInterval, reclaimInterval, retryPolicies);
    }

    public WorkerSettings withPriorities(Set<TaskPriority> consumed) {
        return new WorkerSettings(queues, consumed, concurrency, timeouts, leaseMargin, leaseDuration, retryPolicy, shutdownGrace, pollInterval, reclaimInterval, retryPolicies);
    }

    public WorkerSettings withConcurrency(int slots) {
        return new WorkerSettings(queues, priorities, slots, timeouts, leaseMargin, leaseDuration, retryPolicy, shutdownGrace, pollInterval, reclaimInterval, retryPolicies);
    }

    public WorkerSettings withTimeout(TaskPriority priority, Duration timeout) {
        Map<TaskPriority, Duration> changed = new EnumMap<>(TaskPriority.class);
        changed.putAll(timeouts);
        changed.put(priority, timeout);
        return new WorkerSettings(queues, priorities, concurrency, changed, leaseMargin, leaseDuration, retryPolicy, shutdownGrace, pollInterval, reclaimInterval, retryPolicies);
    }

    public WorkerSettings withLeaseMargin(Duration margin) {
        return new WorkerSettings(queues, priorities, concurrency, timeouts, margin, leaseDuration, retryPolicy, shutdownGrace, pollInterval, reclaimInterval, retryPolicies);
    }

    public WorkerSettings withLeaseDuration(Duration duration) {
        return new WorkerSettings(queues, priorities, concurrency, timeouts, leaseMargin, duration, retryPolicy, shutdownGrace, pollInterval, reclaimInterval, retryPolicies);
    }

    public WorkerSettings withRetryPolicy(RetryPolicy policy) {
        return new WorkerSettings(queues, priorities, concurrency, timeouts, leaseMargin, leaseDuration, policy, shutdownGrace, pollInterval, reclaimInterval, retryPolicies);
    }

    /** Settings where tasks of {@code taskType} are retried by {@code policy} instead of the worker's policy. */
    public WorkerSettings withRetryPolicy(String taskType, RetryPolicy policy) {
        Map<String, RetryPolicy> changed = new HashMap<>(retryPolicies);
        changed.put(taskType, Objects.requireNonNull(policy, "policy"));
        return new WorkerSettings(queues, priorities, concurrency, timeouts, leaseMargin, leaseDuration, retryPolicy, shutdownGrace, pollInterval, reclaimInterval, changed);
    }

    public WorkerSettings withShutdownGrace(Duration grace) {
        return new WorkerSettings(queues, priorities, concurrency, timeouts, leaseMargin, leaseDuration, retryPolicy, grace, pollInterval, reclaimInterval, retryPolicies);
    }

    public WorkerSettings withPollInterval(Duration interval) {
        return new WorkerSettings(queues, priorities, concurrency, timeouts, leaseMargin, leaseDuration, retryPolicy, shutdownGrace, interval, reclaimInterval, retryPolicies);
    }

    public WorkerSettings withReclaimInterval(Duration interval) {
        return new WorkerSettings(queues, priorities, concurrency, timeouts, leaseMargin, leaseDuration, retryPolicy, shutdownGrace, pollInterval, interval, retryPolicies);
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
