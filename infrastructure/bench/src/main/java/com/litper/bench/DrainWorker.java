package com.litper.bench;

import com.litper.common.queue.RedisConnector;
import com.litper.common.queue.TaskHandler;
import com.litper.common.queue.TaskListener;
import com.litper.common.queue.TaskPriority;
import com.litper.common.queue.TaskQueue;
import com.litper.common.queue.TaskRouting;
import com.litper.common.queue.TaskWorker;
import com.litper.common.queue.WorkerSettings;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One worker process of a {@code queue-bench --workers W} run: drains no-op tasks from the named
 * queue and, each time the queue is empty again after some work, prints
 * {@code drained <tasks> <first start µs> <last end µs>} (wall clock, so the parent can combine the
 * processes' figures). Exits when its standard input closes.
 */
final class DrainWorker {

    private DrainWorker() {
    }

    static void run(String redisUrl, String queueName, int concurrency) throws Exception {
        TaskQueue queue = new TaskQueue(RedisConnector.create(redisUrl), TaskRouting.single(queueName), Clock.systemUTC());
        AtomicLong count = new AtomicLong();
        AtomicLong first = new AtomicLong(Long.MAX_VALUE);
        AtomicLong last = new AtomicLong();
        TaskHandler noop = TaskHandler.of("noop", task -> {
            first.accumulateAndGet(micros(), Math::min);
            count.incrementAndGet();
            last.accumulateAndGet(micros(), Math::max);
        });
        TaskWorker worker = new TaskWorker(queue, List.of(noop),
                WorkerSettings.defaults().withQueues(queueName).withConcurrency(concurrency), TaskListener.NONE);
        worker.start();
        Thread stdin = new Thread(() -> {
            try (InputStream in = System.in) {
                while (in.read() >= 0) {
                    // The parent never writes; end of input is the signal to stop.
                }
            } catch (IOException ignored) {
                // Same: the parent is gone.
            }
            worker.stop();
            System.exit(0);
        }, "stdin-watch");
        stdin.setDaemon(true);
        stdin.start();
        System.out.println("ready");
        System.out.flush();
        while (true) {
            Thread.sleep(20);
            if (count.get() > 0 && queue.depth(queueName, TaskPriority.NORMAL) == 0 && queue.leasedCount(queueName) == 0) {
                System.out.println("drained " + count.getAndSet(0) + " " + first.getAndSet(Long.MAX_VALUE) + " " + last.getAndSet(0));
                System.out.flush();
            }
        }
    }

    static long micros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
    }
}
