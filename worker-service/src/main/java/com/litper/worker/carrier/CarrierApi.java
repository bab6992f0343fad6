package com.litper.worker.carrier;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.HttpExchange;
import org.springframework.web.service.annotation.PostExchange;

/**
 * Litper's carrier wire format (docs/carriers-api.md) as a Spring HTTP interface. One client per
 * carrier, on a RestClient that holds the carrier's base URL and bearer key ({@link CarrierHttp}).
 */
@HttpExchange(accept = MediaType.APPLICATION_JSON_VALUE)
interface CarrierApi {

    /** Books a shipment; the same Idempotency-Key always answers with the same shipment. */
    @PostExchange(url = "/v1/shipments", contentType = MediaType.APPLICATION_JSON_VALUE)
    ShipmentAnswer book(@RequestHeader("Idempotency-Key") String idempotencyKey, @RequestBody BookingRequest booking);

    /** The whole event history of a shipment. */
    @GetExchange("/v1/shipments/{trackingNumber}/events")
    EventsAnswer events(@PathVariable String trackingNumber);

    /**
     * The answer to a booking; {@code carrier} is the carrier's own name for itself, not needed.
     * {@code promisedDeliveryDate} and {@code freight} are optional: a carrier may not send them.
     */
    record ShipmentAnswer(String trackingNumber, String carrier, Instant createdAt, LocalDate promisedDeliveryDate, Long freight) {
    }

    record EventsAnswer(List<WireEvent> events) {
    }

    record WireEvent(String eventId, String status, Instant occurredAt, String description, String reason, Long cashCollected) {
    }
}
