package com.litper.tracking.webhook;

import com.litper.common.queue.QueueUnavailableException;
import com.litper.common.web.ApiProblemException;
import com.litper.common.web.Problems;
import com.litper.common.task.Tasks;
import com.litper.tracking.config.TrackedCarriers;
import com.litper.tracking.status.CarrierEvent;
import jakarta.validation.Validator;
import java.time.Clock;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * Carrier webhooks: checks the carrier, then the signature over the raw body, then the body, and
 * hands a valid event to the {@code tracking} queue as a HIGH {@code carrier_event} task before
 * answering 202. Nothing is stored or enqueued for a rejected request. The carrier's event id is
 * the task's de-duplication key, so a re-delivered event is acknowledged and does nothing.
 */
@RestController
class CarrierWebhookController {

    private static final Logger log = LoggerFactory.getLogger(CarrierWebhookController.class);

    private final TrackedCarriers carriers;
    private final WebhookProperties properties;
    private final Tasks tasks;
    private final JsonMapper json;
    private final Validator validator;
    private final Clock clock;

    CarrierWebhookController(TrackedCarriers carriers, WebhookProperties properties, Tasks tasks, JsonMapper json,
            Validator validator, Clock clock) {
        this.carriers = carriers;
        this.properties = properties;
        this.tasks = tasks;
        this.json = json;
        this.validator = validator;
        this.clock = clock;
    }

    /** What a carrier gets back for an accepted event. */
    record Accepted(String eventId, String status) {
    }

    // byte[] takes the body as it came: the signature covers these exact bytes, not a re-serialised form.
    @PostMapping("/webhooks/carriers/{carrier}")
    ResponseEntity<Accepted> receive(@PathVariable String carrier,
            @RequestHeader(name = WebhookSignature.TIMESTAMP_HEADER, required = false) String timestamp,
            @RequestHeader(name = WebhookSignature.SIGNATURE_HEADER, required = false) String signature,
            @RequestBody(required = false) byte[] body) {
        TrackedCarriers.Carrier known = carriers.carrier(carrier)
                .filter(TrackedCarriers.Carrier::acceptsWebhooks)
                .orElseThrow(() -> new ApiProblemException(HttpStatus.NOT_FOUND,
                        "No carrier '" + carrier + "' sends webhooks to Litper. Check the carrier name in the URL."));
        byte[] raw = body == null ? new byte[0] : body;
        try {
            WebhookSignature.verify(known.webhookSecret(), timestamp, signature, raw, clock.instant(), properties.timestampTolerance());
        } catch (WebhookSignature.Rejected e) {
            log.warn("Carrier webhook of {} rejected: {}", TrackedCarriers.normalise(carrier), e.getMessage());
            ProblemDetail problem = Problems.of(HttpStatus.UNAUTHORIZED, e.getMessage());
            problem.setTitle("Invalid webhook signature");
            throw new ApiProblemException(problem, Map.of());
        }
        CarrierEvent event = WebhookBody.parse(json, validator, raw, carrier, known);
        try {
            // The contract's key is the carrier's event id: a re-delivered event is acknowledged and does nothing.
            tasks.send(event.toContract());
        } catch (QueueUnavailableException e) {
            log.warn("Carrier event {} of {} not accepted, Redis unavailable: {}", event.eventId(), event.carrier(), e.getMessage());
            long seconds = Math.max(1, properties.retryAfter().toSeconds());
            ProblemDetail problem = Problems.of(HttpStatus.SERVICE_UNAVAILABLE,
                    "The event was not accepted because the task queue is unavailable; deliver it again after " + seconds + " seconds.");
            problem.setTitle("Service temporarily unavailable");
            throw new ApiProblemException(problem, Map.of(HttpHeaders.RETRY_AFTER, Long.toString(seconds)));
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(new Accepted(event.eventId(), "accepted"));
    }
}
