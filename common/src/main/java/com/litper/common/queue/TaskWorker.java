package com.litper.common.queue;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks from one or more named queues with a fixed number of slots.
 *
 * <p>The parts, one job each: the {@link TaskFetcher} leases exactly as many tasks as there are
 * free {@link WorkerSlots} and completes finished ones in the same round trip; each task runs as an
 * {@link Attempt} with its priority's timeout, which the timeout watchdog ({@link AttemptWatchdog#timeouts}) enforces on the
 * queue's clock; the {@link LeaseKeeper} renews the short {@link Lease}s of running tasks and the
 * lease watchdog ({@link AttemptWatchdog#leases}) stops a task whose lease could not be renewed before the lease runs out;
 * {@link AttemptOutcomes} retries, dead-letters or defers a failed attempt as the
 * {@link FailurePolicy} says; the {@link LeaseReaper} reclaims the leases of workers that died, so
 * no task is lost; {@link TaskContext} puts the task's ids in the logging MDC.
 */
public final class TaskWorker {

    /** MDC key of the running task's id. */
    public static final String TASK_ID_MDC_KEY = "taskId";

    private static final Logger log = LoggerFactory.getLogger(TaskWorker.class);
    private static final AtomicInteger WORKERS = new AtomicInteger();

    private final String name = "litper-worker-" + WORKERS.incrementAndGet();
    private final Clock clock;
    private final Map<String, TaskHandler> handlers;
    private final WorkerSettings settings;
    private final List<String> queues;
    private final long[] timeoutMillis = new long[4];
    private final long[] leaseMillis = new long[4];
    private final long renewalIntervalMillis;
    private final WorkerSlots slots;
    private final AttemptOutcomes outcomes;
    private final TaskFetcher fetcher;
    private final LeaseReaper reaper;
    private final LeaseKeeper keeper;
    private final AttemptWatchdog timeouts;
    private final AttemptWatchdog leaseWatchdog;

    private final TaskTracing tracing;

    private boolean started;
    private boolean stopped;
    private ScheduledExecutorService timers;

    /** A worker on the queue's default named queue with the default settings and {@code concurrency} slots. */
    public TaskWorker(TaskQueue queue, Collection<? extends TaskHandler> handlers, int concurrency) {
        this(queue, handlers, WorkerSettings.defaults().withConcurrency(concurrency), TaskListener.NONE);
    }

    public TaskWorker(TaskQueue queue, Collection<? extends TaskHandler> handlers, WorkerSettings settings, TaskListener listener) {
        TaskStore store = queue.store();
        this.clock = queue.clock();
        this.tracing = queue.tracing();
        this.settings = settings;
        Map<String, TaskHandler> byType = new LinkedHashMap<>();
        for (TaskHandler handler : handlers) {
            TaskHandler previous = byType.put(handler.taskType(), handler);
            if (previous != null) {
                throw new IllegalArgumentException("Two handlers for task type " + handler.taskType() + ": " + previous + " and " + handler);
            }
        }
        this.handlers = Map.copyOf(byType);
        this.queues = settings.queues().isEmpty() ? List.of(queue.routing().defaultQueue()) : settings.queues();
        StringBuilder priorityCodes = new StringBuilder();
        long shortestLease = Long.MAX_VALUE;
        // Strict priority: the claim script leases in the order of these codes, most urgent first.
        for (int code = 0; code < 4; code++) {
            TaskPriority priority = TaskPriority.ofCode(code);
            leaseMillis[priority.code()] = settings.lease(priority).toMillis();
            timeoutMillis[priority.code()] = settings.timeout(priority).toMillis();
            if (settings.priorities().contains(priority)) {
                priorityCodes.append(priority.code());
                shortestLease = Math.min(shortestLease, leaseMillis[priority.code()]);
            }
        }
        this.renewalIntervalMillis = Lease.renewalIntervalMillis(shortestLease);
        FailurePolicy policy = new FailurePolicy(settings.retryPolicy(), settings.retryPolicies());
        Completions completions = new Completions(queues);
        boolean criticalAndMore = settings.priorities().contains(TaskPriority.CRITICAL) && settings.priorities().size() > 1;
        this.slots = new WorkerSlots(settings.concurrency(), criticalAndMore, this::slotFreed);
        this.outcomes = new AttemptOutcomes(name, store, clock, policy, listener, completions);
        this.fetcher = new TaskFetcher(name, store, clock, queues, priorityCodes.toString(), leaseMillis, settings.pollInterval(),
                slots, completions, this::launch);
        this.reaper = new LeaseReaper(name, store, clock, queues, policy, listener);
        // Heartbeats run at a fixed rate: one that waits a whole interval for Redis is followed at once by the next.
        Duration renewalReplyTimeout = Duration.ofMillis(Math.min(store.redis().commandTimeout().toMillis(), renewalIntervalMillis));
        this.keeper = new LeaseKeeper(name, store, clock, slots, listener, renewalReplyTimeout);
        this.timeouts = AttemptWatchdog.timeouts(slots, clock);
        this.leaseWatchdog = AttemptWatchdog.leases(slots, clock);
    }

    /** Starts fetching and running tasks. A worker starts once. */
    public synchronized void start() {
        if (started) {
            throw new IllegalStateException(name + " was started already");
        }
        started = true;
        slots.start(threads(name + "-slot-"));
        // A thread per periodic job: each job runs on one thread at a time, so the lease watchdog,
        // which never calls Redis, always finds a thread while the others wait on Redis.
        timers = Executors.newScheduledThreadPool(4, threads(name + "-timer-"));
        timers.scheduleWithFixedDelay(timeouts, AttemptWatchdog.TICK_MILLIS, AttemptWatchdog.TICK_MILLIS, TimeUnit.MILLISECONDS);
        timers.scheduleWithFixedDelay(leaseWatchdog, AttemptWatchdog.TICK_MILLIS, AttemptWatchdog.TICK_MILLIS, TimeUnit.MILLISECONDS);
        // At a fixed rate: a heartbeat that waited on Redis does not push the next one back.
        timers.scheduleAtFixedRate(keeper, renewalIntervalMillis, renewalIntervalMillis, TimeUnit.MILLISECONDS);
        timers.scheduleWithFixedDelay(reaper, 0, settings.reclaimInterval().toMillis(), TimeUnit.MILLISECONDS);
        fetcher.start(threads(name + "-fetcher-"));
        log.info("{} started: queues {}, priorities {}, concurrency {}, leases renewed every {} ms, handlers {}", name, queues,
                settings.priorities(), settings.concurrency(), renewalIntervalMillis, handlers.keySet());
    }

    /**
     * Stops fetching, waits up to the shutdown grace for running tasks — renewing their leases
     * meanwhile — then hands the unfinished ones back to their queues at once (they are interrupted)
     * so other workers take them without waiting for their leases to run out.
     */
    public void stop() {
        synchronized (this) {
            if (!started || stopped) {
                return;
            }
            stopped = true;
        }
        fetcher.stop();
        // Prefetched attempts that have not started go back at once: no reason to start new work now.
        int handedBack = 0;
        for (Attempt attempt : slots.held()) {
            if (attempt.handBackUnstarted()) {
                handedBack++;
            }
        }
        long deadline = System.nanoTime() + settings.shutdownGrace().toNanos();
        while (slots.inFlight() > 0 && System.nanoTime() < deadline && !Thread.currentThread().isInterrupted()) {
            fetcher.flushCompletions();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (Attempt attempt : slots.held()) {
            if (attempt.handBack()) {
                handedBack++;
            }
        }
        slots.shutdownNow();
        fetcher.flushCompletions();
        timers.shutdownNow();
        log.info("{} stopped; {} unfinished task(s) handed back", name, handedBack);
    }

    /** Tasks running (or timed out and still unwinding) right now. */
    public int inFlight() {
        return slots.inFlight();
    }

    public boolean isRunning() {
        return fetcher.isFetching();
    }

    public List<String> queues() {
        return queues;
    }

    private void launch(String queue, String encodedTask, long leasedAtMillis, boolean onReserved) {
        Task task;
        try {
            task = TaskCodec.decode(encodedTask);
        } catch (RuntimeException e) {
            if (onReserved) {
                slots.unreserve();
            }
            outcomes.undecodable(queue, TaskCodec.undecodableLease(encodedTask), "undecodable-" + Integer.toHexString(encodedTask.hashCode()), e);
            return;
        }
        int code = task.priority().code();
        // The deadline the claim script wrote: the claim's time plus the priority's lease.
        Lease lease = new Lease(TaskCodec.lease(task), leasedAtMillis + leaseMillis[code], leaseMillis[code]);
        Attempt attempt = new Attempt(queue, lease, task, handlers.get(task.type()), timeoutMillis[code], clock, outcomes, slots, tracing);
        if (onReserved || (task.priority() == TaskPriority.CRITICAL && slots.reserve())) {
            slots.launchReserved(attempt);
        } else {
            slots.launch(attempt);
        }
    }

    private void slotFreed() {
        fetcher.slotFreed();
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
