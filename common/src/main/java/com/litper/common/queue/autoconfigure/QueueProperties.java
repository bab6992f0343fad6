package com.litper.common.queue.autoconfigure;

import com.litper.common.queue.RetryPolicy;
import com.litper.common.queue.TaskPriority;
import com.litper.common.queue.TaskRouting;
import com.litper.common.queue.WorkerSettings;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The task queue: where task types go, and how this service's worker (if it runs one) consumes them.
 * Redis itself is configured with Spring Boot's {@code spring.data.redis.*} (URL, Sentinel, Cluster).
 *
 * @param defaultQueue named queue of task types without a route
 * @param routes task type to named queue, overriding the queue its contract names (e.g. to move
 *     {@code carrier_event} to a queue of its own); must be the same in every service that enqueues those types
 * @param dedupWindow how long a de-duplication key suppresses duplicates when the enqueuer names no window
 * @param depthRefreshInterval how often the queue depth gauges are read from Redis
 * @param replicationWait how long the enqueue of a CRITICAL task, and each outbox relay batch, wait
 *     for a replica to acknowledge it ({@code WAIT 1}) when the master has one; zero turns it off.
 *     A replica that does not answer in time does not fail the enqueue, it is counted
 *     ({@code litper.queue.replication.unconfirmed})
 * @param worker this service's worker
 */
