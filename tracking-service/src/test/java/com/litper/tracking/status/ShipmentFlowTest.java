package com.litper.tracking.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.litper.common.queue.TaskPriority;
import com.litper.common.testing.Http;
import com.litper.tracking.TrackingTestSupport;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The real path: shipment_booked through the queue, signed webhooks, tracking-service's own worker
 * applying carrier_event tasks, the timeline, and what chat-service is asked to tell the buyer.
 */
class ShipmentFlowTest extends TrackingTestSupport {

    private void post(String carrier, String body) {
        Http.Response response = webhook(carrier, body);
        assertThat(response.status()).as(response.body()).isEqualTo(202);
    }

    private void awaitStatus(UUID shipment, String status) {
        await().atMost(Duration.ofSeconds(20)).until(() -> status.equals(status(shipment)));
    }

    private void awaitEvent(UUID shipment, String eventId) {
        await().atMost(Duration.ofSeconds(20)).until(() -> events(shipment, eventId) == 1);
    }

    /** Every task of the tracking queue has run (tests run one at a time, so these are this test's). */
    private void awaitTrackingQueueIdle() {
        await().atMost(Duration.ofSeconds(20)).until(() -> queue.leasedCount("tracking") == 0
                && java.util.Arrays.stream(TaskPriority.values()).allMatch(p -> queue.depth("tracking", p) == 0));
    }

    private List<String> notified(UUID shipment) {
        return notifications(shipment).stream().map(p -> p.path("event").asString()).toList();
    }

    @Test
    void carrierEventsAndShipmentBookedGoToTheTrackingQueue() {
        assertThat(queue.routing().queueFor("carrier_event")).isEqualTo("tracking");
        assertThat(queue.routing().queueFor("shipment_booked")).isEqualTo("tracking");
        assertThat(queue.routing().queueFor("notify_buyer")).isEqualTo("chat");
    }

    @Test
    void aShipmentGoesFromBookingToDeliveryAndTheBuyerHearsOfEachStepOnce() {
        String tn = newTrackingNumber("CO");
        UUID shipment = book("coordinadora", tn);
        assertThat(status(shipment)).isEqualTo("CREATED");

        post("coordinadora", event(tn + "-1", tn, "recogida", "2026-11-25T10:00:00-05:00"));
        awaitStatus(shipment, "PICKED_UP");
        post("coordinadora", event(tn + "-2", tn, "en-transporte", "2026-11-25T14:00:00-05:00"));
        awaitStatus(shipment, "IN_TRANSIT");
        post("coordinadora", event(tn + "-3", tn, "en-reparto", "2026-11-26T07:00:00-05:00"));
        awaitStatus(shipment, "OUT_FOR_DELIVERY");
        post("coordinadora", event(tn + "-4", tn, "entregada", "2026-11-26T11:00:00-05:00"));
        awaitStatus(shipment, "DELIVERED");

        await().atMost(Duration.ofSeconds(20)).until(() -> notified(shipment).contains("DELIVERED"));
        // Pickup and transit are one "shipped" notification; then out for delivery and delivered.
        assertThat(notified(shipment)).containsExactlyInAnyOrder("SHIPPED", "OUT_FOR_DELIVERY", "DELIVERED");
        JsonNode outForDelivery = notifications(shipment).stream().filter(p -> p.path("event").asString().equals("OUT_FOR_DELIVERY"))
                .findFirst().orElseThrow();
        // The facts chat-service words the message from, nothing about templates or text.
        assertThat(outForDelivery.path("buyerPhone").asString()).isEqualTo("+573001234567");
        assertThat(outForDelivery.path("buyerFirstName").asString()).isEqualTo("Ana");
        assertThat(outForDelivery.path("storeId").asString()).isEqualTo(storeOf(shipment).toString());
        assertThat(outForDelivery.path("orderId").asString()).isEqualTo(orderOf(shipment).toString());
        assertThat(outForDelivery.path("shipmentId").asString()).isEqualTo(shipment.toString());
        assertThat(outForDelivery.path("trackingNumber").asString()).isEqualTo(tn);
        assertThat(outForDelivery.path("carrierName").asString()).isEqualTo("Coordinadora");
        assertThat(outForDelivery.path("reason").isNull()).isTrue();
        assertThat(outForDelivery.path("occurredAt").asString()).isEqualTo("2026-11-26T12:00:00Z");
        assertThat(outForDelivery.has("template")).isFalse();
        assertThat(outForDelivery.has("text")).isFalse();

        Http.Response timeline = lookup(tn);
        assertThat(timeline.status()).as(timeline.body()).isEqualTo(200);
        JsonNode body = timeline.json();
        assertThat(body.path("status").asString()).isEqualTo("DELIVERED");
        assertThat(body.path("carrier").asString()).isEqualTo("coordinadora");
        assertThat(body.path("events").findValuesAsString("status"))
                .containsExactly("CREATED", "PICKED_UP", "IN_TRANSIT", "OUT_FOR_DELIVERY", "DELIVERED");
        assertThat(body.path("events").get(4).path("description").asString()).isEqualTo("Evento entregada");
        assertThat(timeline.body()).doesNotContain("3001234567").doesNotContain("Ana").doesNotContain("storeId").doesNotContain("orderId");
    }

