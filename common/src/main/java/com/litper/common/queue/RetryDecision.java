package com.litper.common.queue;

import java.time.Duration;

/**
 * The fate of a failed attempt: another attempt after a backoff, or the dead letters.
 *
 * @param retry true when the task gets another attempt
 * @param backoff wait before that attempt (zero when giving up)
 */
public record RetryDecision(boolean retry, Duration backoff) {

    public static final RetryDecision GIVE_UP = new RetryDecision(false, Duration.ZERO);

    public static RetryDecision retryAfter(Duration backoff) {
        return new RetryDecision(true, backoff);
    }
}
