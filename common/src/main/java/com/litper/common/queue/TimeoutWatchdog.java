package com.litper.common.queue;

import java.time.Clock;

/**
 * Ends attempts that run past their priority's timeout: every tick it looks at the attempts holding
 * slots and fails those whose deadline has passed on the queue's clock. The timeout is the
 * handler's budget, independent of the lease (which is short and renewed while the handler runs).
 * Failing an attempt calls Redis, so this runs apart from the {@link LeaseWatchdog}, which must
 * never wait on Redis.
 */
final class TimeoutWatchdog implements Runnable {

    /** How often attempts are checked: a timeout fires at most this much late. */
    static final long TICK_MILLIS = 50;

    private final WorkerSlots slots;
    private final Clock clock;

    TimeoutWatchdog(WorkerSlots slots, Clock clock) {
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
