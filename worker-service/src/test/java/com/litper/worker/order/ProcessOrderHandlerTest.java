package com.litper.worker.order;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.litper.common.queue.DeadLetter;
import com.litper.common.queue.Task;
import com.litper.common.queue.TaskPriority;
import com.litper.worker.CarrierTestBase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.databind.JsonNode;

/** process_order books with the chosen carrier exactly once per order and hands on the guide. */
class ProcessOrderHandlerTest extends CarrierTestBase {

    @Autowired
    StringRedisTemplate redis;

    @Test
    void bookingAnOrderEnqueuesShipmentBookedForTrackingAndTellsChatServiceItShipped() {
        UUID orderId = UUID.randomUUID();
        UUID storeId = UUID.randomUUID();
        queue.enqueue("process_order", orderPayload(orderId, storeId, null), TaskPriority.NORMAL);

        await().atMost(Duration.ofSeconds(20)).until(() -> recorded("shipment_booked", orderId.toString()).size() == 1
                && recorded("notify_buyer", orderId.toString()).size() == 1);

        // The default carrier was called once, with its key, the order id as Idempotency-Key and the wire body.
        carriers.verify(1, postRequestedFor(urlEqualTo("/servientrega/v1/shipments"))
                .withHeader("Authorization", equalTo("Bearer key-of-servientrega"))
                .withHeader("Idempotency-Key", equalTo(orderId.toString()))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("""
                        {"reference":"%s","sender":{"name":"Tienda Demo"},
                         "recipient":{"name":"Ana Gómez","phone":"+573001234567","address":"Calle 10 # 5-20",
                                      "cityCode":"05001","city":"Medellín","departmentCode":"05","department":"Antioquia"},
                         "declaredValue":90000,"cashOnDelivery":90000,"currency":"COP",
                         "items":[{"sku":"SKU-1","name":"Camiseta","quantity":2,"unitPrice":45000}]}
                        """.formatted(orderId))));

        String guide = "G-" + orderId;
        Task booked = recorded("shipment_booked", orderId.toString()).get(0);
        assertThat(booked.priority()).isEqualTo(TaskPriority.HIGH);
        assertThat(queue.routing().queueFor(booked.type())).isEqualTo(TRACKING_QUEUE);
        JsonNode shipment = payload(booked);
        assertThat(shipment.path("orderId").asString()).isEqualTo(orderId.toString());
        assertThat(shipment.path("storeId").asString()).isEqualTo(storeId.toString());
        assertThat(shipment.path("carrier").asString()).isEqualTo("servientrega");
        assertThat(shipment.path("trackingNumber").asString()).isEqualTo(guide);
        assertThat(shipment.path("buyerName").asString()).isEqualTo("Ana Gómez");
        assertThat(shipment.path("buyerPhone").asString()).isEqualTo("+573001234567");
        assertThat(shipment.path("bookedAt").asString()).isEqualTo("2026-11-25T15:04:05Z");
        // The stub's answer, like a carrier that does not say, has neither a promised date nor a price.
        assertThat(shipment.path("promisedDeliveryDate").isNull()).isTrue();
        assertThat(shipment.path("freight").isNull()).isTrue();