    @Test
    void aLateEventIsRecordedButNeverMovesTheShipmentBackwards() {
        String tn = newTrackingNumber("CO");
        UUID shipment = book("coordinadora", tn);
        post("coordinadora", event(tn + "-d", tn, "entregada", "2026-11-26T11:00:00-05:00"));
        awaitStatus(shipment, "DELIVERED");
        // Sent before the delivery, delivered after it.
        post("coordinadora", event(tn + "-t", tn, "en-transporte", "2026-11-25T14:00:00-05:00"));
        post("coordinadora", event(tn + "-n", tn, "novedad", "2026-11-26T12:00:00-05:00", "Cliente ausente"));
        awaitEvent(shipment, tn + "-t");
        awaitEvent(shipment, tn + "-n");
        assertThat(status(shipment)).isEqualTo("DELIVERED");

        JsonNode body = lookup(tn).json();
        assertThat(body.path("status").asString()).isEqualTo("DELIVERED");
        // The timeline is in the order things happened, including the events that changed nothing.
        assertThat(body.path("events").findValuesAsString("status")).containsExactly("CREATED", "IN_TRANSIT", "DELIVERED", "EXCEPTION");
        await().atMost(Duration.ofSeconds(20)).until(() -> notified(shipment).contains("DELIVERED"));
        assertThat(notified(shipment)).containsExactly("DELIVERED");
    }

    @Test
    void aNovedadHoldsTheShipmentUntilALaterDeliveryAttempt() {
        String tn = newTrackingNumber("SV");
        UUID shipment = book("servientrega", tn);
        post("servientrega", event(tn + "-1", tn, "400", "2026-11-26T07:00:00-05:00"));
        awaitStatus(shipment, "OUT_FOR_DELIVERY");
        post("servientrega", event(tn + "-2", tn, "600", "2026-11-26T12:00:00-05:00", "Dirección incompleta"));
        awaitStatus(shipment, "EXCEPTION");
        assertThat(lookup(tn).json().path("reason").asString()).isEqualTo("Dirección incompleta");

        // An older in-transit event and an older out-for-delivery event do not clear the novedad.
        post("servientrega", event(tn + "-0", tn, "300", "2026-11-25T20:00:00-05:00"));
        post("servientrega", event(tn + "-1b", tn, "400", "2026-11-26T08:00:00-05:00"));
        awaitEvent(shipment, tn + "-0");
        awaitEvent(shipment, tn + "-1b");
        assertThat(status(shipment)).isEqualTo("EXCEPTION");

        // The next day's delivery attempt does.
        post("servientrega", event(tn + "-3", tn, "400", "2026-11-27T07:00:00-05:00"));
        awaitStatus(shipment, "OUT_FOR_DELIVERY");
        assertThat(lookup(tn).json().has("reason")).isFalse();

        await().atMost(Duration.ofSeconds(20)).until(() -> notified(shipment).contains("EXCEPTION"));
        JsonNode exception = notifications(shipment).stream().filter(p -> p.path("event").asString().equals("EXCEPTION")).findFirst()
                .orElseThrow();
        assertThat(exception.path("reason").asString()).isEqualTo("Dirección incompleta");
        // Out for delivery is one notification per order: the second attempt has the same de-duplication key.
        assertThat(notified(shipment)).containsExactlyInAnyOrder("OUT_FOR_DELIVERY", "EXCEPTION");
    }

    @Test
    void aRedeliveredWebhookOrARetriedTaskChangesNothingMore() {
        String tn = newTrackingNumber("CO");
        UUID shipment = book("coordinadora", tn);
        String body = event(tn + "-1", tn, "en-reparto", "2026-11-26T07:00:00-05:00");
        post("coordinadora", body);
        post("coordinadora", body);
        awaitStatus(shipment, "OUT_FOR_DELIVERY");
        // As if the carrier_event task ran again after its commit (e.g. its worker died before reporting success).
        queue.enqueue("carrier_event", """
                {"carrier": "coordinadora", "event": {"eventId": "%s-1", "trackingNumber": "%s", "status": "en-reparto",
                 "occurredAt": "2026-11-26T12:00:00Z"}}""".formatted(tn, tn), TaskPriority.HIGH);
        awaitTrackingQueueIdle();
        post("coordinadora", event(tn + "-2", tn, "entregada", "2026-11-26T11:00:00-05:00"));
        awaitStatus(shipment, "DELIVERED");
        await().atMost(Duration.ofSeconds(20)).until(() -> notified(shipment).contains("DELIVERED"));

        assertThat(events(shipment, tn + "-1")).isEqualTo(1);
        assertThat(notified(shipment)).containsExactlyInAnyOrder("OUT_FOR_DELIVERY", "DELIVERED");
    }

    @Test
    void aRedeliveredShipmentBookedCreatesOneShipment() {
        String tn = newTrackingNumber("CO");
        UUID orderId = UUID.randomUUID();
        String payload = bookedPayload(orderId, "coordinadora", tn);
        queue.enqueue("shipment_booked", payload, TaskPriority.NORMAL);
        queue.enqueue("shipment_booked", payload, TaskPriority.NORMAL);
        UUID shipment = awaitShipment("coordinadora", tn);
        awaitTrackingQueueIdle();
        assertThat(jdbc.sql("SELECT count(*) FROM tracking.shipment WHERE order_id = :o").param("o", orderId).query(Long.class).single())
                .isEqualTo(1);
        assertThat(jdbc.sql("SELECT count(*) FROM tracking.tracking_event WHERE shipment_id = :s").param("s", shipment)
                .query(Long.class).single()).isEqualTo(1);
    }

    private UUID storeOf(UUID shipment) {
        return jdbc.sql("SELECT store_id FROM tracking.shipment WHERE id = :id").param("id", shipment).query(UUID.class).single();
    }

    private UUID orderOf(UUID shipment) {
        return jdbc.sql("SELECT order_id FROM tracking.shipment WHERE id = :id").param("id", shipment).query(UUID.class).single();
    }
}
