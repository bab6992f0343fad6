package com.litper.common.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The moment by which an API request must be done, held for the thread that serves it. Transactions
 * begun while serving the request are bounded by it ({@link RequestDeadlineTransactionListener}).
 */
public final class RequestDeadline {

    private static final ThreadLocal<RequestDeadline> CURRENT = new ThreadLocal<>();

    private final Duration timeout;
    private final Instant deadline;
    private final Clock clock;
    private volatile boolean committed;

    RequestDeadline(Duration timeout, Clock clock) {
        this.timeout = timeout;
        this.clock = clock;
        this.deadline = clock.instant().plus(timeout);
    }

    /** The deadline of the request this thread serves, or null outside an API request. */
    public static RequestDeadline current() {
        return CURRENT.get();
    }

    static void set(RequestDeadline deadline) {
        CURRENT.set(deadline);
    }

    static void clear() {
        CURRENT.remove();
    }

    /** The request's whole allowance (litper.web.request-timeout). */
    public Duration timeout() {
        return timeout;
    }

    /** Time left, zero once the deadline has passed. */
    public Duration remaining() {
        Duration left = Duration.between(clock.instant(), deadline);
        return left.isNegative() ? Duration.ZERO : left;
    }

    public boolean hasPassed() {
        return !clock.instant().isBefore(deadline);
    }

    /** Whether a transaction of this request committed: its changes stay even if the request later times out. */
    public boolean committedChanges() {
        return committed;
    }

    void markCommitted() {
        committed = true;
    }
}
