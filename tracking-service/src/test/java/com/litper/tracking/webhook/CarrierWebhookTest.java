package com.litper.tracking.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.litper.common.queue.Task;
import com.litper.common.queue.TaskHandler;
import com.litper.common.queue.TaskListener;
import com.litper.common.queue.TaskPriority;
import com.litper.common.queue.TaskWorker;
import com.litper.common.queue.WorkerSettings;
import com.litper.common.testing.Http;
import com.litper.embedded.EmbeddedInfrastructure;
import com.litper.tracking.TrackingTestSupport;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The webhook's edge: what is accepted and what is refused, and that a refused request leaves
 * nothing behind. An accepted event is a carrier_event task in tracking's outbox, relayed to the
 * queue; carrier_event is routed to a queue no worker consumes, so the test sees exactly what was
 * relayed.
 */
@TestPropertySource(properties = "litper.queue.routes.carrier_event=" + CarrierWebhookTest.QUEUE)
class CarrierWebhookTest extends TrackingTestSupport {

    static final String QUEUE = "tracking-webhook-test";

    /** Whether the relay has handed every delivery of that event to the queue. */
    private boolean relayed(String eventId) {
        return jdbc.sql("SELECT bool_and(sent_at IS NOT NULL) FROM tracking.outbox WHERE payload->'event'->>'eventId' = :e")
                .param("e", eventId).query(Boolean.class).optional().map(Boolean.TRUE::equals).orElse(false);
    }

    private static String now() {
        return Instant.now().toString();
    }

    private void assertNothingAccepted(String eventId) {
        assertThat(acceptedCarrierEvents(eventId)).isZero();
        assertThat(eventsWithId(eventId)).isZero();
    }

