package com.litper.worker.carrier;

/**
 * The fallback of an open circuit: the carrier is not called at all. The task that wanted it
 * fails with this reason, so the queue retries it later or, after its attempts, keeps it as a dead
 * letter an operator can replay once the carrier is back.
 */
public class CarrierUnavailableException extends RuntimeException {

    public CarrierUnavailableException(String carrier, Throwable cause) {
        super("carrier " + carrier + " unavailable (circuit open)", cause);
    }
}
