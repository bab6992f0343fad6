package com.litper.sandbox.carrier;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A booked parcel. Its events follow its route one step interval apart from the booking, so their
 * times and ids never change however often they are read; {@link #advance} adds the ones now due.
 */
final class SandboxShipment {

    private static final java.util.regex.Pattern TRACEPARENT = java.util.regex.Pattern.compile("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");

    private final CarrierProfile carrier;
    private final String trackingNumber;
    private final String idempotencyKey;
    private final BookingRequest booking;
    private final Instant createdAt;
    private final List<CarrierProfile.Step> route;
    private final boolean webhooks;
    private final String traceparent;
    private final List<ShipmentEvent> events = new ArrayList<>();
    private final BookingTerms terms;

    SandboxShipment(CarrierProfile carrier, String trackingNumber, String idempotencyKey, BookingRequest booking, Instant createdAt,
            boolean webhooks, String traceparent) {
        this.carrier = carrier;
        this.traceparent = traceparent != null && TRACEPARENT.matcher(traceparent).matches() ? traceparent : null;
        this.trackingNumber = trackingNumber;
        this.idempotencyKey = idempotencyKey;
        this.booking = booking;
        this.createdAt = createdAt;
        // "espera": only the booking's own event, so the order stays booked (a buyer may still cancel it or change its delivery).
        this.route = booking.waitsForPickup() ? carrier.route(false).subList(0, 1)
                : carrier.route(booking.asksForNovedad(), booking.refusedByBuyer());
        this.webhooks = webhooks;
        this.terms = BookingTerms.of(carrier, booking, createdAt);
    }

    CarrierProfile carrier() {
        return carrier;
    }

    String trackingNumber() {
        return trackingNumber;
    }

    /** The amount the carrier collects from the buyer at delivery, whole pesos; 0 when prepaid. */
    long cashOnDelivery() {
        return booking.cashOnDelivery() == null ? 0 : booking.cashOnDelivery();
    }

    boolean webhooks() {
        return webhooks;
    }

    /** The W3C traceparent of the booking call, sent back with the shipment's webhooks; null when it had none. */
    String traceparent() {
        return traceparent;
    }

    /**
     * Adds the events due by {@code now} and hands each new one to {@code onNew}, in route order and
     * under this shipment's lock, so two callers never publish one shipment's events out of order.
     */
    synchronized void advance(Instant now, Duration stepInterval, Consumer<ShipmentEvent> onNew) {
        while (events.size() < route.size()) {
            int index = events.size();
            Instant due = createdAt.plus(stepInterval.multipliedBy(index));
            if (due.isAfter(now)) {
                return;
            }
            CarrierProfile.Step step = route.get(index);
            ShipmentEvent event = new ShipmentEvent(trackingNumber + "-" + (index + 1), trackingNumber, step, due,
                    webhooks ? "pending" : "not sent: " + carrier.id() + " has no webhooks here (polled)", cashCollected(step));
            events.add(event);
            onNew.accept(event);
        }
    }

    /** A delivery of a cash-on-delivery parcel reports the whole amount collected; no other event reports cash. */
    private Long cashCollected(CarrierProfile.Step step) {
        long cod = booking.cashOnDelivery() == null ? 0 : booking.cashOnDelivery();
        return step.milestone() == Milestone.DELIVERED && cod > 0 ? cod : null;
    }

    synchronized boolean finished() {
        return events.size() == route.size();
    }

    synchronized List<ShipmentEvent> events() {
        return List.copyOf(events);
    }

    /** The booking answer; the same on every repeat of the booking's Idempotency-Key. */
    Map<String, Object> bookingAnswer() {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("trackingNumber", trackingNumber);
        answer.put("carrier", carrier.id());
        answer.put("createdAt", createdAt.toString());
        answer.put("promisedDeliveryDate", terms.promisedDeliveryDate().toString());
        answer.put("freight", terms.freight());
        return answer;
    }

    /** Everything about the shipment, for developers ({@code GET /sandbox/carriers/shipments}). */
    Map<String, Object> inspected() {
        Map<String, Object> view = new LinkedHashMap<>(bookingAnswer());
        view.put("reference", booking.reference());
        view.put("idempotencyKey", idempotencyKey);
        Map<String, Object> recipient = new LinkedHashMap<>();
        recipient.put("name", booking.recipient().name());
        recipient.put("phone", booking.recipient().phone());
        recipient.put("address", booking.recipient().address());
        recipient.put("city", booking.recipient().city());
        view.put("recipient", recipient);
        view.put("route", booking.waitsForPickup() ? "espera" : booking.refusedByBuyer() ? "rechazo"
                : booking.asksForNovedad() ? "novedad" : "normal");
        view.put("webhooks", webhooks);
        view.put("events", events().stream().map(ShipmentEvent::inspected).toList());
        return view;
    }
}
