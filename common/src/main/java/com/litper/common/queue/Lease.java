package com.litper.common.queue;

/**
 * A worker's hold on one lease: its name, its length, and the deadlines the worker wrote for it.
 * Leases are short and renewed while the task runs ({@link LeaseKeeper}); a worker that cannot renew
 * one lets go of it — interrupts the handler and never reports the attempt — a safety margin before
 * the earliest deadline Redis may hold ({@link #letGoAtMillis()}); the reaper then reclaims it.
 *
 * <p>Why that keeps one task from running twice at once, with workers and Redis healthy and hosts
 * NTP-synchronised. The worker writes every deadline itself, as {@code t + length} with {@code t}
 * read from the queue's clock <em>before</em> the request leaves, so it knows the deadline in Redis
 * exactly (the earliest of those that may be there, while a renewal went unanswered), and the
 * time a request spends on the way counts against the worker, never for it. Another worker
 * reclaims the lease only once its own clock passes that deadline: not before {@code deadline -
 * skew} on this worker's clock. This worker interrupts the handler at {@code deadline - safety}
 * (seen within one watchdog tick, 50 ms). So while the hosts' clocks differ by less than the safety
 * margin less a tick — a quarter of the lease, 3.75 s of a 15 s lease, against NTP's milliseconds —
 * the handler has been interrupted before anyone may take the task. A handler that ignores
 * interrupts, or a process frozen for longer than the margin (a long GC pause, a suspended VM),
 * can still overlap with the next delivery: handlers stay idempotent.
 */
final class Lease {

    private final String name;
    private final long lengthMillis;
    // The deadlines that may be in Redis now, guarded by this: exactly one once Redis confirmed it;
    // a range while renewals went unanswered (each may or may not have been applied). Renewals are
    // sent one at a time, from the heartbeat thread; the watchdog only reads.
    private long earliestDeadlineMillis;
    private long latestDeadlineMillis;

    /**
     * @param name the lease's name in Redis ({@code <task id>:<attempt>})
     * @param deadlineMillis the deadline the claim wrote (the claim's time plus the lease length)
     * @param lengthMillis how far each renewal pushes the deadline
     */
    Lease(String name, long deadlineMillis, long lengthMillis) {
        this.name = name;
        this.lengthMillis = lengthMillis;
        this.earliestDeadlineMillis = deadlineMillis;
        this.latestDeadlineMillis = deadlineMillis;
    }

    /**
     * How often a worker renews leases of this length: every quarter of the lease. Before it must
     * let go (see {@link #safetyMarginMillis}) two renewals go out after the last good one, the
     * second with a quarter of the lease to answer in, so one lost or slow heartbeat costs nothing.
     */
    static long renewalIntervalMillis(long lengthMillis) {
        return Math.max(1, lengthMillis / 4);
    }

    /** How long before its deadline a worker lets go of a lease it could not renew: a quarter of the lease. */
    static long safetyMarginMillis(long lengthMillis) {
        return lengthMillis / 4;
    }

    String name() {
        return name;
    }

    /** The renewal to send at {@code nowMillis}, read from the queue's clock before sending it. */
    synchronized TaskStore.Renewal renewal(long nowMillis) {
        TaskStore.Renewal renewal = new TaskStore.Renewal(name, earliestDeadlineMillis, latestDeadlineMillis, nowMillis + lengthMillis);
        // Until Redis answers, the new deadline may or may not be there.
        earliestDeadlineMillis = Math.min(earliestDeadlineMillis, renewal.newDeadlineMillis());
        latestDeadlineMillis = Math.max(latestDeadlineMillis, renewal.newDeadlineMillis());
        return renewal;
    }

    /** Redis applied {@code renewal}, the last one sent: its deadline is the one in Redis now. */
    synchronized void renewed(TaskStore.Renewal renewal) {
        earliestDeadlineMillis = renewal.newDeadlineMillis();
        latestDeadlineMillis = renewal.newDeadlineMillis();
    }

    /**
     * When, on the queue's clock, the worker must have stopped the task unless a renewal succeeds
     * first: a safety margin before the earliest deadline that may be in Redis.
     */
    synchronized long letGoAtMillis() {
        return earliestDeadlineMillis - safetyMarginMillis(lengthMillis);
    }
}
