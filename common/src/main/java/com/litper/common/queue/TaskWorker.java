package com.litper.common.queue;

import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs tasks from one or more named queues with a fixed number of slots.
 *
 * <p>One fetcher thread leases exactly as many tasks as there are free slots (never more, so a
 * CRITICAL task enqueued now is the next one a slot takes, not one behind prefetched LOW tasks) and
 * completes finished tasks in the same round trip. Each task runs on a slot thread with its
 * priority's timeout; a task that fails is retried with backoff or dead-lettered. A task leased by
 * a worker that dies is reclaimed by the others when its lease ends, so no task is lost.
 */
public final class TaskWorker {

    /** MDC key of the running task's id. */
    public static final String TASK_ID_MDC_KEY = "taskId";

    private static final Logger log = LoggerFactory.getLogger(TaskWorker.class);
    private static final long WATCHDOG_TICK_MILLIS = 50;
    private static final int RECLAIM_BATCH = 1000;
    private static final int MAX_ERROR_LENGTH = 2000;
    private static final AtomicInteger WORKERS = new AtomicInteger();

    private final TaskStore store;
    private final Clock clock;
    private final Map<String, TaskHandler> handlers;
    private final WorkerSettings settings;
    private final TaskListener listener;
    private final List<String> queues;
    private final String priorityCodes;
    private final long[] leaseMillis = new long[4];
    private final long[] timeoutNanos = new long[4];
    private final Map<String, Queue<String>> completed = new HashMap<>();
    private final Set<Execution> executions = ConcurrentHashMap.newKeySet();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Semaphore wake = new Semaphore(0);
    private final String name = "litper-worker-" + WORKERS.incrementAndGet();

    private volatile boolean fetching;
    private volatile boolean fetchHealthy = true;
    private final ReentrantLock fetchLock = new ReentrantLock();
    private final AtomicBoolean fetchRequested = new AtomicBoolean();
    private volatile long nextDueMillis = TaskStore.Claimed.NONE_DUE;
    private int rotation;
    private boolean started;
    private boolean stopped;
    private Thread fetcher;
    private ThreadPoolExecutor slots;
    private ScheduledExecutorService timers;
    private volatile StatefulRedisPubSubConnection<String, String> wakeSubscription;

    /** A worker on the queue's default named queue with the default settings and {@code concurrency} slots. */
    public TaskWorker(TaskQueue queue, Collection<? extends TaskHandler> handlers, int concurrency) {
        this(queue, handlers, WorkerSettings.defaults().withConcurrency(concurrency), TaskListener.NONE);
    }

    public TaskWorker(TaskQueue queue, Collection<? extends TaskHandler> handlers, WorkerSettings settings, TaskListener listener) {
        this.store = queue.store();
        this.clock = queue.clock();
        this.settings = settings;
        this.listener = listener;
        Map<String, TaskHandler> byType = new LinkedHashMap<>();
        for (TaskHandler handler : handlers) {
            TaskHandler previous = byType.put(handler.taskType(), handler);
            if (previous != null) {
                throw new IllegalArgumentException("Two handlers for task type " + handler.taskType() + ": " + previous + " and " + handler);
            }
        }
        this.handlers = Map.copyOf(byType);
        this.queues = settings.queues().isEmpty() ? List.of(queue.routing().defaultQueue()) : settings.queues();
        StringBuilder codes = new StringBuilder();
        for (TaskPriority priority : TaskPriority.values()) {
            if (settings.priorities().contains(priority)) {
                codes.append(priority.code());
            }
            Duration timeout = settings.timeout(priority);
            leaseMillis[priority.code()] = timeout.plus(settings.leaseMargin()).toMillis();
            timeoutNanos[priority.code()] = timeout.toNanos();
        }
        this.priorityCodes = codes.toString();
        for (String q : queues) {
            completed.put(q, new ConcurrentLinkedQueue<>());
        }
    }

