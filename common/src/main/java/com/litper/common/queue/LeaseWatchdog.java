package com.litper.common.queue;

import java.time.Clock;

/**
 * Ends attempts that run past their priority's timeout: every tick it looks at the attempts
 * holding slots and fails those whose deadline has passed on the worker's clock. That is the clock
 * the attempts' lease deadlines in Redis were computed on too, so a worker's own timeout always
 * comes a lease margin before another worker may reclaim the task, whatever that clock does.
 *
 * <p>Leases are not renewed: each lasts the attempt's whole timeout plus the lease margin, so a
 * worker that dies holds its tasks that long.
 */
final class LeaseWatchdog implements Runnable {

    /** How often attempts are checked: a timeout fires at most this much late. */
    static final long TICK_MILLIS = 50;

    private final WorkerSlots slots;
    private final Clock clock;

    LeaseWatchdog(WorkerSlots slots, Clock clock) {
        this.slots = slots;
        this.clock = clock;
    }

    @Override
    public void run() {
        long now = clock.millis();
        for (Attempt attempt : slots.running()) {
            attempt.timeOutIfOverdue(now);
        }
    }
}
