package com.litper.bench;

import com.litper.common.queue.QueueKeys;
import com.litper.common.queue.RedisConnector;
import com.litper.common.queue.Task;
import com.litper.common.queue.TaskHandler;
import com.litper.common.queue.TaskListener;
import com.litper.common.queue.TaskPriority;
import com.litper.common.queue.TaskQueue;
import com.litper.common.queue.TaskRequest;
import com.litper.common.queue.TaskRouting;
import com.litper.common.queue.TaskWorker;
import com.litper.common.queue.WorkerSettings;
import com.litper.embedded.FreePorts;
import com.litper.embedded.LocalRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * Capacity benchmark of the task queue against a real Redis; prints one result line per run
 * (formats in docs/capacity.md). Every run uses a queue of its own and deletes it afterwards.
 */
public final class QueueBench {

    private static final int CRITICAL_TASKS = 200;
    private static final long CRITICAL_SPACING_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final String redisUrl;
    private final int tasks;
    private final int concurrency;

    private QueueBench(String redisUrl, int tasks, int concurrency) {
        this.redisUrl = redisUrl;
        this.tasks = tasks;
        this.concurrency = concurrency;
    }

    public static void main(String[] args) throws Exception {
        String workload = null;
        String redisUrl = null;
        Integer tasks = null;
        int concurrency = 10;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--workload" -> workload = value;
                case "--redis-url" -> redisUrl = value;
                case "--tasks" -> tasks = Integer.parseInt(value);
                case "--concurrency" -> concurrency = Integer.parseInt(value);
                default -> usage("unknown argument " + args[i]);
            }
            i++;
        }
        if (!"throughput".equals(workload) && !"priority-latency".equals(workload)) {
            usage("--workload must be throughput or priority-latency");
        }
        LocalRedis embedded = null;
        if (redisUrl == null) {
            embedded = LocalRedis.start(null, FreePorts.next());
            redisUrl = embedded.url();
        }
        try {
            if (workload.equals("throughput")) {
                new QueueBench(redisUrl, tasks == null ? 100_000 : tasks, concurrency).throughput();
            } else {
                new QueueBench(redisUrl, tasks == null ? 20_000 : tasks, concurrency).priorityLatency();
            }
        } finally {
            if (embedded != null) {
                embedded.stop();
            }
        }
        System.exit(0);
    }

    private static void usage(String problem) {
        System.err.println("queue-bench: " + problem);
        System.err.println("usage: queue-bench --workload throughput|priority-latency [--redis-url URL] [--tasks N] [--concurrency C]");
        System.exit(2);
    }

    /** Bulk-enqueues N no-op tasks with ~100-byte payloads, then drains them with one worker. */
    private void throughput() throws Exception {
        // A smaller unmeasured round first, so the JIT has compiled the hot paths.
        runThroughput(Math.max(5_000, tasks / 5), false);
        runThroughput(tasks, true);
    }

    private void runThroughput(int count, boolean report) throws Exception {
        String queueName = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        try (RedisAdmin admin = new RedisAdmin(redisUrl); TaskQueue queue = newQueue(queueName)) {
            List<TaskRequest> requests = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                requests.add(TaskRequest.of("noop", payload(i), TaskPriority.NORMAL));
            }
            long memoryBefore = admin.usedMemory();
            long enqueueStart = System.nanoTime();
            queue.enqueueAll(requests);
            long enqueueNanos = System.nanoTime() - enqueueStart;
            long memoryAfter = admin.usedMemory();
            requests = null;
            // Start the drain with an empty young generation, so the setup's garbage is not collected mid-measurement.
            System.gc();

            AtomicLong firstStart = new AtomicLong();
            AtomicLong lastEnd = new AtomicLong();
            CountDownLatch done = new CountDownLatch(count);
            TaskHandler noop = TaskHandler.of("noop", task -> {
                firstStart.compareAndSet(0, System.nanoTime());
                lastEnd.accumulateAndGet(System.nanoTime(), Math::max);
                done.countDown();
            });
            TaskWorker worker = new TaskWorker(queue, List.of(noop),
                    WorkerSettings.defaults().withQueues(queueName).withConcurrency(concurrency), TaskListener.NONE);
            worker.start();
            if (!done.await(10, TimeUnit.MINUTES)) {
                throw new IllegalStateException("Drain did not finish: " + done.getCount() + " tasks left");
            }
            worker.stop();
            long leftLeased = queue.leasedCount(queueName);
            if (leftLeased != 0) {
                throw new IllegalStateException(leftLeased + " tasks still leased after the drain");
            }
            if (report) {
                double enqueuePerSecond = count / (enqueueNanos / 1e9);
                double drainPerSecond = count / ((lastEnd.get() - firstStart.get()) / 1e9);
                double bytesPerTask = (memoryAfter - memoryBefore) / (double) count;
                System.out.printf(Locale.ROOT, "queue-throughput tasks=%d concurrency=%d enqueue_per_s=%d drain_per_s=%d redis_bytes_per_task=%d%n",
                        count, concurrency, Math.round(enqueuePerSecond), Math.round(drainPerSecond), Math.round(bytesPerTask));
            }
            admin.deleteQueue(queueName);
        }
    }

    /** A LOW backlog with 2 ms handlers, and 200 CRITICAL tasks enqueued 10 ms apart while it drains. */
    private void priorityLatency() throws Exception {
        // A smaller unmeasured round first, so the JIT has compiled the hot paths.
        runPriorityLatency(Math.max(2_000, tasks / 10), false);
        runPriorityLatency(tasks, true);
    }

    private void runPriorityLatency(int backlogSize, boolean report) throws Exception {
        String queueName = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        try (RedisAdmin admin = new RedisAdmin(redisUrl); TaskQueue queue = newQueue(queueName)) {
            List<TaskRequest> backlog = new ArrayList<>(backlogSize);
            for (int i = 0; i < backlogSize; i++) {
                backlog.add(TaskRequest.of("report", payload(i), TaskPriority.LOW));
            }
            queue.enqueueAll(backlog);
            backlog = null;
            System.gc();

            long[] enqueuedAt = new long[CRITICAL_TASKS];
            AtomicLongArray startedAt = new AtomicLongArray(CRITICAL_TASKS);
            CountDownLatch criticalDone = new CountDownLatch(report ? CRITICAL_TASKS : CRITICAL_TASKS / 4);
            CountDownLatch backlogStarted = new CountDownLatch(concurrency);
            TaskHandler backlogTask = TaskHandler.of("report", task -> {
                backlogStarted.countDown();
                Thread.sleep(2);
            });
            TaskHandler alert = TaskHandler.of("alert", task -> {
                startedAt.set(sequence(task), System.nanoTime());
                criticalDone.countDown();
            });
            TaskWorker worker = new TaskWorker(queue, List.of(backlogTask, alert),
                    WorkerSettings.defaults().withQueues(queueName).withConcurrency(concurrency), TaskListener.NONE);
            worker.start();
            backlogStarted.await();
            // Let the backlog reach its steady pace before the first CRITICAL task.
            Thread.sleep(300);

            long next = System.nanoTime();
            int criticalCount = report ? CRITICAL_TASKS : CRITICAL_TASKS / 4;
            for (int i = 0; i < criticalCount; i++) {
                LockSupport.parkNanos(next - System.nanoTime());
                enqueuedAt[i] = System.nanoTime();
                queue.enqueue("alert", "{\"seq\":" + i + "}", TaskPriority.CRITICAL);
                next += CRITICAL_SPACING_NANOS;
            }
            if (!criticalDone.await(1, TimeUnit.MINUTES)) {
                throw new IllegalStateException(criticalDone.getCount() + " CRITICAL tasks did not run");
            }
            long lowLeft = queue.depth(queueName, TaskPriority.LOW);
            worker.stop();

            double[] latencies = new double[(int) (report ? CRITICAL_TASKS : CRITICAL_TASKS / 4)];
            for (int i = 0; i < latencies.length; i++) {
                latencies[i] = (startedAt.get(i) - enqueuedAt[i]) / 1e6;
            }
            Arrays.sort(latencies);
            admin.deleteQueue(queueName);
            if (!report) {
                return;
            }
            System.out.printf(Locale.ROOT, "queue-priority-latency backlog=%d critical=%d p50_ms=%.2f p99_ms=%.2f max_ms=%.2f%n",
                    backlogSize, CRITICAL_TASKS, percentile(latencies, 0.50), percentile(latencies, 0.99), latencies[latencies.length - 1]);
            if (lowLeft == 0) {
                System.err.println("queue-bench: warning: the LOW backlog ran out before the last CRITICAL task; use a larger --tasks");
            }
        }
    }

    private TaskQueue newQueue(String queueName) {
        return new TaskQueue(RedisConnector.create(redisUrl), TaskRouting.single(queueName), Clock.systemUTC());
    }

    private static int sequence(Task task) {
        String payload = task.payload();
        return Integer.parseInt(payload.substring(payload.indexOf(':') + 1, payload.indexOf('}')));
    }

    private static double percentile(double[] sorted, double fraction) {
        int index = (int) Math.ceil(fraction * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    /** About 100 bytes of JSON, shaped like an order-processing task. */
    static String payload(int i) {
        return String.format(Locale.ROOT,
                "{\"order\":\"ORD-%08d\",\"shop\":\"tienda-42\",\"carrier\":\"coordinadora\",\"city\":\"Medellin\",\"cod\":125000}", i);
    }

    /** Raw Redis access for what the queue API does not offer: memory figures and cleanup. */
    private static final class RedisAdmin implements AutoCloseable {

        private final RedisClient client;
        private final StatefulRedisConnection<String, String> connection;

        RedisAdmin(String url) {
            client = RedisClient.create(RedisURI.create(url));
            connection = client.connect();
        }

        long usedMemory() {
            for (String line : connection.sync().info("memory").split("\r?\n")) {
                if (line.startsWith("used_memory:")) {
                    return Long.parseLong(line.substring("used_memory:".length()).trim());
                }
            }
            throw new IllegalStateException("INFO memory has no used_memory");
        }

        void deleteQueue(String queueName) {
            QueueKeys keys = new QueueKeys(queueName);
            connection.sync().del(keys.ready(TaskPriority.CRITICAL), keys.ready(TaskPriority.HIGH), keys.ready(TaskPriority.NORMAL),
                    keys.ready(TaskPriority.LOW), keys.delayed(), keys.leases(), keys.legacyActive(), keys.dead(), keys.deadTasks(), keys.deadErrors());
        }

        @Override
        public void close() {
            connection.close();
            client.shutdown();
        }
    }
}
