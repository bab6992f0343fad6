package com.litper.worker.tracking;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.litper.common.queue.Task;
import com.litper.common.queue.TaskPriority;
import com.litper.worker.CarrierTestBase;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** update_tracking turns a carrier's events into carrier_event tasks for tracking-service, each event once. */
class UpdateTrackingHandlerTest extends CarrierTestBase {

    private static final String PICKED_UP = """
            {"eventId":"%s-1","status":"RECOGIDO","occurredAt":"2026-11-25T15:10:00Z","description":"Recogido en bodega","reason":null}""";
    private static final String IN_TRANSIT = """
            {"eventId":"%s-2","status":"EN_TRANSITO","occurredAt":"2026-11-25T18:00:00Z","description":"En ruta","reason":null}""";
    private static final String NOVEDAD = """
            {"eventId":"%s-3","status":"NOVEDAD","occurredAt":"2026-11-26T09:30:00Z","description":"No se pudo entregar","reason":"Dirección errada"}""";

    @Test
    void polledEventsBecomeCarrierEventTasksAndRepeatedPollsAddOnlyNewOnes() {
        String guide = "G-" + UUID.randomUUID();
        String path = "/coordinadora/v1/shipments/" + guide + "/events";
        stubEvents(path, PICKED_UP.formatted(guide), IN_TRANSIT.formatted(guide));

        queue.enqueue("update_tracking", poll(guide), TaskPriority.NORMAL);
        await().atMost(Duration.ofSeconds(20)).until(() -> recorded("carrier_event", guide).size() == 2);

        carriers.verify(getRequestedFor(urlEqualTo(path)).withHeader("Authorization", equalTo("Bearer key-of-coordinadora")));
        Task first = recorded("carrier_event", guide + "-1\"").get(0);
        assertThat(first.priority()).isEqualTo(TaskPriority.HIGH);
        assertThat(queue.routing().queueFor(first.type())).isEqualTo(TRACKING_QUEUE);
        JsonNode payload = payload(first);
        assertThat(payload.path("carrier").asString()).isEqualTo("coordinadora");
        JsonNode event = payload.path("event");
        assertThat(event.path("eventId").asString()).isEqualTo(guide + "-1");
        assertThat(event.path("trackingNumber").asString()).isEqualTo(guide);
        assertThat(event.path("status").asString()).isEqualTo("RECOGIDO");
        assertThat(event.path("occurredAt").asString()).isEqualTo("2026-11-25T15:10:00Z");
        assertThat(event.path("description").asString()).isEqualTo("Recogido en bodega");

        // The next poll returns the whole history plus a new event: only the new one is enqueued, since
        // the old ones' de-duplication keys (carrier:<carrier>:<eventId>, shared with webhooks) are taken.
        stubEvents(path, PICKED_UP.formatted(guide), IN_TRANSIT.formatted(guide), NOVEDAD.formatted(guide));
        queue.enqueue("update_tracking", poll(guide), TaskPriority.NORMAL);
        await().atMost(Duration.ofSeconds(20)).until(() -> recorded("carrier_event", guide).size() >= 3);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> recorded("carrier_event", guide).size() == 3);
        List<String> eventIds = recorded("carrier_event", guide).stream().map(task -> payload(task).path("event").path("eventId").asString()).toList();
        assertThat(eventIds).containsExactlyInAnyOrder(guide + "-1", guide + "-2", guide + "-3");
        JsonNode novedad = payload(recorded("carrier_event", guide + "-3\"").get(0)).path("event");
        assertThat(novedad.path("reason").asString()).isEqualTo("Dirección errada");
    }

    @Test
    void theCashACarrierCollectedOnDeliveryIsPassedOn() {
        String guide = "G-" + UUID.randomUUID();
        stubEvents("/coordinadora/v1/shipments/" + guide + "/events", PICKED_UP.formatted(guide), """
                {"eventId":"%s-4","status":"ENTREGADO","occurredAt":"2026-11-26T15:00:00Z","description":"Entregado","reason":null,
                 "cashCollected":90000}""".formatted(guide));

        queue.enqueue("update_tracking", poll(guide), TaskPriority.NORMAL);
        await().atMost(Duration.ofSeconds(20)).until(() -> recorded("carrier_event", guide).size() == 2);

        assertThat(payload(recorded("carrier_event", guide + "-4\"").get(0)).path("event").path("cashCollected").asLong()).isEqualTo(90_000);
        assertThat(payload(recorded("carrier_event", guide + "-1\"").get(0)).path("event").path("cashCollected").isNull()).isTrue();
    }

    @Test
    void anEventAlreadyDeliveredByWebhookIsNotEnqueuedAgain() {
        String guide = "G-" + UUID.randomUUID();
        // What tracking-service's webhook path does for event -1 (same type and key).
        queue.enqueue(com.litper.common.queue.TaskRequest.of("carrier_event", "{\"carrier\":\"coordinadora\",\"event\":{\"eventId\":\"" + guide
                + "-1\",\"trackingNumber\":\"" + guide + "\",\"source\":\"webhook\"}}", TaskPriority.HIGH)
                .deduplicatedBy("carrier:coordinadora:" + guide + "-1"));
        stubEvents("/coordinadora/v1/shipments/" + guide + "/events", PICKED_UP.formatted(guide), IN_TRANSIT.formatted(guide));

        queue.enqueue("update_tracking", poll(guide), TaskPriority.NORMAL);
        await().atMost(Duration.ofSeconds(20)).until(() -> recorded("carrier_event", guide).size() >= 2);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> recorded("carrier_event", guide).size() == 2);
        assertThat(recorded("carrier_event", guide + "-1\"")).singleElement()
                .satisfies(task -> assertThat(task.payload()).contains("\"source\":\"webhook\""));
    }

    private static String poll(String guide) {
        return "{\"carrier\":\"coordinadora\",\"trackingNumber\":\"" + guide + "\",\"shipmentId\":\"" + UUID.randomUUID() + "\"}";
    }

    private static void stubEvents(String path, String... events) {
        carriers.stubFor(get(urlEqualTo(path)).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("{\"events\":[" + String.join(",", events) + "]}")));
    }
}
