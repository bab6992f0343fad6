package com.litper.worker.carrier;

/**
 * The thread waiting for a carrier was interrupted (the task timed out or the worker is stopping):
 * not the carrier's fault, so neither retried nor counted against its circuit.
 */
public class CarrierCallInterruptedException extends RuntimeException {

    public CarrierCallInterruptedException(String carrier, InterruptedException cause) {
        super("Call to carrier " + carrier + " interrupted", cause);
    }
}
