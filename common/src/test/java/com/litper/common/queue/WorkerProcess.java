package com.litper.common.queue;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * A worker in a JVM of its own, for tests that kill a worker process mid-task. Its handler marks
 * the task as started in Redis (so the test knows when to kill) and then works for a minute.
 * Arguments: redis URL, queue name, CRITICAL timeout in ms.
 */
public final class WorkerProcess {

    private WorkerProcess() {
    }

    public static void main(String[] args) throws Exception {
        String redisUrl = args[0];
        String queueName = args[1];
        Duration timeout = Duration.ofMillis(Long.parseLong(args[2]));
        RedisConnector redis = RedisConnector.create(redisUrl);
        TaskQueue queue = new TaskQueue(redis, TaskRouting.single(queueName), Clock.systemUTC());
        TaskHandler slow = TaskHandler.of("alert", task -> {
            redis.commands().set(startedKey(queueName, task.id()), Integer.toString(task.attempt())).get();
            Thread.sleep(60_000);
        });
        WorkerSettings settings = WorkerSettings.defaults().withQueues(queueName).withConcurrency(1)
                .withTimeout(TaskPriority.CRITICAL, timeout).withLeaseMargin(Duration.ZERO)
                .withPollInterval(Duration.ofMillis(50));
        new TaskWorker(queue, List.of(slow), settings, TaskListener.NONE).start();
        Thread.sleep(Long.MAX_VALUE);
    }

    static String startedKey(String queueName, String taskId) {
        return "test:{" + queueName + "}:started:" + taskId;
    }
}
