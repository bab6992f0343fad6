package com.litper.common.queue;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's heartbeat: renews the leases of every attempt it holds — running, or leased and about
 * to start — in one script call per named queue, the calls of all queues sent together, so a
 * worker costs Redis one round trip per heartbeat however many tasks it runs. A lease Redis reports
 * lost (reclaimed, or ended elsewhere) stops its attempt at once; a lease that cannot be renewed is
 * let go by the lease watchdog ({@link AttemptWatchdog#leases}) before it runs out (see {@link Lease}). A stopping worker
 * keeps its heartbeat until its unfinished tasks are handed back.
 */
final class LeaseKeeper implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(TaskWorker.class);

    private final String workerName;
    private final TaskStore store;
    private final Clock clock;
    private final WorkerSlots slots;
    private final TaskListener listener;
    private final Duration replyTimeout;
    // Only the heartbeat thread touches it: whether the last heartbeat failed, to log once per outage.
    private boolean failing;

    /** @param replyTimeout how long a heartbeat waits for Redis: at most one renewal interval, so the next one is not late */
    LeaseKeeper(String workerName, TaskStore store, Clock clock, WorkerSlots slots, TaskListener listener, Duration replyTimeout) {
        this.workerName = workerName;
        this.store = store;
        this.clock = clock;
        this.slots = slots;
        this.listener = listener;
        this.replyTimeout = replyTimeout;
    }

    @Override
    public void run() {
        Map<String, List<Attempt>> byQueue = new LinkedHashMap<>();
        for (Attempt attempt : slots.held()) {
            if (attempt.holdsLease()) {
                byQueue.computeIfAbsent(attempt.queue(), q -> new ArrayList<>()).add(attempt);
            }
        }
        if (byQueue.isEmpty()) {
            return;
        }
        // Read before the requests leave: the deadlines are counted from here (see Lease).
        long now = clock.millis();
        List<Heartbeat> sent = new ArrayList<>(byQueue.size());
        for (Map.Entry<String, List<Attempt>> queue : byQueue.entrySet()) {
            List<TaskStore.Renewal> renewals = new ArrayList<>(queue.getValue().size());
            for (Attempt attempt : queue.getValue()) {
                renewals.add(attempt.heldLease().renewal(now));
            }
            CompletableFuture<Set<String>> reply;
            try {
                reply = store.extendLeases(queue.getKey(), renewals, now);
            } catch (RuntimeException e) {
                reply = CompletableFuture.failedFuture(e);
            }
            sent.add(new Heartbeat(queue.getKey(), queue.getValue(), renewals, reply));
        }
        boolean failed = false;
        for (Heartbeat heartbeat : sent) {
            failed |= !heartbeat.settle();
        }
        if (failing && !failed) {
            log.info("{} renews its leases again", workerName);
        }
        failing = failed;
    }

    /** One queue's renewals, sent, waiting for their reply. */
    private final class Heartbeat {

        private final String queue;
        private final List<Attempt> attempts;
        private final List<TaskStore.Renewal> renewals;
        private final CompletableFuture<Set<String>> reply;

        Heartbeat(String queue, List<Attempt> attempts, List<TaskStore.Renewal> renewals, CompletableFuture<Set<String>> reply) {
            this.queue = queue;
            this.attempts = attempts;
            this.renewals = renewals;
            this.reply = reply;
        }

        /** Applies the reply; false when there was none. */
        boolean settle() {
            Set<String> lost;
            try {
                lost = store.await(reply, replyTimeout);
            } catch (RuntimeException e) {
                if (Thread.currentThread().isInterrupted()) {
                    // The worker stopped (its timers are shut down once the last task is handed back): not a failure.
                    return false;
                }
                if (!failing) {
                    log.warn("{} cannot renew its {} lease(s) in {}; it stops their tasks if this lasts: {}", workerName,
                            attempts.size(), queue, e.getMessage());
                }
                listener.renewalFailed(queue, attempts.size(), e);
                return false;
            }
            for (int i = 0; i < attempts.size(); i++) {
                Attempt attempt = attempts.get(i);
                if (lost.contains(attempt.lease())) {
                    attempt.loseLease(TaskListener.LeaseLoss.TAKEN);
                } else {
                    attempt.heldLease().renewed(renewals.get(i));
                }
            }
            return true;
        }
    }
}
