package com.litper.worker.order;

import com.litper.common.queue.PermanentTaskFailure;

/**
 * A {@code process_order} payload that is not an order: a bug of the enqueuer, worth neither a
 * carrier call nor another attempt, so the task goes to the dead letters at once with the reason.
 */
class InvalidOrderPayloadException extends PermanentTaskFailure {

    InvalidOrderPayloadException(String message) {
        super(message);
    }
}
