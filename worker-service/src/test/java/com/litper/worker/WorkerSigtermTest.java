package com.litper.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.litper.common.queue.RedisConnector;
import com.litper.common.queue.TaskPriority;
import com.litper.common.queue.TaskQueue;
import com.litper.common.queue.TaskRouting;
import com.litper.embedded.EmbeddedInfrastructure;
import com.litper.workertest.SlowTaskHandler;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** SIGTERM to a running worker-service hands its in-flight task back to the queue at once. */
@ExtendWith(EmbeddedInfrastructure.class)
class WorkerSigtermTest {

    @Test
    void sigtermHandsTheInFlightTaskBack() throws Exception {
        String queueName = "sigterm-" + UUID.randomUUID().toString().substring(0, 8);
        String redisUrl = EmbeddedInfrastructure.redis().url();
        Process service = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                WorkerApplication.class.getName(),
                "--server.port=0", "--management.server.port=0",
                "--spring.data.redis.url=" + redisUrl,
                "--spring.main.sources=" + SlowTaskHandler.class.getName(),
                "--litper.queue.default-queue=" + queueName,
                "--litper.queue.worker.shutdown-grace=1s",
                "--litper.queue.worker.poll-interval=100ms")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        try (TaskQueue queue = new TaskQueue(RedisConnector.create(redisUrl), TaskRouting.single(queueName), Clock.systemUTC())) {
            queue.enqueue("slow_report", "{\"report\":\"monthly\"}", TaskPriority.LOW);
            await().atMost(Duration.ofSeconds(90)).until(() -> queue.leasedCount(queueName) == 1);

            service.destroy();
            assertThat(service.waitFor(30, TimeUnit.SECONDS)).isTrue();

            // No other worker runs, so no reaper: only a hand-back puts the task back in its ready list.
            assertThat(queue.leasedCount(queueName)).isZero();
            assertThat(queue.depth(queueName, TaskPriority.LOW)).isEqualTo(1);
        } finally {
            service.destroyForcibly();
        }
    }
}
