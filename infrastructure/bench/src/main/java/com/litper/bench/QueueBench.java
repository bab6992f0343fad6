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
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
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
    /** LOW tasks of the unmeasured round: enough to outlast its 200 CRITICAL tasks (2 s). */
    private static final int WARM_UP_BACKLOG = 12_000;
    private static final long CRITICAL_SPACING_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final String redisUrl;
    private final int tasks;
    private final int concurrency;
    private final int workers;

    private QueueBench(String redisUrl, int tasks, int concurrency, int workers) {
        this.redisUrl = redisUrl;
        this.tasks = tasks;
        this.concurrency = concurrency;
        this.workers = workers;
    }

    public static void main(String[] args) throws Exception {
        String workload = null;
        String redisUrl = null;
        Integer tasks = null;
        int concurrency = 10;
        int workers = 0;
        String queueName = null;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--workload" -> workload = value;
                case "--redis-url" -> redisUrl = value;
                case "--tasks" -> tasks = Integer.parseInt(value);
                case "--concurrency" -> concurrency = Integer.parseInt(value);
                case "--workers" -> workers = Integer.parseInt(value);
                case "--queue" -> queueName = value;
                default -> usage("unknown argument " + args[i]);
            }
            i++;
        }
        if ("drain-worker".equals(workload)) {
            // One of the worker processes a --workers run starts (not for direct use).
            DrainWorker.run(redisUrl, queueName, concurrency);
            return;
        }
        if (!"throughput".equals(workload) && !"priority-latency".equals(workload)) {
            usage("--workload must be throughput or priority-latency");
        }
        if (workers < 0 || workers > 16 || (workers > 0 && !workload.equals("throughput"))) {
            usage("--workers must be 1-16, with --workload throughput");
        }
        LocalRedis embedded = null;
        if (redisUrl == null) {
            embedded = LocalRedis.start(null, FreePorts.next());
            redisUrl = embedded.url();
        }
        try {
            if (workload.equals("throughput")) {
                QueueBench bench = new QueueBench(redisUrl, tasks == null ? 100_000 : tasks, concurrency, workers);
                if (workers > 0) {
                    bench.scaling();
                } else {
                    bench.throughput();
                }
            } else {
                new QueueBench(redisUrl, tasks == null ? 20_000 : tasks, concurrency, 0).priorityLatency();
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
        System.err.println("usage: queue-bench --workload throughput|priority-latency [--redis-url URL] [--tasks N] [--concurrency C] [--workers W]");
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
            double cpuBefore = admin.cpuSeconds();
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
            double cpuSeconds = admin.cpuSeconds() - cpuBefore;
            long leftLeased = queue.leasedCount(queueName);
            if (leftLeased != 0) {
                throw new IllegalStateException(leftLeased + " tasks still leased after the drain");
            }
            if (report) {
                double enqueuePerSecond = count / (enqueueNanos / 1e9);
                double drainPerSecond = count / ((lastEnd.get() - firstStart.get()) / 1e9);
                double bytesPerTask = (memoryAfter - memoryBefore) / (double) count;
                System.out.printf(Locale.ROOT,
                        "queue-throughput tasks=%d concurrency=%d enqueue_per_s=%d drain_per_s=%d redis_bytes_per_task=%d redis_cpu_us_per_task=%.2f%n",
                        count, concurrency, Math.round(enqueuePerSecond), Math.round(drainPerSecond), Math.round(bytesPerTask),
                        cpuSeconds * 1e6 / count);
            }
            admin.deleteQueue(queueName);
        }
    }

    /**
     * Drains N no-op tasks with {@link #workers} worker processes of {@link #concurrency} slots each,
     * all on one Redis: how the drain scales with processes, and what each task costs Redis.
     */
    private void scaling() throws Exception {
        String queueName = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        List<Process> processes = new ArrayList<>();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        try (RedisAdmin admin = new RedisAdmin(redisUrl); TaskQueue queue = newQueue(queueName)) {
            String java = ProcessHandle.current().info().command().orElse("java");
            // The benchmark runs from its executable jar (queue-bench); the worker processes run the same jar.
            String jar = System.getProperty("java.class.path");
            for (int w = 0; w < workers; w++) {
                List<String> command = new ArrayList<>();
                command.add(java);
                command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
                command.addAll(List.of("-jar", jar, "--workload", "drain-worker", "--redis-url", redisUrl,
                        "--queue", queueName, "--concurrency", Integer.toString(concurrency)));
                Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
                processes.add(process);
                Thread reader = new Thread(() -> {
                    try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                        for (String line; (line = out.readLine()) != null; ) {
                            lines.add(line);
                        }
                    } catch (IOException ignored) {
                        // The process ended.
                    }
                });
                reader.setDaemon(true);
                reader.start();
            }
            for (int w = 0; w < workers; w++) {
                String line = lines.poll(2, TimeUnit.MINUTES);
                if (!"ready".equals(line)) {
                    throw new IllegalStateException("A worker process did not start: " + line);
                }
            }
            // A smaller unmeasured round first, so every process's JIT has compiled the hot paths.
            enqueueNoops(queue, Math.max(5_000 * workers, tasks / 5));
            awaitDrained(lines, Math.max(5_000 * workers, tasks / 5));
            // No memory figure here: the workers already drain while the tasks go in (the throughput workload has it).
            double cpuBefore = admin.cpuSeconds();
            enqueueNoops(queue, tasks);
            long[] span = awaitDrained(lines, tasks);
            double cpuSeconds = admin.cpuSeconds() - cpuBefore;
            System.out.printf(Locale.ROOT,
                    "queue-scaling workers=%d concurrency=%d tasks=%d drain_per_s=%d redis_cpu_us_per_task=%.2f%n",
                    workers, concurrency, tasks, Math.round(tasks / ((span[1] - span[0]) / 1e6)), cpuSeconds * 1e6 / tasks);
            admin.deleteQueue(queueName);
        } finally {
            for (Process process : processes) {
                process.getOutputStream().close();
            }
            for (Process process : processes) {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        }
    }

    private static void enqueueNoops(TaskQueue queue, int count) {
        List<TaskRequest> requests = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            requests.add(TaskRequest.of("noop", payload(i), TaskPriority.NORMAL));
        }
        queue.enqueueAll(requests);
    }

    /** Waits for the worker processes' reports to add up to {@code count} tasks; returns the first start and last end, µs. */
    private static long[] awaitDrained(BlockingQueue<String> lines, int count) throws InterruptedException {
        long drained = 0;
        long first = Long.MAX_VALUE;
        long last = 0;
        while (drained < count) {
            String line = lines.poll(10, TimeUnit.MINUTES);
            if (line == null || !line.startsWith("drained ")) {
                throw new IllegalStateException("Drain did not finish: " + drained + " of " + count + " tasks reported (" + line + ")");
            }
            String[] parts = line.split(" ");
            drained += Long.parseLong(parts[1]);
            first = Math.min(first, Long.parseLong(parts[2]));
            last = Math.max(last, Long.parseLong(parts[3]));
        }
        if (drained != count) {
            throw new IllegalStateException(drained + " tasks ran for " + count + " enqueued");
        }
        return new long[] {first, last};
    }

    /** A LOW backlog with 2 ms handlers, and 200 CRITICAL tasks enqueued 10 ms apart while it drains. */
    private void priorityLatency() throws Exception {
        // An unmeasured round first, as long as the measured one, so the JIT has compiled the hot
        // paths (a CRITICAL task's path too: it runs 200 times here) before the measured round.
        runPriorityLatency(WARM_UP_BACKLOG, false);
        runPriorityLatency(tasks, true);
    }

    private void runPriorityLatency(int backlogSize, boolean report) throws Exception {
        String queueName = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        try (RedisAdmin admin = new RedisAdmin(redisUrl); TaskQueue queue = newQueue(queueName)) {
            List<TaskRequest> backlog = new ArrayList<>(backlogSize);
            for (int i = 0; i < backlogSize; i++) {
                backlog.add(TaskRequest.of("report", payload(i), TaskPriority.LOW));
            }
            long memoryBefore = admin.usedMemory();
            queue.enqueueAll(backlog);
            double backlogBytesPerTask = (admin.usedMemory() - memoryBefore) / (double) backlogSize;
            backlog = null;
            System.gc();

            long[] enqueuedAt = new long[CRITICAL_TASKS];
            AtomicLongArray startedAt = new AtomicLongArray(CRITICAL_TASKS);
            CountDownLatch criticalDone = new CountDownLatch(CRITICAL_TASKS);
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
            int criticalCount = CRITICAL_TASKS;
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

            double[] latencies = new double[(int) (CRITICAL_TASKS)];
            for (int i = 0; i < latencies.length; i++) {
                latencies[i] = (startedAt.get(i) - enqueuedAt[i]) / 1e6;
            }
            Arrays.sort(latencies);
            admin.deleteQueue(queueName);
            if (!report) {
                return;
            }
            System.out.printf(Locale.ROOT,
                    "queue-priority-latency backlog=%d critical=%d p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f redis_bytes_per_task=%d%n",
                    backlogSize, CRITICAL_TASKS, percentile(latencies, 0.50), percentile(latencies, 0.90), percentile(latencies, 0.99),
                    latencies[latencies.length - 1],
                    Math.round(backlogBytesPerTask));
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

        /** Redis's CPU time so far (user + system, main thread and I/O threads), from INFO cpu. */
        double cpuSeconds() {
            double seconds = 0;
            for (String line : connection.sync().info("cpu").split("\r?\n")) {
                if (line.startsWith("used_cpu_sys:") || line.startsWith("used_cpu_user:")) {
                    seconds += Double.parseDouble(line.substring(line.indexOf(':') + 1).trim());
                }
            }
            return seconds;
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
                    keys.ready(TaskPriority.LOW), keys.delayed(), keys.leases(), keys.legacyActive(), keys.dead(), keys.deadTasks(), keys.deadErrors(),
                    keys.criticalWaiters());
        }

        @Override
        public void close() {
            connection.close();
            client.shutdown();
        }
    }
}
