package com.litper.worker.carrier;

/**
 * The carrier refused the request (a 4xx other than 408 and 429): repeating it will not help, and
 * it says nothing about the carrier's health, so it is neither retried nor counted against the circuit.
 */
public class CarrierRejectedException extends RuntimeException {

    private final String carrier;
    private final int status;
    private final String body;

    public CarrierRejectedException(String carrier, int status, String body) {
        super("Carrier " + carrier + " rejected the request with HTTP " + status + ": " + body);
        this.carrier = carrier;
        this.status = status;
        this.body = body;
    }

    public String carrier() {
        return carrier;
    }

    /** The HTTP status of the refusal. */
    public int status() {
        return status;
    }

    /** The carrier's answer (abbreviated), which usually says what it did not accept. */
    public String body() {
        return body;
    }
}
