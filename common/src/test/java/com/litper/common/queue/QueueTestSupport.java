package com.litper.common.queue;

import com.litper.embedded.EmbeddedInfrastructure;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A fresh named queue per test on the test JVM's real Redis, and workers with short timeouts and
 * backoffs so behaviours that take seconds in production take a fraction of one here.
 */
@ExtendWith(EmbeddedInfrastructure.class)
abstract class QueueTestSupport {

    protected final MutableClock clock = new MutableClock();
    protected String queueName;
    protected RedisConnector redis;
    protected TaskQueue queue;
    private final List<TaskWorker> workers = new ArrayList<>();

    /** Where the queue's Redis is; subclasses for other topologies override it. */
    protected String redisUrl() {
        return EmbeddedInfrastructure.redis().url();
    }

    /** The queue's connector; subclasses for Redis Cluster override it. */
    protected RedisConnector connect() {
        return RedisConnector.create(redisUrl());
    }

    protected Clock clock() {
        return clock;
    }

    @BeforeEach
    void openQueue() {
        queueName = "t-" + UUID.randomUUID().toString().substring(0, 8);
        redis = connect();
        queue = new TaskQueue(redis, TaskRouting.single(queueName), clock());
    }

    @AfterEach
    void closeQueue() {
        workers.forEach(TaskWorker::stop);
        queue.close();
    }

    /** Fast settings: 2 s timeouts, 100/200 ms backoff, 3 attempts, 50 ms polls and reclaims. */
    protected WorkerSettings fastSettings() {
        WorkerSettings settings = WorkerSettings.defaults()
                .withQueues(queueName)
                .withLeaseMargin(Duration.ZERO)
                .withRetryPolicy(new RetryPolicy(3, Duration.ofMillis(100), 2.0))
                .withShutdownGrace(Duration.ofSeconds(2))
                .withPollInterval(Duration.ofMillis(50))
                .withReclaimInterval(Duration.ofMillis(50));
        for (TaskPriority priority : TaskPriority.values()) {
            settings = settings.withTimeout(priority, Duration.ofSeconds(2));
        }
        return settings;
    }

    protected TaskWorker startWorker(WorkerSettings settings, TaskHandler... handlers) {
        return startWorker(settings, List.of(handlers), TaskListener.NONE);
    }

    protected TaskWorker startWorker(WorkerSettings settings, Collection<TaskHandler> handlers, TaskListener listener) {
        TaskWorker worker = new TaskWorker(queue, handlers, settings, listener);
        workers.add(worker);
        worker.start();
        return worker;
    }

    /** Nothing left anywhere in the queue: no ready, delayed, leased or dead task. */
    protected boolean queueIsEmpty() {
        for (TaskPriority priority : TaskPriority.values()) {
            if (queue.depth(queueName, priority) > 0) {
                return false;
            }
        }
        return queue.delayedCount(queueName) == 0 && queue.leasedCount(queueName) == 0 && queue.deadLetterCount(queueName) == 0;
    }
}
