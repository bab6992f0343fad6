package com.litper.common.queue;

import java.time.Clock;

/**
 * Stops attempts about to outlive their lease: every tick it looks at the attempts holding slots
 * and lets go of those whose renewals have not reached Redis for so long that the lease could run
 * out soon ({@link Lease#letGoAtMillis()}, on the queue's clock — the clock the deadlines in Redis
 * were computed on). It never calls Redis, so a tick is never late because Redis is down or slow:
 * that is exactly when it must act.
 */
final class LeaseWatchdog implements Runnable {

    /** How often leases are checked: a let-go fires at most this much late. */
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
            attempt.letGoIfLeaseEnding(now);
        }
    }
}
