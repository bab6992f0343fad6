package com.litper.worker.carrier;

import com.litper.common.carrier.CarrierRegistry;
import com.litper.worker.config.CarrierApiProperties;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * One plain HTTP exchange with a carrier, without retries or circuits: turns answers into results
 * or into the exceptions {@link CarrierClient}'s resilience decisions are based on.
 */
@Component
class CarrierHttp {

    private static final int MAX_ERROR_BODY = 300;

    private final HttpClient http;
    private final JsonMapper json;
    private final CarrierRegistry registry;
    private final CarrierApiProperties properties;

    CarrierHttp(HttpClient carrierHttpClient, JsonMapper json, CarrierRegistry registry, CarrierApiProperties properties) {
        this.http = carrierHttpClient;
        this.json = json;
        this.registry = registry;
        this.properties = properties;
    }

    Shipment book(String carrier, BookingRequest booking) {
        CarrierRegistry.Carrier settings = settings(carrier);
        HttpRequest request = request(settings, "/v1/shipments")
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", booking.reference())
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(booking)))
                .build();
        String body = exchange(carrier, request);
        ShipmentAnswer answer = read(carrier, body, ShipmentAnswer.class);
        if (answer.trackingNumber() == null || answer.trackingNumber().isBlank()) {
            throw new CarrierCallException(carrier, "booking answer has no trackingNumber: " + abbreviate(body), null);
        }
        return new Shipment(answer.trackingNumber(), carrier, answer.createdAt());
    }

    List<CarrierEvent> events(String carrier, String trackingNumber) {
        CarrierRegistry.Carrier settings = settings(carrier);
        HttpRequest request = request(settings,
                "/v1/shipments/" + URLEncoder.encode(trackingNumber, StandardCharsets.UTF_8).replace("+", "%20") + "/events")
                .GET()
                .build();
        String body = exchange(carrier, request);
        EventsAnswer answer = read(carrier, body, EventsAnswer.class);
        if (answer.events() == null) {
            throw new CarrierCallException(carrier, "events answer has no events list: " + abbreviate(body), null);
        }
        return answer.events().stream()
                .map(event -> {
                    if (event.eventId() == null || event.eventId().isBlank() || event.status() == null) {
                        throw new CarrierCallException(carrier, "event without eventId or status: " + event, null);
                    }
                    return new CarrierEvent(event.eventId(), trackingNumber, event.status(), event.occurredAt(),
                            event.description(), event.reason());
                })
                .toList();
    }

    private CarrierRegistry.Carrier settings(String carrier) {
        CarrierRegistry.Carrier settings = registry.carrier(carrier)
                .orElseThrow(() -> new IllegalArgumentException("Unknown carrier '" + carrier + "'; known: " + registry.codes()));
        if (settings.baseUrl() == null) {
            throw new IllegalArgumentException("Carrier " + carrier + " has no base-url configured");
        }
        return settings;
    }

    private HttpRequest.Builder request(CarrierRegistry.Carrier settings, String path) {
        String base = settings.baseUrl().toString();
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) + path : base + path))
                .timeout(properties.timeout())
                .header("Accept", "application/json");
        if (settings.apiKey() != null && !settings.apiKey().isEmpty()) {
            builder.header("Authorization", "Bearer " + settings.apiKey());
        }
        return builder;
    }

    /** Sends and returns the body of a 2xx answer; the timeout bounds the whole exchange, body included. */
    private String exchange(String carrier, HttpRequest request) {
        Duration timeout = properties.timeout();
        CompletableFuture<HttpResponse<String>> future = http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> response;
        try {
            response = future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new CarrierCallException(carrier, "no answer within " + timeout + " (timed out)", e);
        } catch (InterruptedException e) {
            // The task's own timeout or a shutdown: stop at once, and blame nobody.
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new CarrierCallInterruptedException(carrier, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            String what = cause instanceof HttpTimeoutException ? "no answer within " + timeout + " (timed out)"
                    : cause instanceof IOException ? "network error: " + cause
                    : "call failed: " + cause;
            throw new CarrierCallException(carrier, what, cause);
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return response.body();
        }
        if (status == 408 || status == 429 || status >= 500) {
            throw new CarrierCallException(carrier, "HTTP " + status + ": " + abbreviate(response.body()), null);
        }
        throw new CarrierRejectedException(carrier, status, abbreviate(response.body()));
    }

    private <T> T read(String carrier, String body, Class<T> type) {
        try {
            return json.readValue(body, type);
        } catch (JacksonException e) {
            throw new CarrierCallException(carrier, "unreadable answer: " + e.getOriginalMessage(), e);
        }
    }

    private static String abbreviate(String text) {
        if (text == null) {
            return "";
        }
        return text.length() <= MAX_ERROR_BODY ? text : text.substring(0, MAX_ERROR_BODY) + "…";
    }

    /** The answer to a booking; {@code carrier} is the carrier's own name for itself, not needed. */
    record ShipmentAnswer(String trackingNumber, String carrier, Instant createdAt) {
    }

    record EventsAnswer(List<WireEvent> events) {
    }

    record WireEvent(String eventId, String status, Instant occurredAt, String description, String reason) {
    }
}
