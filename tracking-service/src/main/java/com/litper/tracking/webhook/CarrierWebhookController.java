package com.litper.tracking.webhook;

import com.litper.common.outbox.Outbox;
import com.litper.common.web.ApiProblemException;
import com.litper.common.web.Problems;
import com.litper.tracking.config.TrackedCarriers;
import com.litper.tracking.status.CarrierEvent;
import jakarta.validation.Validator;
import java.time.Clock;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * Carrier webhooks: checks the carrier, then the signature over the raw body, then the body, and
 * writes a valid event to tracking's outbox as a HIGH {@code carrier_event} task before answering
 * 202; the outbox relay hands it to the {@code tracking} queue. Only PostgreSQL has to answer, so
 * carriers are heard through a Redis outage. Nothing is stored for a rejected request.
 *
 * <p>The task goes without the contract's de-duplication key: an event is de-duplicated where it is
 * applied ({@code CarrierEvents}: once per shipment and event id), so a carrier re-sending an event
 * that was never applied has it applied, and one re-sending an applied event changes nothing.
 */
@RestController
class CarrierWebhookController {

    private static final Logger log = LoggerFactory.getLogger(CarrierWebhookController.class);

    private final TrackedCarriers carriers;
    private final WebhookProperties properties;
    private final Outbox outbox;
    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Validator validator;
    private final Clock clock;

    CarrierWebhookController(TrackedCarriers carriers, WebhookProperties properties, Outbox outbox, JdbcClient jdbc, JsonMapper json,
            Validator validator, Clock clock) {
        this.carriers = carriers;
        this.properties = properties;
        this.outbox = outbox;
        this.jdbc = jdbc;
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
        accept(event);
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(new Accepted(event.eventId(), "accepted"));
    }

    /** One statement, so no transaction: the row commits before the 202, and the relay is woken. */
    private void accept(CarrierEvent event) {
        Outbox.Row row = outbox.row(event.toContract());
        // Without the contract's key the relay enqueues under the row's id: one task per delivery, de-duplicated when applied.
        Outbox.Row unkeyed = new Outbox.Row(row.id(), row.taskType(), row.priority(), row.payload(), row.requestId(), null);
        jdbc.sql(outbox.insertFrom() + "(VALUES (1)) AS accepted").params(unkeyed.parameters()).update();
        outbox.written();
    }
}
