package com.litper.tracking.status;

import java.time.Instant;
import tools.jackson.databind.json.JsonMapper;

/**
 * One status event of one carrier, as the webhook received it (or a poller read it), carried by a
 * {@code carrier_event} task as {@code {"carrier": …, "event": {eventId, trackingNumber, status,
 * occurredAt, description, reason}}} (docs/carriers.md). {@code status} is the carrier's own code;
 * tracking-service maps it when it applies the event.
 *
 * @param carrier carrier name, lower case
 * @param eventId the carrier's id of the event; a repeat of it is a no-op
 * @param trackingNumber the guide number
 * @param status the carrier's status code
 * @param occurredAt when it happened, by the carrier's clock
 * @param description the carrier's words for the buyer, or null
 * @param reason why the delivery is held up (for a novedad), or null
 */
public record CarrierEvent(String carrier, String eventId, String trackingNumber, String status, Instant occurredAt,
        String description, String reason) {

    /** The task type that carries one event to tracking-service's queue. */
    public static final String TASK_TYPE = "carrier_event";

    /** The task payload's shape. */
    private record Payload(String carrier, Event event) {
    }

    /** The event as the carrier described it, inside the payload. */
    private record Event(String eventId, String trackingNumber, String status, Instant occurredAt, String description, String reason) {
    }

    /** This event as a {@code carrier_event} task payload. */
    public String toPayload(JsonMapper json) {
        return json.writeValueAsString(new Payload(carrier, new Event(eventId, trackingNumber, status, occurredAt, description, reason)));
    }

    /** The event of a {@code carrier_event} task payload; fields it lacks are null. */
    public static CarrierEvent fromPayload(JsonMapper json, String payload) {
        Payload read = json.readValue(payload, Payload.class);
        Event event = read.event() == null ? new Event(null, null, null, null, null, null) : read.event();
        return new CarrierEvent(read.carrier(), event.eventId(), event.trackingNumber(), event.status(), event.occurredAt(),
                event.description(), event.reason());
    }
}
