package com.litper.common.queue;

import java.time.Duration;
import java.util.Objects;

/**
 * How many dead letters a queue keeps, and for how long: dead letters wait for an operator in
 * Redis, so without a bound a failing dependency would fill its memory. Beyond either bound the
 * oldest go first.
 *
 * @param maxCount most dead letters the queue keeps, at least 1
 * @param maxAge how long a dead letter is kept after its last attempt failed, positive
 */
public record DeadLetterRetention(long maxCount, Duration maxAge) {

    public DeadLetterRetention {
        Objects.requireNonNull(maxAge, "maxAge");
        if (maxCount < 1) {
            throw new IllegalArgumentException("A queue keeps at least 1 dead letter, was " + maxCount);
        }
        if (maxAge.isZero() || maxAge.isNegative()) {
            throw new IllegalArgumentException("Dead letters are kept for a positive time, was " + maxAge);
        }
    }

    /**
     * What one {@link TaskQueue#trimDeadLetters} deleted.
     *
     * @param tooOld dead letters older than {@code maxAge}
     * @param tooMany the oldest dead letters beyond {@code maxCount}
     */
    public record Trimmed(long tooOld, long tooMany) {

        public long total() {
            return tooOld + tooMany;
        }
    }
}
