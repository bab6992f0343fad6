package com.litper.common.web;

import java.time.Duration;

/**
 * A transaction was about to commit after its request's deadline: it is rolled back instead, and
 * the caller gets a 503 saying nothing was changed.
 */
public class RequestTimeoutException extends RuntimeException {

    public RequestTimeoutException(Duration timeout) {
        super("The request took longer than " + timeout.toSeconds() + " s; its transaction was rolled back");
    }
}
