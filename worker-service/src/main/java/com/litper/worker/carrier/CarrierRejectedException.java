package com.litper.worker.carrier;

/**
 * The carrier refused the request (a 4xx other than 408 and 429): repeating it will not help, and
 * it says nothing about the carrier's health, so it is neither retried nor counted against the circuit.
 */
public class CarrierRejectedException extends RuntimeException {

    public CarrierRejectedException(String carrier, int status, String body) {
        super("Carrier " + carrier + " rejected the request with HTTP " + status + ": " + body);
    }
}
