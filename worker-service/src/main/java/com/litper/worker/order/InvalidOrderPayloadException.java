package com.litper.worker.order;

/** A {@code process_order} payload that is not an order: a bug of the enqueuer, not worth a carrier call. */
class InvalidOrderPayloadException extends IllegalArgumentException {

    InvalidOrderPayloadException(String message) {
        super(message);
    }
}
