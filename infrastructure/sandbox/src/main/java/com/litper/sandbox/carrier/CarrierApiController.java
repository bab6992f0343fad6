package com.litper.sandbox.carrier;

import com.litper.sandbox.fault.FaultSwitch;
import com.litper.sandbox.web.Problems;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The carriers' booking API as Litper's worker-service calls it (docs/carriers-api.md), one base URL
 * per carrier: {@code /carriers/{carrier}}. Each call is checked in this order: known carrier (404),
 * injected faults (latency, then the failure status), bearer token (401), then the request itself.
 */
@RestController
class CarrierApiController {

    private static final Logger log = LoggerFactory.getLogger(CarrierApiController.class);

    private final CarrierShipments shipments;
    private final CarrierFaults faults;
    private final CarrierSandboxProperties properties;
    private final Validator validator;
    private final JsonMapper json;

    CarrierApiController(CarrierShipments shipments, CarrierFaults faults, CarrierSandboxProperties properties, Validator validator,
            JsonMapper json) {
        this.shipments = shipments;
        this.faults = faults;
        this.properties = properties;
        this.validator = validator;
        this.json = json;
    }

    @PostMapping("/carriers/{carrier}/v1/shipments")
    ResponseEntity<Object> book(@PathVariable String carrier, @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            @RequestHeader(value = "Idempotency-Key", required = false) String idempotencyKey,
            @RequestHeader(value = "traceparent", required = false) String traceparent,
            @RequestBody(required = false) byte[] body) throws InterruptedException {
        Optional<CarrierProfile> profile = CarrierProfile.named(carrier);
        if (profile.isEmpty()) {
            return unknownCarrier(carrier);
        }
        Optional<ResponseEntity<Object>> refused = refuse(profile.get(), authorization);
        if (refused.isPresent()) {
            return refused.get();
        }
        if (idempotencyKey == null || idempotencyKey.isBlank() || idempotencyKey.length() > 255) {
            return Problems.of(HttpStatus.BAD_REQUEST, "Send an Idempotency-Key header (1-255 characters, the order id): "
                    + "the same key always returns the same shipment.");
        }
        BookingRequest request;
        try {
            request = json.readValue(body == null ? new byte[0] : body, BookingRequest.class);
        } catch (JacksonException e) {
            return Problems.of(HttpStatus.BAD_REQUEST, "The body is not a booking in JSON: " + firstLine(e.getOriginalMessage()));
        }
        if (request == null) {
            return Problems.of(HttpStatus.BAD_REQUEST, "The body is empty: send the booking as JSON.");
        }
        Set<ConstraintViolation<BookingRequest>> violations = validator.validate(request);
        if (!violations.isEmpty()) {
            List<Map<String, String>> errors = violations.stream()
                    .sorted(Comparator.comparing(v -> v.getPropertyPath().toString()))
                    .map(v -> Map.of("field", v.getPropertyPath().toString(), "message", v.getMessage()))
                    .toList();
            log.info("{} refused a booking with invalid fields {}", carrier, errors.stream().map(e -> e.get("field")).toList());
            return Problems.invalid(HttpStatus.UNPROCESSABLE_CONTENT, "The booking cannot be shipped: fix the listed fields.", errors);
        }
        CarrierShipments.Booking booking = shipments.book(profile.get(), idempotencyKey, request, traceparent);
        Map<String, Object> answer = booking.shipment().bookingAnswer();
        if (!booking.created()) {
            return ResponseEntity.ok(answer);
        }
        return ResponseEntity.created(URI.create("/carriers/" + carrier + "/v1/shipments/" + booking.shipment().trackingNumber() + "/events"))
                .body(answer);
    }

    @GetMapping("/carriers/{carrier}/v1/shipments/{trackingNumber}/events")
    ResponseEntity<Object> events(@PathVariable String carrier, @PathVariable String trackingNumber,
            @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization) throws InterruptedException {
        Optional<CarrierProfile> profile = CarrierProfile.named(carrier);
        if (profile.isEmpty()) {
            return unknownCarrier(carrier);
        }
        Optional<ResponseEntity<Object>> refused = refuse(profile.get(), authorization);
        if (refused.isPresent()) {
            return refused.get();
        }
        return shipments.find(profile.get(), trackingNumber)
                .<ResponseEntity<Object>>map(shipment -> ResponseEntity.ok(
                        Map.of("events", shipment.events().stream().map(ShipmentEvent::listed).toList())))
                .orElseGet(() -> Problems.of(HttpStatus.NOT_FOUND, carrier + " has no shipment with guide number " + trackingNumber + "."));
    }

    /** Injected faults first (an outage does not look at tokens), then the bearer token. */
    private Optional<ResponseEntity<Object>> refuse(CarrierProfile carrier, String authorization) throws InterruptedException {
        FaultSwitch faults = this.faults.of(carrier);
        Optional<FaultSwitch.Failure> failure = faults.apply();
        if (failure.isPresent()) {
            int status = failure.get().status() == null ? 503 : failure.get().status();
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(status),
                    carrier.id() + " is failing on purpose (sandbox fault injection; DELETE /sandbox/carriers/" + carrier.id()
                            + "/faults to stop it).");
            log.info("{} answered {} (injected fault)", carrier.id(), status);
            return Optional.of(Problems.of(problem));
        }
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7) || authorization.substring(7).isBlank()) {
            return Optional.of(unauthorized("Send Authorization: Bearer <API key>."));
        }
        String expected = properties.apiKey();
        if (!CarrierSandboxProperties.blank(expected) && !MessageDigest.isEqual(
                authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8))) {
            return Optional.of(unauthorized("The API key is not valid for " + carrier.id() + "."));
        }
        return Optional.empty();
    }

    private static ResponseEntity<Object> unauthorized(String detail) {
        ResponseEntity<Object> problem = Problems.of(HttpStatus.UNAUTHORIZED, detail);
        return ResponseEntity.status(problem.getStatusCode()).headers(problem.getHeaders())
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").body(problem.getBody());
    }

    static ResponseEntity<Object> unknownCarrier(String carrier) {
        return Problems.of(HttpStatus.NOT_FOUND, "No carrier named '" + carrier + "'; known: " + CarrierProfile.names() + ".");
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