        Task notify = recorded("notify_buyer", orderId.toString()).get(0);
        assertThat(notify.priority()).isEqualTo(TaskPriority.HIGH);
        assertThat(queue.routing().queueFor(notify.type())).isEqualTo(CHAT_QUEUE);
        assertThat(redis.hasKey("litper:queue:{" + CHAT_QUEUE + "}:dedup:notify-buyer:" + orderId + ":SHIPPED"))
                .as("the key tracking-service's pickup uses too").isTrue();
        // The facts of the booking; chat-service chooses the words.
        JsonNode news = payload(notify);
        assertThat(news.path("storeId").asString()).isEqualTo(storeId.toString());
        assertThat(news.path("orderId").asString()).isEqualTo(orderId.toString());
        assertThat(news.path("buyerPhone").asString()).isEqualTo("+573001234567");
        assertThat(news.path("buyerFirstName").asString()).isEqualTo("Ana");
        assertThat(news.path("event").asString()).isEqualTo("SHIPPED");
        assertThat(news.path("trackingNumber").asString()).isEqualTo(guide);
        assertThat(news.path("carrierName").asString()).isEqualTo("Servientrega");
        assertThat(news.path("shipmentId").isNull()).as("tracking-service has not created it yet").isTrue();
        assertThat(news.path("occurredAt").asString()).isEqualTo("2026-11-25T15:04:05Z");
        assertThat(news.has("template")).isFalse();
        assertThat(recorded("order_failed", orderId.toString())).isEmpty();
    }

    @Test
    void theOriginGoesToTheCarrierAndItsPromiseAndPriceToTracking() {
        UUID orderId = UUID.randomUUID();
        carriers.stubFor(post(urlEqualTo("/tcc/v1/shipments")).withHeader("Idempotency-Key", equalTo(orderId.toString())).atPriority(1)
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"trackingNumber\":\"TCC-" + orderId + "\",\"carrier\":\"tcc\",\"createdAt\":\"2026-11-25T15:04:05Z\","
                                + "\"promisedDeliveryDate\":\"2026-11-30\",\"freight\":14900}")));
        String payload = orderPayload(orderId, UUID.randomUUID(), "tcc").replace("\"createdAt\"", "\"originMunicipalityCode\":\"11001\",\"createdAt\"");
        queue.enqueue("process_order", payload, TaskPriority.NORMAL);

        await().atMost(Duration.ofSeconds(20)).until(() -> recorded("shipment_booked", orderId.toString()).size() == 1);
        carriers.verify(1, postRequestedFor(urlEqualTo("/tcc/v1/shipments"))
                .withRequestBody(equalToJson("{\"sender\":{\"name\":\"Tienda Demo\",\"cityCode\":\"11001\"}}", true, true)));
        JsonNode shipment = payload(recorded("shipment_booked", orderId.toString()).get(0));
        assertThat(shipment.path("promisedDeliveryDate").asString()).isEqualTo("2026-11-30");
        assertThat(shipment.path("freight").asLong()).isEqualTo(14_900);
    }

    @Test
    void aRedeliveredOrderSendsTheSameIdempotencyKeyAndYieldsOneShipment() {
        UUID orderId = UUID.randomUUID();
        String payload = orderPayload(orderId, UUID.randomUUID(), null);
        queue.enqueue("process_order", payload, TaskPriority.NORMAL);
        await().atMost(Duration.ofSeconds(20)).until(() -> recorded("shipment_booked", orderId.toString()).size() == 1);

        // The same task delivered again, as after a worker crash between booking and acknowledging.
        queue.enqueue("process_order", payload, TaskPriority.NORMAL);
        await().atMost(Duration.ofSeconds(20)).until(() -> requestsWithKey(orderId).size() == 2);
        await().atMost(Duration.ofSeconds(10)).until(() -> queue.leasedCount(WORKER_QUEUE) == 0
                && queue.depth(WORKER_QUEUE, TaskPriority.NORMAL) == 0);

        assertThat(requestsWithKey(orderId)).hasSize(2)
                .allSatisfy(request -> assertThat(request.getHeader("Idempotency-Key")).isEqualTo(orderId.toString()));
        // De-duplication keys of the order keep the second run from telling tracking or the buyer twice.
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                .until(() -> recorded("shipment_booked", orderId.toString()).size() == 1
                        && recorded("notify_buyer", orderId.toString()).size() == 1);
    }

    @Test
    void theOrdersEnabledPreferenceWins() {
        UUID orderId = UUID.randomUUID();
        queue.enqueue("process_order", orderPayload(orderId, UUID.fromString(STORE_WITH_RULE), "coordinadora"),
                TaskPriority.NORMAL);

        await().atMost(Duration.ofSeconds(20)).until(() -> recorded("shipment_booked", orderId.toString()).size() == 1);
        assertThat(payload(recorded("shipment_booked", orderId.toString()).get(0)).path("carrier").asString()).isEqualTo("coordinadora");
        carriers.verify(1, postRequestedFor(urlEqualTo("/coordinadora/v1/shipments")).withHeader("Idempotency-Key", equalTo(orderId.toString())));
    }

    @Test
    void aDisabledPreferenceFallsBackToTheStoreRule() {
        UUID orderId = UUID.randomUUID();
        queue.enqueue("process_order", orderPayload(orderId, UUID.fromString(STORE_WITH_RULE), "envia"), TaskPriority.NORMAL);

        // Both follow-up tasks are enqueued together but recorded by different worker slots: wait for both.
        await().atMost(Duration.ofSeconds(20)).until(() -> recorded("shipment_booked", orderId.toString()).size() == 1
                && recorded("notify_buyer", orderId.toString()).size() == 1);
        assertThat(payload(recorded("shipment_booked", orderId.toString()).get(0)).path("carrier").asString()).isEqualTo("tcc");
        assertThat(payload(recorded("notify_buyer", orderId.toString()).get(0)).path("carrierName").asString()).isEqualTo("TCC");
        carriers.verify(0, postRequestedFor(urlEqualTo("/envia/v1/shipments")));
    }

    @Test
    void anOrderWithoutPreferenceOrRuleGoesToTheDefaultCarrier() {
        UUID orderId = UUID.randomUUID();
        queue.enqueue("process_order", orderPayload(orderId, UUID.randomUUID(), "unknown-carrier"), TaskPriority.NORMAL);

        await().atMost(Duration.ofSeconds(20)).until(() -> recorded("shipment_booked", orderId.toString()).size() == 1);
        assertThat(payload(recorded("shipment_booked", orderId.toString()).get(0)).path("carrier").asString()).isEqualTo("servientrega");
    }

    @Test
    void aBadPayloadEndsInTheDeadLettersAtOnceWithTheReasonCallsNoCarrierAndTellsApiService() {
        UUID orderId = UUID.randomUUID();
        String id = queue.enqueue("process_order", "{\"orderId\":\"" + orderId + "\",\"items\":[]}", TaskPriority.NORMAL);

        await().atMost(Duration.ofSeconds(20)).until(() -> deadLetterError(id) != null);
        assertThat(deadLetterError(id)).contains("process_order payload").contains("storeId must not be null").contains("buyer must not be null");
        assertThat(deadLetter(id).task().attempt()).isEqualTo(1);
        assertThat(carriers.findAll(postRequestedFor(urlPathMatching("/.*")).withHeader("Idempotency-Key", equalTo(orderId.toString()))))
                .isEmpty();

        await().atMost(Duration.ofSeconds(10)).until(() -> recorded("order_failed", orderId.toString()).size() == 1);
        Task failed = recorded("order_failed", orderId.toString()).get(0);
        assertThat(failed.priority()).isEqualTo(TaskPriority.HIGH);
        JsonNode payload = payload(failed);
        assertThat(payload.path("orderId").asString()).isEqualTo(orderId.toString());
        assertThat(payload.path("carrier").isNull()).isTrue();
        assertThat(payload.path("reason").asString()).contains("storeId must not be null");
    }

    @Test
    void aPayloadWithoutAReadableOrderIdTellsApiServiceNothing() {
        String marker = UUID.randomUUID().toString();
        String id = queue.enqueue("process_order", "{\"orderId\":\"not-a-uuid-" + marker + "\"}", TaskPriority.NORMAL);

        await().atMost(Duration.ofSeconds(20)).until(() -> deadLetterError(id) != null);
        assertThat(deadLetterError(id)).contains("process_order payload is invalid at 'orderId'");
        assertThat(recorded.stream().filter(task -> task.type().equals("order_failed")).map(Task::payload)).noneMatch(p -> p.contains(marker));
    }

    @Test
    void aBookingTheCarrierRefusesFailsAtOnceAndTellsApiServiceWhy() {
        UUID orderId = UUID.randomUUID();
        carriers.stubFor(post(urlEqualTo("/servientrega/v1/shipments")).atPriority(1)
                .withHeader("Idempotency-Key", equalTo(orderId.toString()))
                .willReturn(aResponse().withStatus(422).withHeader("Content-Type", "application/problem+json")
                        .withBody("{\"detail\":\"cityCode 99999 unknown\"}")));
        Instant before = Instant.now();
        String id = queue.enqueue("process_order", orderPayload(orderId, UUID.randomUUID(), null), TaskPriority.NORMAL);

        await().atMost(Duration.ofSeconds(20)).until(() -> recorded("order_failed", orderId.toString()).size() == 1
                && deadLetterError(id) != null);
        String reason = "servientrega refused the booking: 422 {\"detail\":\"cityCode 99999 unknown\"}";
        DeadLetter letter = deadLetter(id);
        assertThat(letter.task().attempt()).isEqualTo(1);
        assertThat(letter.lastError()).contains("PermanentTaskFailure").contains(reason);
        carriers.verify(1, postRequestedFor(urlEqualTo("/servientrega/v1/shipments")).withHeader("Idempotency-Key", equalTo(orderId.toString())));

        Task failed = recorded("order_failed", orderId.toString()).get(0);
        assertThat(failed.priority()).isEqualTo(TaskPriority.HIGH);
        assertThat(queue.routing().queueFor(failed.type())).isEqualTo(API_QUEUE);
        JsonNode payload = payload(failed);
        assertThat(payload.path("orderId").asString()).isEqualTo(orderId.toString());
        assertThat(payload.path("carrier").asString()).isEqualTo("servientrega");
        assertThat(payload.path("reason").asString()).isEqualTo(reason);
        assertThat(Instant.parse(payload.path("failedAt").asString())).isAfterOrEqualTo(before.minusSeconds(1));
        assertThat(recorded("shipment_booked", orderId.toString())).isEmpty();
        assertThat(recorded("notify_buyer", orderId.toString())).isEmpty();
    }

    @Test
    void aTransientCarrierErrorIsRetriedAndTellsApiServiceNoFailure() {
        UUID orderId = UUID.randomUUID();
        carriers.stubFor(post(urlEqualTo("/servientrega/v1/shipments")).atPriority(1)
                .withHeader("Idempotency-Key", equalTo(orderId.toString()))
                .inScenario("unavailable-" + orderId).whenScenarioStateIs(Scenario.STARTED).willSetStateTo("up")
                .willReturn(aResponse().withStatus(503)));
        queue.enqueue("process_order", orderPayload(orderId, UUID.randomUUID(), null), TaskPriority.NORMAL);

        await().atMost(Duration.ofSeconds(20)).until(() -> recorded("shipment_booked", orderId.toString()).size() == 1
                && recorded("notify_buyer", orderId.toString()).size() == 1);
        assertThat(requestsWithKey(orderId)).hasSize(2);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                .until(() -> recorded("order_failed", orderId.toString()).isEmpty());
    }

    @Test
    void anOrderForACarrierWithAnOpenCircuitWaitsForItWithoutSpendingAttemptsThenIsBooked() {
        carriers.stubFor(post(urlEqualTo("/coordinadora/v1/shipments")).atPriority(1).willReturn(aResponse().withStatus(503)));
        // Held open (no half-open trial) for as long as the carrier is down in this test.
        carrierClient.circuitBreaker("coordinadora").transitionToForcedOpenState();
        UUID orderId = UUID.randomUUID();
        String id = queue.enqueue("process_order", orderPayload(orderId, UUID.randomUUID(), "coordinadora"), TaskPriority.NORMAL);

        // Longer than the queue's whole retry sequence: deferred again and again by the open circuit
        // (wait-in-open 1 s here), the task is neither failed nor dead-lettered, and the carrier is not called.
        await().during(Duration.ofSeconds(7)).atMost(Duration.ofSeconds(9)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            assertThat(deadLetter(id)).isNull();
            assertThat(carriers.findAll(postRequestedFor(urlEqualTo("/coordinadora/v1/shipments")))).isEmpty();
            assertThat(recorded("order_failed", orderId.toString())).isEmpty();
        });

        // The carrier is back and its circuit closes: the waiting order is booked.
        carriers.removeStub(carriers.getStubMappings().stream().filter(m -> m.getPriority() != null && m.getPriority() == 1)
                .findFirst().orElseThrow());
        carrierClient.circuitBreaker("coordinadora").transitionToClosedState();
        await().atMost(Duration.ofSeconds(30)).until(() -> !recorded("shipment_booked", orderId.toString()).isEmpty());
        assertThat(deadLetter(id)).isNull();
    }

    private List<LoggedRequest> requestsWithKey(UUID orderId) {
        return carriers.findAll(postRequestedFor(urlEqualTo("/servientrega/v1/shipments")).withHeader("Idempotency-Key", equalTo(orderId.toString())));
    }

    private DeadLetter deadLetter(String taskId) {
        return queue.deadLetters(WORKER_QUEUE, 0, 100).stream().filter(letter -> letter.task().id().equals(taskId)).findFirst().orElse(null);
    }

    private String deadLetterError(String taskId) {
        return queue.deadLetters(WORKER_QUEUE, 0, 100).stream().filter(letter -> letter.task().id().equals(taskId))
                .map(letter -> letter.lastError()).findFirst().orElse(null);
    }
}
