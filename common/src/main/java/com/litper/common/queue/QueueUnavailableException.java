package com.litper.common.queue;

/** Redis could not be reached or refused a queue operation; the operation may or may not have taken effect. */
public class QueueUnavailableException extends RuntimeException {

    public QueueUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
