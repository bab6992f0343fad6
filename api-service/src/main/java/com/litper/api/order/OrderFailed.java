package com.litper.api.order;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Payload of {@code order_failed}, enqueued by worker-service when {@code process_order} failed for
 * good (the carrier refused the booking, the order cannot be booked as it is, no carrier is enabled).
 *
 * @param orderId the order
 * @param carrier the carrier that refused it, or null
 * @param reason why, for the store to act on
 * @param failedAt when the processing gave up
 */
record OrderFailed(UUID orderId, String carrier, String reason, Instant failedAt) {

    static final String TASK_TYPE = "order_failed";

    /** Fails permanently unless every required field is there. */
    void validate() {
        List<String> missing = new ArrayList<>();
        TaskPayloads.addIf(missing, orderId == null, "orderId");
        TaskPayloads.addIf(missing, TaskPayloads.blank(reason), "reason");
        TaskPayloads.requireFields(TASK_TYPE, orderId, missing);
    }
}