    /** Starts fetching and running tasks. A worker starts once. */
    public synchronized void start() {
        if (started) {
            throw new IllegalStateException(name + " was started already");
        }
        started = true;
        fetching = true;
        slots = new ThreadPoolExecutor(settings.concurrency(), settings.concurrency(), 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), threads(name + "-slot-"));
        timers = Executors.newSingleThreadScheduledExecutor(threads(name + "-timer-"));
        timers.scheduleWithFixedDelay(this::timeOutOverdueTasks, WATCHDOG_TICK_MILLIS, WATCHDOG_TICK_MILLIS, TimeUnit.MILLISECONDS);
        timers.scheduleWithFixedDelay(this::reclaimExpiredLeases, 0, settings.reclaimInterval().toMillis(), TimeUnit.MILLISECONDS);
        fetcher = threads(name + "-fetcher-").newThread(this::fetchLoop);
        fetcher.start();
        log.info("{} started: queues {}, priorities {}, concurrency {}, handlers {}", name, queues,
                settings.priorities(), settings.concurrency(), handlers.keySet());
    }

    /**
     * Stops fetching, waits up to the shutdown grace for running tasks, then hands the unfinished
     * ones back to their queues at once (they are interrupted) so other workers take them without
     * waiting for their leases to run out.
     */
    public void stop() {
        synchronized (this) {
            if (!started || stopped) {
                return;
            }
            stopped = true;
            fetching = false;
        }
        wake.release();
        try {
            fetcher.join(store.redis().commandTimeout().toMillis() + 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // A slot may be fetching right now; once it lets go, nothing leases any more.
        fetchLock.lock();
        fetchLock.unlock();
        long deadline = System.nanoTime() + settings.shutdownGrace().toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < deadline && !Thread.currentThread().isInterrupted()) {
            flushCompleted();
            try {
                wake.tryAcquire(20, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        int handedBack = 0;
        for (Execution execution : executions) {
            if (execution.handBack()) {
                handedBack++;
            }
        }
        slots.shutdownNow();
        flushCompleted();
        timers.shutdownNow();
        StatefulRedisPubSubConnection<String, String> subscription = wakeSubscription;
        if (subscription != null) {
            subscription.close();
        }
        log.info("{} stopped; {} unfinished task(s) handed back", name, handedBack);
    }

    /** Tasks running (or timed out and still unwinding) right now. */
    public int inFlight() {
        return inFlight.get();
    }

    public boolean isRunning() {
        return fetching;
    }

    public List<String> queues() {
        return queues;
    }

    private void fetchLoop() {
        long backoffMillis = 0;
        while (fetching) {
            wake.drainPermits();
            Fetched fetched;
            try {
                subscribeToWakeUps();
                fetched = requestFetch();
            } catch (RuntimeException e) {
                fetchHealthy = false;
                backoffMillis = backoffMillis == 0 ? 100 : Math.min(backoffMillis * 2, 2000);
                if (backoffMillis == 100) {
                    log.warn("{} cannot fetch tasks, retrying: {}", name, e.getMessage());
                }
                sleep(backoffMillis);
                continue;
            }
            if (backoffMillis > 0) {
                log.info("{} reaches Redis again", name);
                backoffMillis = 0;
            }
            fetchHealthy = true;
            if (fetched != null && fetched.leasedAny() && inFlight.get() < settings.concurrency()) {
                continue;
            }
            long waitMillis = settings.pollInterval().toMillis();
            long due = nextDueMillis;
            if (due != TaskStore.Claimed.NONE_DUE) {
                waitMillis = Math.max(1, Math.min(waitMillis, due - clock.millis()));
            }
            try {
                wake.tryAcquire(waitMillis, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** What one fetch brought: whether anything was leased. */
    private record Fetched(boolean leasedAny) {
    }

    /**
     * Asks for a fetch and performs it unless another thread is fetching right now, in which case
     * that thread fetches once more before it lets go (so no request is lost, and the fetcher is not
     * woken for every finished task). Returns what the last fetch done here brought, or null.
     */
    private Fetched requestFetch() {
        fetchRequested.set(true);
        Fetched last = null;
        while (fetching && fetchRequested.get() && fetchLock.tryLock()) {
            try {
                if (!fetchRequested.getAndSet(false)) {
                    continue;
                }
                last = fetchOnce();
                if (last.leasedAny() && inFlight.get() < settings.concurrency()) {
                    // Slots are still free and the queue was not empty: look again.
                    fetchRequested.set(true);
                }
            } finally {
                fetchLock.unlock();
            }
        }
        return last;
    }

    /**
     * One round trip per consumed queue: completes finished tasks and leases as many as there are
     * free slots. Called with {@link #fetchLock} held.
     */
    private Fetched fetchOnce() {
        long nextDue = TaskStore.Claimed.NONE_DUE;
        boolean leasedAny = false;
        boolean askedAll = true;
        for (int i = 0; i < queues.size() && fetching; i++) {
            String q = queues.get((rotation + i) % queues.size());
            int free = settings.concurrency() - inFlight.get();
            List<String> acks = drain(completed.get(q));
            if (free <= 0 && acks.isEmpty()) {
                askedAll = false;
                continue;
            }
            TaskStore.Claimed claimed;
            try {
                claimed = store.claimNext(q, priorityCodes, Math.max(free, 0), leaseMillis, acks, clock.millis());
            } catch (RuntimeException e) {
                // Completing twice is harmless; losing a completion would rerun the task.
                completed.get(q).addAll(acks);
                throw e;
            }
            nextDue = Math.min(nextDue, claimed.nextDueMillis());
            for (String raw : claimed.tasks()) {
                launch(q, raw);
            }
            leasedAny |= !claimed.tasks().isEmpty();
        }
        rotation++;
        if (askedAll) {
            nextDueMillis = nextDue;
        }
        return new Fetched(leasedAny);
    }

    /**
     * A slot that just freed fetches for itself: it saves waking the fetcher and handing the task
     * over, which is most of a CRITICAL task's wait behind a busy backlog. When Redis is failing,
     * the fetcher alone retries, with backoff.
     */
    private void fetchFromSlot() {
        if (!fetching) {
            return;
        }
        if (!fetchHealthy) {
            wake.release();
            return;
        }
        try {
            Fetched fetched = requestFetch();
            if (fetched != null && !fetched.leasedAny() && inFlight.get() < settings.concurrency()) {
                // The queue looked empty: let the fetcher wait for new work or the next due time.
                wake.release();
            }
        } catch (RuntimeException e) {
            fetchHealthy = false;
            wake.release();
        }
    }

    private void subscribeToWakeUps() {
        if (wakeSubscription != null) {
            return;
        }
        StatefulRedisPubSubConnection<String, String> subscription = store.redis().connectPubSub();
        subscription.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                // With every slot busy the next slot to free fetches anyway; waking the fetcher would only cost a context switch.
                if (inFlight.get() < settings.concurrency()) {
                    wake.release();
                }
            }
        });
        // Lettuce subscribes again by itself after a reconnect or a Sentinel failover.
        subscription.sync().subscribe(queues.stream().map(q -> store.keys(q).wakeChannel()).toArray(String[]::new));
        wakeSubscription = subscription;
    }

    private void launch(String queue, String raw) {
        Task task;
        try {
            task = TaskCodec.decode(raw);
        } catch (RuntimeException e) {
            log.error("{} leased an undecodable task in queue {}; dead-lettering it: {}", name, queue, e.getMessage());
            try {
                store.deadLetter(queue, raw, "undecodable-" + Integer.toHexString(raw.hashCode()), e.getMessage(), clock.millis());
            } catch (RuntimeException deadLetterFailure) {
                log.warn("{} could not dead-letter the undecodable task; it comes back when its lease ends", name);
            }
            return;
        }
        inFlight.incrementAndGet();
        Execution execution = new Execution(queue, raw, task);
        executions.add(execution);
        slots.execute(execution);
    }

    private void flushCompleted() {
        for (String q : queues) {
            List<String> acks = drain(completed.get(q));
            if (acks.isEmpty()) {
                continue;
            }
            try {
                store.claimNext(q, priorityCodes, 0, leaseMillis, acks, clock.millis());
            } catch (RuntimeException e) {
                log.warn("{} could not complete {} task(s) in {}; they will run again when their leases end: {}",
                        name, acks.size(), q, e.getMessage());
            }
        }
    }

    private void timeOutOverdueTasks() {
        long now = System.nanoTime();
        for (Execution execution : executions) {
            execution.timeOutIfOverdue(now);
        }
    }

    private void reclaimExpiredLeases() {
        for (String q : queues) {
            try {
                long[] reclaimed = store.reclaimExpired(q, settings.retryPolicy().maxAttempts(), RECLAIM_BATCH, clock.millis());
                if (reclaimed[0] + reclaimed[1] > 0) {
                    log.warn("{} reclaimed expired leases in {}: {} task(s) requeued, {} dead-lettered", name, q, reclaimed[0], reclaimed[1]);
                    listener.reclaimed(q, reclaimed[0], reclaimed[1]);
                }
            } catch (RuntimeException e) {
                log.debug("{} could not look for expired leases in {}: {}", name, q, e.getMessage());
            }
        }
    }

    private void recordFailure(Execution execution, Throwable error, Duration ran) {
        Task task = execution.task;
        if (error instanceof DeferTask deferral) {
            defer(execution, deferral);
            return;
        }
        RetryDecision decision = error instanceof PermanentTaskFailure
                ? RetryDecision.GIVE_UP
                : settings.retryPolicy().afterFailedAttempt(task.attempt());
        try {
            if (decision.retry()) {
                store.retryLater(execution.queue, execution.raw, TaskCodec.withAttempt(task, task.attempt() + 1),
                        clock.millis() + decision.backoff().toMillis());
            } else {
                store.deadLetter(execution.queue, execution.raw, task.id(), describe(error), clock.millis());
            }
        } catch (RuntimeException e) {
            log.warn("{} could not record the failure of task {}; it runs again when its lease ends: {}", name, task.id(), e.getMessage());
        }
        withTaskContext(task, () -> {
            if (decision.retry()) {
                log.warn("Task {} ({}) attempt {} failed, retrying in {}: {}", task.id(), task.type(), task.attempt(), decision.backoff(), describe(error));
            } else {
                log.error("Task {} ({}) attempt {} failed, moved to the dead letters: {}", task.id(), task.type(), task.attempt(), describe(error));
            }
        });
        listener.failed(execution.queue, task, ran, error, decision);
    }

    /** Not a failure: the same attempt runs again after the delay the handler asked for. */
    private void defer(Execution execution, DeferTask deferral) {
        Task task = execution.task;
        try {
            store.retryLater(execution.queue, execution.raw, TaskCodec.withAttempt(task, task.attempt()),
                    clock.millis() + deferral.delay().toMillis());
        } catch (RuntimeException e) {
            log.warn("{} could not defer task {}; it runs again when its lease ends: {}", name, task.id(), e.getMessage());
        }
        withTaskContext(task, () -> log.debug("Task {} ({}) deferred by {}: {}", task.id(), task.type(), deferral.delay(), deferral.getMessage()));
    }

    private static String describe(Throwable error) {
        String text = error.getClass().getName() + (error.getMessage() == null ? "" : ": " + error.getMessage());
        return text.length() <= MAX_ERROR_LENGTH ? text : text.substring(0, MAX_ERROR_LENGTH);
    }

    private static void withTaskContext(Task task, Runnable action) {
        String previousRequestId = MDC.get(TaskQueue.REQUEST_ID_MDC_KEY);
        String previousTaskId = MDC.get(TASK_ID_MDC_KEY);
        if (!task.requestId().isEmpty()) {
            MDC.put(TaskQueue.REQUEST_ID_MDC_KEY, task.requestId());
        }
        MDC.put(TASK_ID_MDC_KEY, task.id());
        try {
            action.run();
        } finally {
            restore(TaskQueue.REQUEST_ID_MDC_KEY, previousRequestId);
            restore(TASK_ID_MDC_KEY, previousTaskId);
        }
    }

    private static void restore(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }

    private static List<String> drain(Queue<String> queue) {
        List<String> drained = new ArrayList<>();
        for (String item; (item = queue.poll()) != null; ) {
            drained.add(item);
        }
        return drained;
    }

    private void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** One attempt of one task, from lease to outcome; the lock orders the handler's end against timeout and hand-back. */
    private final class Execution implements Runnable {

        private static final int NEW = 0;
        private static final int RUNNING = 1;
        private static final int DONE = 2;
        private static final int TIMED_OUT = 3;
        private static final int HANDED_BACK = 4;

        final String queue;
        final String raw;
        final Task task;
        private int state = NEW;
        private Thread thread;
        private long startNanos;
        private long deadlineNanos;

        Execution(String queue, String raw, Task task) {
            this.queue = queue;
            this.raw = raw;
            this.task = task;
        }

        @Override
        public void run() {
            synchronized (this) {
                if (state != NEW) {
                    finish();
                    return;
                }
                state = RUNNING;
                thread = Thread.currentThread();
                startNanos = System.nanoTime();
                deadlineNanos = startNanos + timeoutNanos[task.priority().code()];
            }
            listener.started(queue, task, Duration.ofMillis(Math.max(0, clock.millis() - task.enqueuedAt().toEpochMilli())));
            Throwable failure = null;
            String previousRequestId = MDC.get(TaskQueue.REQUEST_ID_MDC_KEY);
            if (!task.requestId().isEmpty()) {
                MDC.put(TaskQueue.REQUEST_ID_MDC_KEY, task.requestId());
            }
            MDC.put(TASK_ID_MDC_KEY, task.id());
            try {
                TaskHandler handler = handlers.get(task.type());
                if (handler == null) {
                    throw new IllegalStateException("No handler for task type " + task.type() + " on " + name);
                }
                handler.handle(task);
            } catch (Throwable e) {
                failure = e;
            } finally {
                restore(TaskQueue.REQUEST_ID_MDC_KEY, previousRequestId);
                MDC.remove(TASK_ID_MDC_KEY);
            }
            boolean mine;
            synchronized (this) {
                mine = state == RUNNING;
                if (mine) {
                    state = DONE;
                }
                thread = null;
            }
            // A timeout or hand-back may have interrupted the handler just as it ended: never pass that on.
            Thread.interrupted();
            Duration ran = Duration.ofNanos(System.nanoTime() - startNanos);
            if (mine) {
                if (failure == null) {
                    completed.get(queue).add(raw);
                    listener.succeeded(queue, task, ran);
                } else {
                    recordFailure(this, failure, ran);
                }
            }
            finish();
        }

        void timeOutIfOverdue(long nowNanos) {
            synchronized (this) {
                if (state != RUNNING || nowNanos - deadlineNanos < 0) {
                    return;
                }
                state = TIMED_OUT;
                thread.interrupt();
            }
            Duration timeout = settings.timeout(task.priority());
            recordFailure(this, new TaskTimeoutException(task, timeout), Duration.ofNanos(nowNanos - startNanos));
        }

        boolean handBack() {
            synchronized (this) {
                if (state == RUNNING) {
                    thread.interrupt();
                } else if (state != NEW) {
                    return false;
                }
                state = HANDED_BACK;
            }
            try {
                store.handBack(queue, raw, task.priority());
                listener.handedBack(queue, task);
            } catch (RuntimeException e) {
                log.warn("{} could not hand back task {}; it runs again when its lease ends: {}", name, task.id(), e.getMessage());
            }
            return true;
        }

        private void finish() {
            executions.remove(this);
            inFlight.decrementAndGet();
            fetchFromSlot();
        }
    }
}
