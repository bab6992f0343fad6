package com.litper.common.queue;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reclaims the leases that ran out in the worker's named queues — tasks of workers that died, hung
 * or lost Redis — so they run again: each counts as a failed attempt, and one that used its last
 * attempt becomes a dead letter. Every worker of a queue reaps it; the script is atomic, so two
 * reapers never reclaim the same lease.
 */
final class LeaseReaper implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(TaskWorker.class);
    /** About how many leases one call looks at: all of them at once unless more than this many tasks run. */
    private static final int BATCH = 1000;

    private final String workerName;
    private final TaskStore store;
    private final Clock clock;
    private final List<String> queues;
    private final FailurePolicy policy;
    private final TaskListener listener;
    private final Map<String, Integer> maxAttemptsByType;
    // Where each queue's walk over its leases goes on; only the timer thread touches it.
    private final Map<String, String> cursors = new HashMap<>();

    LeaseReaper(String workerName, TaskStore store, Clock clock, List<String> queues, FailurePolicy policy, TaskListener listener) {
        this.workerName = workerName;
        this.store = store;
        this.clock = clock;
        this.queues = queues;
        this.policy = policy;
        this.listener = listener;
        this.maxAttemptsByType = policy.maxAttemptsByType();
    }

    @Override
    public void run() {
        for (String q : queues) {
            try {
                TaskStore.Reclaimed reclaimed = store.reclaimExpired(q, policy.defaultMaxAttempts(), maxAttemptsByType, BATCH,
                        cursors.getOrDefault(q, "0"), clock.millis());
                cursors.put(q, reclaimed.cursor());
                if (reclaimed.requeued() + reclaimed.deadLettered() > 0) {
                    log.warn("{} reclaimed expired leases in {}: {} task(s) requeued, {} dead-lettered", workerName, q,
                            reclaimed.requeued(), reclaimed.deadLettered());
                    listener.reclaimed(q, reclaimed.requeued(), reclaimed.deadLettered());
                }
            } catch (RuntimeException e) {
                log.debug("{} could not look for expired leases in {}: {}", workerName, q, e.getMessage());
            }
        }
    }
}
