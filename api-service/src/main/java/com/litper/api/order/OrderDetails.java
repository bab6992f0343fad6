package com.litper.api.order;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.time.Instant;
import java.util.List;

/**
 * One order as {@code GET /api/orders/{id}} shows it: the order (with its shipment), plus what
 * happened to it. The listing shows {@link OrderView} only, which keeps its pages one row per order.
 *
 * @param order the order, its fields at the top level of the JSON
 * @param timeline the shipment's tracking events in the order they happened (then as recorded),
 *     including those that did not change the status; empty until booked
 * @param messages the WhatsApp messages the buyer was sent about the order, in the order they were sent
 */
record OrderDetails(@JsonUnwrapped OrderView order, List<TimelineEntry> timeline, List<Message> messages) {

    /**
     * One tracking event.
     *
     * @param eventId the carrier's event id, or "booked" for the booking
     * @param status the event's status, normalised to the shipment statuses
     * @param carrierStatus the carrier's own status code; null for the booking
     * @param occurredAt when it happened, as the carrier reports it
     * @param description what happened, in the carrier's words
     * @param reason the novedad's reason, or null
     * @param changedStatus whether the event moved the shipment's status (a late event does not)
     */
    record TimelineEntry(String eventId, String status, String carrierStatus, Instant occurredAt, String description, String reason,
            boolean changedStatus) {
    }

    /**
     * A WhatsApp message WhatsApp accepted for the buyer.
     *
     * @param messageId WhatsApp's message id
     * @param template the approved template used, or null for free text
     * @param text what the buyer reads
     * @param status the shipment status the message announced ("SHIPPED" for the booking message), or null
     * @param sentAt when WhatsApp accepted it
     */
    record Message(String messageId, String template, String text, String status, Instant sentAt) {
    }
}
