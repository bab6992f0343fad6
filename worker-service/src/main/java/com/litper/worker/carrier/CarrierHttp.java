package com.litper.worker.carrier;

import com.litper.common.carrier.CarrierRegistry;
import com.litper.worker.config.OutboundHttp;
import org.springframework.web.client.RestClient;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;
import tools.jackson.databind.json.JsonMapper;

/**
 * One carrier reached through Litper's wire format ({@link CarrierApi}), without retries or circuits:
 * turns answers into results, or into the exceptions {@link CarrierClient}'s resilience decisions
 * are based on.
 */
final class CarrierHttp implements CarrierAdapter {

    private static final int MAX_ERROR_BODY = 300;

    private final String carrier;
    private final CarrierApi api;
    private final Duration timeout;

    private CarrierHttp(String carrier, CarrierApi api, Duration timeout) {
        this.carrier = carrier;
        this.api = api;
        this.timeout = timeout;
    }

    /** The HTTP interface client of {@code carrier}: its base URL, and its API key as bearer token when it has one. */
    static CarrierHttp of(RestClient.Builder restClient, String carrier, CarrierRegistry.Carrier settings, Duration timeout,
            JsonMapper json) {
        CarrierApi api = OutboundHttp.client(restClient, CarrierApi.class, settings.baseUrl().toString(), timeout, json, headers -> {
            if (settings.apiKey() != null) {
                headers.setBearerAuth(settings.apiKey());
            }
        });
        return new CarrierHttp(carrier, api, timeout);
    }

    @Override
    public String carrier() {
        return carrier;
    }

    @Override
    public Shipment book(BookingRequest booking) {
        CarrierApi.ShipmentAnswer answer = exchange(() -> api.book(booking.reference(), booking));
        if (answer == null || answer.trackingNumber() == null || answer.trackingNumber().isBlank()) {
            throw new CarrierCallException(carrier, "booking answer has no trackingNumber: " + answer, null);
        }
        // A negative price is no price: the field is informative, the booking stands.
        Long freight = answer.freight() != null && answer.freight() >= 0 ? answer.freight() : null;
        return new Shipment(answer.trackingNumber(), carrier, answer.createdAt(), answer.promisedDeliveryDate(), freight);
    }

    @Override
    public List<CarrierEvent> events(String trackingNumber) {
        CarrierApi.EventsAnswer answer = exchange(() -> api.events(trackingNumber));
        if (answer == null || answer.events() == null) {
            throw new CarrierCallException(carrier, "events answer has no events list: " + answer, null);
        }
        return answer.events().stream()
                .map(event -> {
                    if (event.eventId() == null || event.eventId().isBlank() || event.status() == null) {
                        throw new CarrierCallException(carrier, "event without eventId or status: " + event, null);
                    }
                    return new CarrierEvent(event.eventId(), trackingNumber, event.status(), event.occurredAt(),
                            event.description(), event.reason(),
                            event.cashCollected() != null && event.cashCollected() >= 0 ? event.cashCollected() : null);
                })
                .toList();
    }

    /** Calls the carrier and returns its 2xx answer, read; everything else becomes the exception its meaning calls for. */
    private <T> T exchange(Supplier<T> call) {
        try {
            return call.get();
        } catch (RestClientResponseException e) {
            int status = e.getStatusCode().value();
            if (status == 408 || status == 429 || status >= 500) {
                throw new CarrierCallException(carrier, "HTTP " + status + ": " + abbreviate(e.getResponseBodyAsString()), null);
            }
            throw new CarrierRejectedException(carrier, status, abbreviate(e.getResponseBodyAsString()));
        } catch (RestClientException e) {
            var interrupted = OutboundHttp.interruption(e);
            if (interrupted.isPresent()) {
                // The task's own timeout or a shutdown: the request is cancelled; stop at once, and blame nobody.
                Thread.currentThread().interrupt();
                throw new CarrierCallInterruptedException(carrier, interrupted.get());
            }
            var unreadable = OutboundHttp.unreadable(e);
            if (unreadable.isPresent()) {
                throw new CarrierCallException(carrier, "unreadable answer: " + unreadable.get().getOriginalMessage(), e);
            }
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new CarrierCallException(carrier, OutboundHttp.describe(e, timeout), cause);
        }
    }

    private static String abbreviate(String text) {
        if (text == null) {
            return "";
        }
        return text.length() <= MAX_ERROR_BODY ? text : text.substring(0, MAX_ERROR_BODY) + "…";
    }
}
