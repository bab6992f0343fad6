package com.litper.common.queue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A worker in a JVM of its own, for tests that kill or freeze a worker process mid-task. Its handler
 * marks the task as started in Redis (so the test knows when to kill) and then works for ten
 * minutes, unless interrupted, which it marks too.
 * Arguments: redis URL, queue name, task type, priority, that priority's timeout in ms, lease
 * duration in ms.
 */
public final class WorkerProcess {

    private WorkerProcess() {
    }

    public static void main(String[] args) throws Exception {
        String redisUrl = args[0];
        String queueName = args[1];
        String taskType = args[2];
        TaskPriority priority = TaskPriority.valueOf(args[3]);
        Duration timeout = Duration.ofMillis(Long.parseLong(args[4]));
        Duration leaseDuration = Duration.ofMillis(Long.parseLong(args[5]));
        RedisConnector redis = RedisConnector.create(redisUrl);
        TaskQueue queue = new TaskQueue(redis, TaskRouting.single(queueName), Clock.systemUTC());
        TaskHandler slow = TaskHandler.of(taskType, task -> {
            redis.commands().set(startedKey(queueName, task.id()), Integer.toString(task.attempt())).get();
            try {
                Thread.sleep(Duration.ofMinutes(10).toMillis());
            } catch (InterruptedException e) {
                redis.commands().set(interruptedKey(queueName, task.id()), Integer.toString(task.attempt())).get(5, TimeUnit.SECONDS);
                throw e;
            }
        });
        WorkerSettings settings = WorkerSettings.defaults().withQueues(queueName).withConcurrency(1)
                .withTimeout(priority, timeout).withLeaseMargin(Duration.ZERO).withLeaseDuration(leaseDuration)
                .withPollInterval(Duration.ofMillis(50));
        new TaskWorker(queue, List.of(slow), settings, TaskListener.NONE).start();
        Thread.sleep(Long.MAX_VALUE);
    }

    /** Starts a worker process with these arguments; it writes nothing the test reads but {@link #startedKey} and {@link #interruptedKey}. */
    static Process start(String redisUrl, String queueName, String taskType, TaskPriority priority, Duration timeout,
            Duration leaseDuration) throws IOException {
        return new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                WorkerProcess.class.getName(), redisUrl, queueName, taskType, priority.name(),
                Long.toString(timeout.toMillis()), Long.toString(leaseDuration.toMillis()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    static String startedKey(String queueName, String taskId) {
        return "test:{" + queueName + "}:started:" + taskId;
    }

    static String interruptedKey(String queueName, String taskId) {
        return "test:{" + queueName + "}:interrupted:" + taskId;
    }
}
