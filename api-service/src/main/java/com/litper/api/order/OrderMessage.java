package com.litper.api.order;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Payload of {@code order_message}, enqueued by worker-service when WhatsApp accepted a message
 * about an order.
 *
 * @param orderId the order the message is about
 * @param messageId WhatsApp's message id (unique: a repeated task records nothing new)
 * @param to the buyer's phone, E.164
 * @param template the approved template used, or null for free text
 * @param language the template's language, e.g. "es"
 * @param text what the buyer reads
 * @param status the shipment status the message announces ("SHIPPED" for the booking message), or null
 * @param sentAt when WhatsApp accepted it
 */
record OrderMessage(UUID orderId, String messageId, String to, String template, String language, String text, String status,
        Instant sentAt) {

    static final String TASK_TYPE = "order_message";

    /** Fails permanently unless every required field is there. */
    void validate() {
        List<String> missing = new ArrayList<>();
        TaskPayloads.addIf(missing, orderId == null, "orderId");
        TaskPayloads.addIf(missing, TaskPayloads.blank(messageId), "messageId");
        TaskPayloads.addIf(missing, TaskPayloads.blank(to), "to");
        TaskPayloads.addIf(missing, text == null, "text");
        TaskPayloads.addIf(missing, sentAt == null, "sentAt");
        TaskPayloads.requireFields(TASK_TYPE, orderId, missing);
    }
}
