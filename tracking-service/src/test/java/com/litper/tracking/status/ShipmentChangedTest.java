package com.litper.tracking.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.litper.common.queue.TaskPriority;
import com.litper.common.testing.Http;
import com.litper.tracking.TrackingTestSupport;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * What analytics-service hears of a shipment ({@code shipment_changed}, on the {@code analytics}
 * queue): one task per timeline entry, written with the entry and its {@code shipment_update}; the
 * creation entry with the carrier's promised date and freight, a novedad with its normalised cause,
 * a delivery with the cash the carrier collected. Repeats add nothing.
 */
class ShipmentChangedTest extends TrackingTestSupport {

    private void post(String carrier, String body) {
        Http.Response response = webhook(carrier, body);
        assertThat(response.status()).as(response.body()).isEqualTo(202);
    }

    private void awaitTrackingQueueIdle() {
        await().atMost(Duration.ofSeconds(20)).until(() -> queue.leasedCount("tracking") == 0
                && java.util.Arrays.stream(TaskPriority.values()).allMatch(p -> queue.depth("tracking", p) == 0));
    }

    private JsonNode change(UUID shipment, String eventId) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> shipmentChanges(shipment).stream()
                .filter(c -> c.path("event").path("eventId").asString().equals(eventId)).findFirst(), java.util.Optional::isPresent)
                .orElseThrow();
    }

    private long outboxRows(UUID shipment, String type) {
        return jdbc.sql("SELECT count(*) FROM tracking.outbox WHERE task_type = :type AND payload->>'shipmentId' = :s")
                .param("type", type).param("s", shipment.toString()).query(Long.class).single();
    }

    @Test
    void theBookingCarriesThePromiseAndTheFreight() {
        String tn = newTrackingNumber("CO");
        UUID order = UUID.randomUUID();
        queue.enqueue("shipment_booked", """
                {"orderId": "%s", "storeId": "%s", "carrier": "coordinadora", "trackingNumber": "%s", "buyerName": "Ana Gómez",
                 "buyerPhone": "+573001234567", "bookedAt": "2026-11-25T08:00:00-05:00", "promisedDeliveryDate": "2026-11-28",
                 "freight": 14500}""".formatted(order, UUID.randomUUID(), tn), TaskPriority.HIGH);
        UUID shipment = awaitShipment("coordinadora", tn);

        JsonNode booked = change(shipment, "booked");
        assertThat(booked.path("orderId").asString()).isEqualTo(order.toString());
        assertThat(booked.path("status").asString()).isEqualTo("CREATED");
        assertThat(booked.path("version").asLong()).isEqualTo(1);
        assertThat(booked.path("event").path("occurredAt").asString()).isEqualTo("2026-11-25T13:00:00Z");
        assertThat(booked.path("event").path("changedStatus").asBoolean()).isTrue();
        assertThat(booked.path("promisedDeliveryDate").asString()).isEqualTo("2026-11-28");
        assertThat(booked.path("freight").asLong()).isEqualTo(14_500);
        assertThat(booked.path("cashCollected").isNull()).isTrue();
    }

    @Test
    void aBookingWithoutPromiseOrFreightHasNone() {
        String tn = newTrackingNumber("CO");
        UUID shipment = book("coordinadora", tn);

        JsonNode booked = change(shipment, "booked");
        assertThat(booked.path("promisedDeliveryDate").isNull()).isTrue();
        assertThat(booked.path("freight").isNull()).isTrue();
    }

    @Test
    void aNovedadHasItsCauseAndADeliveryItsCashOnceEach() {
        String tn = newTrackingNumber("SV");
        UUID shipment = book("servientrega", tn);
        post("servientrega", event(tn + "-1", tn, "600", "2026-11-26T10:00:00-05:00", "Cliente ausente"));
        String delivered = """
                {"eventId": "%s-2", "trackingNumber": "%s", "status": "500", "occurredAt": "2026-11-27T10:00:00-05:00",
                 "description": "Entregado", "cashCollected": 90000}""".formatted(tn, tn);
        post("servientrega", delivered);

        JsonNode novedad = change(shipment, tn + "-1");
        assertThat(novedad.path("status").asString()).isEqualTo("EXCEPTION");
        assertThat(novedad.path("event").path("carrierStatus").asString()).isEqualTo("600");
        assertThat(novedad.path("event").path("reason").asString()).isEqualTo("Cliente ausente");
        assertThat(novedad.path("novedadCause").asString()).isEqualTo("BUYER_ABSENT");
        assertThat(novedad.path("cashCollected").isNull()).isTrue();
        JsonNode delivery = change(shipment, tn + "-2");
        assertThat(delivery.path("status").asString()).isEqualTo("DELIVERED");
        assertThat(delivery.path("cashCollected").asLong()).isEqualTo(90_000);
        assertThat(delivery.path("novedadCause").isNull()).isTrue();
        assertThat(delivery.path("version").asLong()).isEqualTo(3);

        // The carrier sends the delivery again: recorded once, so told once.
        post("servientrega", delivered);
        awaitTrackingQueueIdle();
        assertThat(events(shipment, tn + "-2")).isEqualTo(1);
        assertThat(outboxRows(shipment, "shipment_changed")).isEqualTo(3);
        assertThat(outboxRows(shipment, "shipment_update")).isEqualTo(3);
    }

    @Test
    void aCarriersCashOnAnEventOtherThanADeliveryIsNotKept() {
        String tn = newTrackingNumber("SV");
        UUID shipment = book("servientrega", tn);
        post("servientrega", """
                {"eventId": "%s-1", "trackingNumber": "%s", "status": "300", "occurredAt": "2026-11-26T10:00:00-05:00", "cashCollected": 5}"""
                .formatted(tn, tn));

        assertThat(change(shipment, tn + "-1").path("cashCollected").isNull()).isTrue();
    }

    @Test
    void anEventKeptBeforeItsShipmentKeepsItsCash() {
        String tn = newTrackingNumber("SV");
        post("servientrega", """
                {"eventId": "%s-1", "trackingNumber": "%s", "status": "500", "occurredAt": "2026-11-26T10:00:00-05:00", "cashCollected": 42000}"""
                .formatted(tn, tn));
        await().atMost(Duration.ofSeconds(20)).until(() -> keptEvents("servientrega", tn) == 1);
        UUID shipment = book("servientrega", tn);

        assertThat(change(shipment, tn + "-1").path("cashCollected").asLong()).isEqualTo(42_000);
    }

    @Test
    void cashCollectedMustBeAWholeNumberOfPesos() {
        String tn = newTrackingNumber("SV");
        Http.Response text = webhook("servientrega", """
                {"eventId": "%s-1", "trackingNumber": "%s", "status": "500", "occurredAt": "2026-11-26T10:00:00-05:00", "cashCollected": "90000"}"""
                .formatted(tn, tn));
        assertThat(text.status()).isEqualTo(400);
        assertThat(text.json().path("detail").asString()).contains("cashCollected must be a whole number of pesos");
        Http.Response negative = webhook("servientrega", """
                {"eventId": "%s-1", "trackingNumber": "%s", "status": "500", "occurredAt": "2026-11-26T10:00:00-05:00", "cashCollected": -1}"""
                .formatted(tn, tn));
        assertThat(negative.status()).isEqualTo(400);
        assertThat(negative.json().path("detail").asString()).contains("cashCollected must not be negative");
    }
}
