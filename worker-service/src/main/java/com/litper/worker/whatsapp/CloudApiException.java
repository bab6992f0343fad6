package com.litper.worker.whatsapp;

/** A send that did not end with a message id; {@link #error()} says what WhatsApp (or the network) said. */
class CloudApiException extends RuntimeException {

    private final GraphApiError error;

    CloudApiException(GraphApiError error, Throwable cause) {
        super("WhatsApp send failed: " + error.describe(), cause);
        this.error = error;
    }

    GraphApiError error() {
        return error;
    }
}