@Validated
@ConfigurationProperties("litper.queue")
public record QueueProperties(
        @DefaultValue("worker") @NotNull @Pattern(regexp = "[A-Za-z0-9_.-]{1,64}") String defaultQueue,
        Map<String, String> routes,
        @DefaultValue("24h") @NotNull Duration dedupWindow,
        @DefaultValue("5s") @NotNull Duration depthRefreshInterval,
        @DefaultValue("150ms") @NotNull Duration replicationWait,
        @DefaultValue @NotNull @Valid Worker worker) {

    public QueueProperties {
        routes = routes == null ? Map.of() : Map.copyOf(routes);
        if (dedupWindow.isZero() || dedupWindow.isNegative()) {
            throw new IllegalArgumentException("litper.queue.dedup-window must be positive, was " + dedupWindow);
        }
        if (replicationWait.isNegative() || replicationWait.compareTo(Duration.ofSeconds(5)) > 0) {
            throw new IllegalArgumentException("litper.queue.replication-wait must be between 0 and 5s, was " + replicationWait);
        }
        if (depthRefreshInterval.isZero() || depthRefreshInterval.isNegative()) {
            throw new IllegalArgumentException("litper.queue.depth-refresh-interval must be positive, was " + depthRefreshInterval);
        }
    }

    /** The contracts' routes with this configuration's overrides on top. */
    TaskRouting routing(Map<String, String> contractRoutes) {
        Map<String, String> merged = new java.util.LinkedHashMap<>(contractRoutes);
        merged.putAll(routes);
        return new TaskRouting(defaultQueue, merged);
    }

    /**
     * A worker running the task handlers of this service.
     *
     * @param enabled whether this service runs a worker at all
     * @param queues named queues to consume; empty means the default queue
     * @param priorities priorities to consume: all of them, or e.g. only {@code LOW} for "low pri" workers
     * @param concurrency most tasks running at once in this process
     * @param timeouts per-priority attempt timeouts overriding the defaults (CRITICAL 30 s, HIGH 60 s,
     *     NORMAL 300 s, LOW 600 s)
     * @param leaseMargin a lease never lasts longer than its task's timeout plus this margin
     * @param leaseDuration how long a lease lasts unless renewed; running tasks renew theirs every
     *     third of it, so a task whose worker died (killed, cut off from Redis, frozen) runs again
     *     about this long after the worker's last renewal, plus the reclaim interval, whatever its timeout
     * @param maxAttempts attempts a task gets before it becomes a dead letter
     * @param initialBackoff wait before the second attempt
     * @param backoffMultiplier growth of the base wait for each further attempt (2 gives 2 s, 4 s, 8 s)
     * @param backoffJitter how each wait is drawn from its base: {@code EQUAL} (between half the base
     *     and the base), {@code FULL} (between zero and the base) or {@code NONE} (exactly the base)
     * @param shutdownGrace how long a stopping worker lets running tasks finish before handing them
     *     back; keep it below {@code spring.lifecycle.timeout-per-shutdown-phase}
     * @param pollInterval longest pause between looks at an idle queue; new work normally wakes the worker at once
     * @param reclaimInterval how often the worker looks for expired leases of dead workers
     * @param retryPolicies task type to its own attempts and backoff; what a type leaves unset comes
     *     from the settings above. Give every service that consumes the same named queue the same ones
     */
    public record Worker(
            @DefaultValue("false") boolean enabled,
            List<@Pattern(regexp = "[A-Za-z0-9_.-]{1,64}") String> queues,
            @DefaultValue({"CRITICAL", "HIGH", "NORMAL", "LOW"}) @NotEmpty Set<TaskPriority> priorities,
            @DefaultValue("10") @Min(1) @Max(1000) int concurrency,
            Map<TaskPriority, Duration> timeouts,
            @DefaultValue("5s") @NotNull Duration leaseMargin,
            @DefaultValue("15s") @NotNull Duration leaseDuration,
            @DefaultValue("3") @Min(1) int maxAttempts,
            @DefaultValue("2s") @NotNull Duration initialBackoff,
            @DefaultValue("2.0") @DecimalMin("1.0") double backoffMultiplier,
            @DefaultValue("EQUAL") @NotNull RetryPolicy.Jitter backoffJitter,
            @DefaultValue("25s") @NotNull Duration shutdownGrace,
            @DefaultValue("1s") @NotNull Duration pollInterval,
            @DefaultValue("1s") @NotNull Duration reclaimInterval,
            Map<@Pattern(regexp = "[A-Za-z0-9_.:-]{1,64}") String, @Valid TypeRetryPolicy> retryPolicies) {

        public Worker {
            queues = queues == null ? List.of() : List.copyOf(queues);
            timeouts = timeouts == null ? Map.of() : Map.copyOf(timeouts);
            retryPolicies = retryPolicies == null ? Map.of() : Map.copyOf(retryPolicies);
        }

        RetryPolicy retryPolicy() {
            return new RetryPolicy(maxAttempts, initialBackoff, backoffMultiplier, backoffJitter);
        }

        WorkerSettings settings() {
            WorkerSettings settings = WorkerSettings.defaults()
                    .withQueues(queues.toArray(String[]::new))
                    .withPriorities(priorities)
                    .withConcurrency(concurrency)
                    .withLeaseMargin(leaseMargin)
                    .withLeaseDuration(leaseDuration)
                    .withRetryPolicy(retryPolicy())
                    .withShutdownGrace(shutdownGrace)
                    .withPollInterval(pollInterval)
                    .withReclaimInterval(reclaimInterval);
            for (Map.Entry<TaskPriority, Duration> timeout : timeouts.entrySet()) {
                settings = settings.withTimeout(timeout.getKey(), timeout.getValue());
            }
            for (Map.Entry<String, TypeRetryPolicy> type : retryPolicies.entrySet()) {
                settings = settings.withRetryPolicy(type.getKey(), type.getValue().over(retryPolicy()));
            }
            return settings;
        }
    }

    /**
     * The retry policy of one task type ({@code litper.queue.worker.retry-policies.<type>.*}); an
     * unset field takes the worker's value.
     *
     * @param maxAttempts attempts a task of this type gets before it becomes a dead letter
     * @param initialBackoff base wait before its second attempt
     * @param multiplier growth of the base wait for each further attempt
     * @param jitter how each wait is drawn from its base ({@code EQUAL}, {@code FULL} or {@code NONE})
     */
    public record TypeRetryPolicy(
            @Min(1) Integer maxAttempts,
            Duration initialBackoff,
            @DecimalMin("1.0") Double multiplier,
            RetryPolicy.Jitter jitter) {

        RetryPolicy over(RetryPolicy worker) {
            return new RetryPolicy(
                    maxAttempts == null ? worker.maxAttempts() : maxAttempts,
                    initialBackoff == null ? worker.initialBackoff() : initialBackoff,
                    multiplier == null ? worker.multiplier() : multiplier,
                    jitter == null ? worker.jitter() : jitter);
        }
    }
}
