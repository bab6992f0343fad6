package com.litper.common.queue;

/**
 * Thrown by a handler when no further attempt can succeed (a malformed payload, a phone number the
 * provider rejects as invalid, a template it refused): the task goes to the dead letters at once
 * with this message, instead of spending its remaining attempts.
 */
public class PermanentTaskFailure extends RuntimeException {

    public PermanentTaskFailure(String message) {
        super(message);
    }

    public PermanentTaskFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
