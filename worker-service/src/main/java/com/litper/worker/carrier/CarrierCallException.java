package com.litper.worker.carrier;

/**
 * A carrier call failed in a way that says the carrier is unwell: a 5xx or 429 answer, a network
 * error, no answer within the timeout, or an answer we cannot read. Retried, and counted against
 * the carrier's circuit.
 */
public class CarrierCallException extends RuntimeException {

    private final String carrier;

    public CarrierCallException(String carrier, String message, Throwable cause) {
        super("Carrier " + carrier + ": " + message, cause);
        this.carrier = carrier;
    }

    public String carrier() {
        return carrier;
    }
}
