package com.litper.worker.carrier;

import java.time.Duration;

/**
 * The fallback of an open circuit: the carrier is not called at all. The task that wanted it
 * fails with this reason, so the queue retries it later or, after its attempts, keeps it as a dead
 * letter an operator can replay once the carrier is back; {@code process_order} waits
 * {@link #untilTrial()} instead.
 */
public class CarrierUnavailableException extends RuntimeException {

    private final Duration untilTrial;

    public CarrierUnavailableException(String carrier, Duration untilTrial, Throwable cause) {
        super("carrier " + carrier + " unavailable (circuit open)", cause);
        this.untilTrial = untilTrial;
    }

    /** How long until the circuit lets a trial call through: zero when it is half-open already (its trial calls are taken). */
    public Duration untilTrial() {
        return untilTrial;
    }
}
