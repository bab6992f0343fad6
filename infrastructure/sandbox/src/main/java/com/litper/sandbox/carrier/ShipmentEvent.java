package com.litper.sandbox.carrier;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One event of a shipment as the carrier reports it. Its id is the guide number and the event's
 * position in the route, so it is unique per carrier and the same in the events list and the webhook.
 */
final class ShipmentEvent {

    private final String eventId;
    private final String trackingNumber;
    private final CarrierProfile.Step step;
    private final Instant occurredAt;
    private final Long cashCollected;
    private volatile String webhook;

    /** @param cashCollected the pesos collected, on the delivery of a cash-on-delivery parcel; else null */
    ShipmentEvent(String eventId, String trackingNumber, CarrierProfile.Step step, Instant occurredAt, String webhook, Long cashCollected) {
        this.cashCollected = cashCollected;
        this.eventId = eventId;
        this.trackingNumber = trackingNumber;
        this.step = step;
        this.occurredAt = occurredAt;
        this.webhook = webhook;
    }

    String eventId() {
        return eventId;
    }

    Instant occurredAt() {
        return occurredAt;
    }

    CarrierProfile.Step step() {
        return step;
    }

    void webhook(String outcome) {
        this.webhook = outcome;
    }

    /** The event in the events list ({@code GET …/events}). */
    Map<String, Object> listed() {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("eventId", eventId);
        event.put("status", step.code());
        event.put("occurredAt", occurredAt.toString());
        event.put("description", step.description());
        event.put("reason", step.reason());
        if (cashCollected != null) {
            event.put("cashCollected", cashCollected);
        }
        return event;
    }

    /** The webhook body: the listed event with its guide number. */
    Map<String, Object> webhookBody() {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("eventId", eventId);
        event.put("trackingNumber", trackingNumber);
        event.put("status", step.code());
        event.put("occurredAt", occurredAt.toString());
        event.put("description", step.description());
        event.put("reason", step.reason());
        if (cashCollected != null) {
            event.put("cashCollected", cashCollected);
        }
        return event;
    }

    /** The event for developers: the listed fields, what the code means, and how its webhook went. */
    Map<String, Object> inspected() {
        Map<String, Object> event = listed();
        event.put("milestone", step.milestone().name());
        event.put("webhook", webhook);
        return event;
    }
}