    @Test
    void aSignedEventIsAcceptedAsAHighCarrierEventTaskWithTheEvent() {
        String eventId = "evt-" + UUID.randomUUID();
        Http.Response response = webhook("coordinadora", event(eventId, "CO123456", "en-reparto", "2026-11-25T09:30:00-05:00"));

        assertThat(response.status()).as(response.body()).isEqualTo(202);
        assertThat(response.json().path("eventId").asString()).isEqualTo(eventId);
        assertThat(acceptedCarrierEvents(eventId)).isEqualTo(1);

        List<Task> received = new CopyOnWriteArrayList<>();
        TaskWorker consumer = new TaskWorker(queue, List.of(TaskHandler.of("carrier_event", received::add)),
                WorkerSettings.defaults().withQueues(QUEUE), TaskListener.NONE);
        consumer.start();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> received.stream().anyMatch(t -> t.payload().contains(eventId)));
        } finally {
            consumer.stop();
        }
        Task task = received.stream().filter(t -> t.payload().contains(eventId)).findFirst().orElseThrow();
        assertThat(task.priority()).isEqualTo(TaskPriority.HIGH);
        JsonNode payload = JSON.readTree(task.payload()).path("event");
        assertThat(JSON.readTree(task.payload()).path("carrier").asString()).isEqualTo("coordinadora");
        assertThat(payload.path("eventId").asString()).isEqualTo(eventId);
        assertThat(payload.path("trackingNumber").asString()).isEqualTo("CO123456");
        assertThat(payload.path("status").asString()).isEqualTo("en-reparto");
        assertThat(Instant.parse(payload.path("occurredAt").asString())).isEqualTo(Instant.parse("2026-11-25T14:30:00Z"));
        assertThat(payload.path("description").asString()).isEqualTo("Evento en-reparto");
    }

    @Test
    void theSignatureCoversTheRawBytesAsSent() {
        String eventId = "evt-" + UUID.randomUUID();
        // Spacing, member order and escapes a re-serialisation would change.
        String body = "{ \"status\" :\"NOVEDAD\",\n  \"eventId\":\"" + eventId + "\", \"trackingNumber\":\"CO9\","
                + " \"occurredAt\":\"2026-11-25T09:30:00Z\", \"reason\":\"Direcci\\u00f3n incompleta\", \"extra\": [1, 2] }";
        Http.Response response = webhook("coordinadora", body);
        assertThat(response.status()).as(response.body()).isEqualTo(202);
        assertThat(acceptedCarrierEvents(eventId)).isEqualTo(1);
    }

    @Test
    void aWrongSignatureIs401AndNothingIsAccepted() {
        String eventId = "evt-" + UUID.randomUUID();
        String body = event(eventId, "CO1", "recogida", now());
        String timestamp = Long.toString(Instant.now().getEpochSecond());

        assertProblem(webhook("coordinadora", body, Map.of("X-Litper-Timestamp", timestamp,
                "X-Litper-Signature", "sha256=" + hmac("another-secret", timestamp + "." + body))), 401);
        // Signed for another body (a tampered event).
        assertProblem(webhook("coordinadora", body.replace("recogida", "entregada"), Map.of("X-Litper-Timestamp", timestamp,
                "X-Litper-Signature", "sha256=" + hmac(COORDINADORA_SECRET, timestamp + "." + body))), 401);
        // Another carrier's secret.
        assertProblem(webhook("coordinadora", body, Map.of("X-Litper-Timestamp", timestamp,
                "X-Litper-Signature", "sha256=" + hmac(SERVIENTREGA_SECRET, timestamp + "." + body))), 401);
        assertProblem(webhook("coordinadora", body, Map.of("X-Litper-Timestamp", timestamp,
                "X-Litper-Signature", hmac(COORDINADORA_SECRET, timestamp + "." + body))), 401);
        assertNothingAccepted(eventId);
    }

    @Test
    void aMissingSignatureOrTimestampIs401AndNothingIsAccepted() {
        String eventId = "evt-" + UUID.randomUUID();
        String body = event(eventId, "CO1", "recogida", now());
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        String signature = "sha256=" + hmac(COORDINADORA_SECRET, timestamp + "." + body);

        assertProblem(webhook("coordinadora", body, Map.of()), 401);
        assertProblem(webhook("coordinadora", body, Map.of("X-Litper-Timestamp", timestamp)), 401);
        assertProblem(webhook("coordinadora", body, Map.of("X-Litper-Signature", signature)), 401);
        assertProblem(webhook("coordinadora", body, Map.of("X-Litper-Timestamp", "yesterday", "X-Litper-Signature", signature)), 401);
        assertNothingAccepted(eventId);
    }

    @Test
    void aStaleOrFutureTimestampIs401EvenWithAValidSignature() {
        String eventId = "evt-" + UUID.randomUUID();
        String body = event(eventId, "CO1", "recogida", now());
        for (long offset : new long[] {-310, 310, -86_400}) {
            String timestamp = Long.toString(Instant.now().getEpochSecond() + offset);
            Http.Response response = webhook("coordinadora", body, Map.of("X-Litper-Timestamp", timestamp,
                    "X-Litper-Signature", "sha256=" + hmac(COORDINADORA_SECRET, timestamp + "." + body)));
            assertProblem(response, 401);
            assertThat(response.json().path("detail").asString()).contains("X-Litper-Timestamp");
        }
        assertNothingAccepted(eventId);
    }

    @Test
    void aReplayedRequestIsAcknowledgedAndQueuedWithoutAKeyThatWouldSwallowAResend() {
        String eventId = "evt-" + UUID.randomUUID();
        String body = event(eventId, "CO1", "recogida", now());
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        Map<String, String> headers = Map.of("X-Litper-Timestamp", timestamp,
                "X-Litper-Signature", "sha256=" + hmac(COORDINADORA_SECRET, timestamp + "." + body));
        assertThat(webhook("coordinadora", body, headers).status()).isEqualTo(202);
        // The same bytes again (a replay, or the carrier retrying after a lost answer), and re-signed later.
        assertThat(webhook("coordinadora", body, headers).status()).isEqualTo(202);
        assertThat(webhook("coordinadora", body).status()).isEqualTo(202);
        // Each delivery is a task; applying them records the event once (ShipmentFlowTest, EventsBeforeTheirShipmentTest).
        assertThat(acceptedCarrierEvents(eventId)).isEqualTo(3);
        assertThat(jdbc.sql("SELECT count(*) FROM tracking.outbox WHERE payload->'event'->>'eventId' = :e AND dedup_key IS NOT NULL")
                .param("e", eventId).query(Long.class).single()).isZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> relayed(eventId));
        assertThat(carrierEventKey(eventId)).isFalse();
    }

    /** The key the queue de-duplicated carrier events by on receipt, before they were de-duplicated when applied. */
    private boolean carrierEventKey(String eventId) {
        return Boolean.TRUE.equals(redis.hasKey("litper:queue:{" + QUEUE + "}:dedup:carrier:coordinadora:" + eventId));
    }

    @Test
    void anUnknownCarrierOrOneWithoutWebhooksIs404() {
        String eventId = "evt-" + UUID.randomUUID();
        String body = event(eventId, "CO1", "recogida", now());
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        Map<String, String> headers = Map.of("X-Litper-Timestamp", timestamp,
                "X-Litper-Signature", "sha256=" + hmac("no-secret", timestamp + "." + body));
        assertProblem(webhook("dhl", body, headers), 404);
        // envia has no webhook secret in this test: its signatures cannot be checked.
        assertProblem(webhook("envia", body, headers), 404);
        assertThat(acceptedCarrierEvents(eventId)).isZero();
    }

    @Test
    void aMalformedBodyIs400AndNothingIsAccepted() {
        String eventId = "evt-" + UUID.randomUUID();
        assertProblem(webhook("coordinadora", "{\"eventId\": \"" + eventId + "\", "), 400);
        assertProblem(webhook("coordinadora", "[\"" + eventId + "\"]"), 400);
        assertProblem(webhook("coordinadora", ""), 400);

        Http.Response missing = webhook("coordinadora", "{\"eventId\": \"" + eventId + "\", \"status\": \"recogida\"}");
        assertProblem(missing, 400);
        assertThat(missing.json().path("errors").findValuesAsString("field")).containsExactlyInAnyOrder("trackingNumber", "occurredAt");

        Http.Response unknownStatus = webhook("coordinadora", event(eventId, "CO1", "perdida-en-el-mar", now()));
        assertProblem(unknownStatus, 400);
        assertThat(unknownStatus.json().path("detail").asString()).contains("perdida-en-el-mar").contains("en-reparto");

        Http.Response wrongTypes = webhook("coordinadora", "{\"eventId\": \"" + eventId + "\", \"trackingNumber\": 123,"
                + " \"status\": \"recogida\", \"occurredAt\": \"ayer\"}");
        assertProblem(wrongTypes, 400);
        assertThat(wrongTypes.json().path("errors").findValuesAsString("field")).containsExactlyInAnyOrder("trackingNumber", "occurredAt");
        assertThat(wrongTypes.json().path("detail").asString()).isEqualTo("The event has 2 invalid fields: trackingNumber must be a string;"
                + " occurredAt must be an ISO-8601 date-time with an offset, e.g. 2026-11-25T14:03:00-05:00.");
        assertNothingAccepted(eventId);
    }

    @Test
    void whileRedisIsDownTheEventIsAcceptedAndQueuedWhenRedisReturns() {
        String eventId = "evt-" + UUID.randomUUID();
        String body = event(eventId, "CO1", "recogida", now());
        EmbeddedInfrastructure.redis().stop();
        try {
            Http.Response response = webhook("coordinadora", body);
            assertThat(response.status()).as(response.body()).isEqualTo(202);
            assertThat(acceptedCarrierEvents(eventId)).isEqualTo(1);
            assertThat(relayed(eventId)).isFalse();
        } finally {
            EmbeddedInfrastructure.redis().start();
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> relayed(eventId));
    }
}
