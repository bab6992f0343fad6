package com.litper.common.queue;

import java.time.Clock;
import java.util.function.ObjLongConsumer;

/**
 * Every tick, applies one check to each attempt holding a slot, with the queue's clock (the clock
 * the deadlines in Redis were computed on). A worker schedules two, each a periodic job of its own
 * (TaskWorker's timer threads give each job a thread):
 * <ul>
 *   <li>{@link #timeouts}: fails attempts past their priority's timeout, the handler's budget,
 *       independent of the lease. Failing an attempt calls Redis.</li>
 *   <li>{@link #leases}: lets go of attempts whose renewals have not reached Redis for so long that
 *       the lease could run out soon ({@link Lease#letGoAtMillis()}). It never calls Redis, so a tick
 *       is never late because Redis is down or slow: that is exactly when it must act, and why it
 *       is not the same job as the timeouts.</li>
 * </ul>
 */
final class AttemptWatchdog implements Runnable {

    /** How often attempts are checked: a timeout or a let-go fires at most this much late. */
    static final long TICK_MILLIS = 50;

    private final WorkerSlots slots;
    private final Clock clock;
    private final ObjLongConsumer<Attempt> check;

    private AttemptWatchdog(WorkerSlots slots, Clock clock, ObjLongConsumer<Attempt> check) {
        this.slots = slots;
        this.clock = clock;
        this.check = check;
    }

    /** Ends attempts that run past their priority's timeout. */
    static AttemptWatchdog timeouts(WorkerSlots slots, Clock clock) {
        return new AttemptWatchdog(slots, clock, Attempt::timeOutIfOverdue);
    }

    /** Stops attempts about to outlive their lease. */
    static AttemptWatchdog leases(WorkerSlots slots, Clock clock) {
        return new AttemptWatchdog(slots, clock, Attempt::letGoIfLeaseEnding);
    }

    @Override
    public void run() {
        long now = clock.millis();
        for (Attempt attempt : slots.held()) {
            check.accept(attempt, now);
        }
    }
}
