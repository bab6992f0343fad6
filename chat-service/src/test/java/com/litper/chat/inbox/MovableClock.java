package com.litper.chat.inbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The system clock, moved forward by tests instead of sleeping, or stopped where it is for exact
 * durations; {@link #reset()} after each test.
 */
final class MovableClock extends Clock {

    private volatile Duration offset = Duration.ZERO;
    private volatile Instant frozen;

    /** Stops the clock at its current instant; only {@link #advance} moves it then. */
    void freeze() {
        frozen = Instant.now();
    }

    void advance(Duration by) {
        offset = offset.plus(by);
    }

    void reset() {
        offset = Duration.ZERO;
        frozen = null;
    }

    @Override
    public Instant instant() {
        Instant base = frozen;
        return (base == null ? Instant.now() : base).plus(offset);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("UTC only");
    }
}
