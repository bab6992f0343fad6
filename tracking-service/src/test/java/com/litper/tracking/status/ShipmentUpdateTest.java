package com.litper.tracking.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.litper.common.queue.TaskPriority;
import com.litper.common.testing.Http;
import com.litper.tracking.TrackingTestSupport;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * What api-service hears of a shipment: one {@code shipment_update} on the {@code api} queue per
 * committed change, written to the outbox with the change, with a version that only grows; a
 * redelivered task writes nothing new, and a row relayed again is the same update.
 */
class ShipmentUpdateTest extends TrackingTestSupport {

    private void post(String carrier, String body) {
        Http.Response response = webhook(carrier, body);
        assertThat(response.status()).as(response.body()).isEqualTo(202);
    }

    /** Marks the outbox row of a shipment's update unsent, so the relay enqueues it again. */
    private void resendOutboxRow(UUID shipment, String eventId) {
        int rows = jdbc.sql("""
                        UPDATE tracking.outbox SET sent_at = NULL
                        WHERE task_type = 'shipment_update' AND payload->>'shipmentId' = :shipment AND payload->'event'->>'eventId' = :eventId""")
                .param("shipment", shipment.toString()).param("eventId", eventId).update();
        assertThat(rows).isEqualTo(1);
    }

    private void awaitUpdates(UUID shipment, int count) {
        await().atMost(Duration.ofSeconds(20)).until(() -> shipmentUpdates(shipment).size() >= count);
    }

    /** Every task of the tracking queue has run and every update it enqueued has been taken (tests run one at a time). */
    private void awaitQueuesIdle() {
        await().atMost(Duration.ofSeconds(20)).until(() -> idle("tracking") && idle("api"));
    }

    private boolean idle(String queueName) {
        return queue.leasedCount(queueName) == 0 && queue.delayedCount(queueName) == 0
                && Arrays.stream(TaskPriority.values()).allMatch(p -> queue.depth(queueName, p) == 0);
    }

    private List<JsonNode> updatesByVersion(UUID shipment) {
        return shipmentUpdates(shipment).stream().sorted(Comparator.comparingLong(u -> u.path("version").asLong())).toList();
    }

    private JsonNode update(UUID shipment, String eventId) {
        return shipmentUpdates(shipment).stream().filter(u -> u.path("event").path("eventId").asString().equals(eventId))
                .findFirst().orElseThrow(() -> new AssertionError("no shipment_update for event " + eventId));
    }

    private String dedupKey(UUID shipment, String eventId) {
        return "litper:queue:{api}:dedup:shipment-update:" + shipment + ":" + eventId;
    }

    private long version(UUID shipment) {
        return jdbc.sql("SELECT version FROM tracking.shipment WHERE id = :id").param("id", shipment).query(Long.class).single();
    }

    @Test
    void shipmentUpdatesGoToApiServicesQueue() {
        assertThat(queue.routing().queueFor("shipment_update")).isEqualTo("api");
    }

    @Test
    void aNewShipmentIsAnnouncedOnceAtVersionOne() {
        String tn = newTrackingNumber("CO");
        UUID orderId = UUID.randomUUID();
        String payload = bookedPayload(orderId, "coordinadora", tn);
        String storeId = JSON.readTree(payload).path("storeId").asString();
        queue.enqueue("shipment_booked", payload, TaskPriority.NORMAL);
        UUID shipment = awaitShipment("coordinadora", tn);
        awaitUpdates(shipment, 1);
        awaitQueuesIdle();

        assertThat(shipmentUpdates(shipment)).hasSize(1);
        JsonNode update = shipmentUpdates(shipment).get(0);
        assertThat(update.path("orderId").asString()).isEqualTo(orderId.toString());
        assertThat(update.path("storeId").asString()).isEqualTo(storeId);
        assertThat(update.path("shipmentId").asString()).isEqualTo(shipment.toString());
        assertThat(update.path("carrier").asString()).isEqualTo("coordinadora");
        assertThat(update.path("trackingNumber").asString()).isEqualTo(tn);
        assertThat(update.path("status").asString()).isEqualTo("CREATED");
        assertThat(update.path("statusReason").isNull()).isTrue();
        assertThat(update.path("version").asLong()).isEqualTo(1);
        assertThat(Instant.parse(update.path("updatedAt").asString())).isBefore(Instant.now().plusSeconds(1));
        JsonNode event = update.path("event");
        assertThat(event.path("eventId").asString()).isEqualTo("booked");
        assertThat(event.path("status").asString()).isEqualTo("CREATED");
        assertThat(event.path("carrierStatus").isNull()).isTrue();
        assertThat(event.path("occurredAt").asString()).isEqualTo("2026-11-25T13:00:00Z");
        assertThat(event.path("description").asString()).isEqualTo("Guía generada con Coordinadora");
        assertThat(event.path("changedStatus").asBoolean()).isTrue();
        assertThat(version(shipment)).isEqualTo(1);
    }

    @Test
    void everyRecordedEventIsOneUpdateWithTheNextVersionAndALateOneChangesNoStatus() {
        String tn = newTrackingNumber("SV");
        UUID shipment = book("servientrega", tn);
        post("servientrega", event(tn + "-1", tn, "200", "2026-11-25T10:00:00-05:00"));
        await().atMost(Duration.ofSeconds(20)).until(() -> "PICKED_UP".equals(status(shipment)));
        post("servientrega", event(tn + "-2", tn, "600", "2026-11-26T12:00:00-05:00", "Dirección incompleta"));
        await().atMost(Duration.ofSeconds(20)).until(() -> "EXCEPTION".equals(status(shipment)));
        post("servientrega", event(tn + "-3", tn, "500", "2026-11-27T11:00:00-05:00"));
        await().atMost(Duration.ofSeconds(20)).until(() -> "DELIVERED".equals(status(shipment)));
        // Sent before the delivery, delivered after it.
        post("servientrega", event(tn + "-0", tn, "310", "2026-11-25T14:00:00-05:00"));
        awaitUpdates(shipment, 5);
        awaitQueuesIdle();

        List<JsonNode> updates = updatesByVersion(shipment);
        assertThat(updates).extracting(u -> u.path("version").asLong()).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(updates).extracting(u -> u.path("event").path("eventId").asString())
                .containsExactly("booked", tn + "-1", tn + "-2", tn + "-3", tn + "-0");
        assertThat(updates).extracting(u -> u.path("status").asString())
                .containsExactly("CREATED", "PICKED_UP", "EXCEPTION", "DELIVERED", "DELIVERED");

        JsonNode pickedUp = update(shipment, tn + "-1");
        assertThat(pickedUp.path("event").path("status").asString()).isEqualTo("PICKED_UP");
        assertThat(pickedUp.path("event").path("carrierStatus").asString()).isEqualTo("200");
        assertThat(pickedUp.path("event").path("occurredAt").asString()).isEqualTo("2026-11-25T15:00:00Z");
        assertThat(pickedUp.path("event").path("description").asString()).isEqualTo("Evento 200");
        assertThat(pickedUp.path("event").path("changedStatus").asBoolean()).isTrue();

        JsonNode novedad = update(shipment, tn + "-2");
        assertThat(novedad.path("statusReason").asString()).isEqualTo("Dirección incompleta");
        assertThat(novedad.path("event").path("reason").asString()).isEqualTo("Dirección incompleta");

        JsonNode delivered = update(shipment, tn + "-3");
        assertThat(delivered.path("statusReason").isNull()).isTrue();
        assertThat(delivered.path("event").path("changedStatus").asBoolean()).isTrue();

        JsonNode late = update(shipment, tn + "-0");
        assertThat(late.path("event").path("status").asString()).isEqualTo("IN_TRANSIT");
        assertThat(late.path("event").path("changedStatus").asBoolean()).isFalse();
        assertThat(late.path("status").asString()).isEqualTo("DELIVERED");
        assertThat(version(shipment)).isEqualTo(5);
        assertThat(status(shipment)).isEqualTo("DELIVERED");
    }

    @Test
    void eventsOfOneShipmentArrivingTogetherGetDistinctIncreasingVersions() {
        String tn = newTrackingNumber("CO");
        UUID shipment = book("coordinadora", tn);
        String[] codes = {"recogida", "en-terminal-origen", "en-transporte", "en-terminal-destino", "en-reparto", "novedad"};
        for (int i = 0; i < codes.length; i++) {
            post("coordinadora", event(tn + "-" + i, tn, codes[i], "2026-11-25T1" + i + ":00:00-05:00", "Cliente ausente"));
        }
        awaitUpdates(shipment, codes.length + 1);
        awaitQueuesIdle();

        assertThat(shipmentUpdates(shipment)).extracting(u -> u.path("version").asLong())
                .containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, codes.length + 1).boxed().toList());
        assertThat(version(shipment)).isEqualTo(codes.length + 1);
        // The newest update tells where the shipment stands.
        assertThat(updatesByVersion(shipment).get(codes.length).path("status").asString()).isEqualTo(status(shipment));
    }

    @Test
    void aRedeliveredEventWritesNoSecondUpdateAndARelayedAgainOneIsUnchanged() {
        String tn = newTrackingNumber("CO");
        UUID shipment = book("coordinadora", tn);
        String carrierEvent = """
                {"carrier": "coordinadora", "event": {"eventId": "%s-1", "trackingNumber": "%s", "status": "en-reparto",
                 "occurredAt": "2026-11-26T12:00:00Z", "description": "En reparto"}}""".formatted(tn, tn);
        queue.enqueue("carrier_event", carrierEvent, TaskPriority.HIGH);
        awaitUpdates(shipment, 2);
        awaitQueuesIdle();
        JsonNode first = update(shipment, tn + "-1");
        assertThat(first.path("version").asLong()).isEqualTo(2);
        assertThat(redis.hasKey(dedupKey(shipment, tn + "-1"))).isTrue();

        // Run again after its commit: the update exists already, the key keeps it to one.
        queue.enqueue("carrier_event", carrierEvent, TaskPriority.HIGH);
        awaitQueuesIdle();
        assertThat(shipmentUpdates(shipment)).hasSize(2);
        assertThat(events(shipment, tn + "-1")).isEqualTo(1);

        // As if the relay had lost its enqueue (a Redis failover) and died before marking the row sent:
        // the committed row is relayed again, unchanged.
        redis.delete(dedupKey(shipment, tn + "-1"));
        shipmentUpdates(shipment).remove(first);
        resendOutboxRow(shipment, tn + "-1");
        awaitUpdates(shipment, 2);
        awaitQueuesIdle();
        assertThat(shipmentUpdates(shipment)).hasSize(2);
        assertThat(update(shipment, tn + "-1")).isEqualTo(first);
        assertThat(version(shipment)).isEqualTo(2);
    }

    @Test
    void aRedeliveredShipmentBookedWritesNoSecondUpdateAndARelayedAgainOneIsTheSame() {
        String tn = newTrackingNumber("SV");
        String payload = bookedPayload(UUID.randomUUID(), "servientrega", tn);
        queue.enqueue("shipment_booked", payload, TaskPriority.NORMAL);
        UUID shipment = awaitShipment("servientrega", tn);
        awaitUpdates(shipment, 1);
        awaitQueuesIdle();
        JsonNode first = shipmentUpdates(shipment).get(0);

        queue.enqueue("shipment_booked", payload, TaskPriority.NORMAL);
        awaitQueuesIdle();
        assertThat(shipmentUpdates(shipment)).hasSize(1);
        assertThat(redis.hasKey(dedupKey(shipment, "booked"))).isTrue();

        // Its update was committed with the shipment: relayed again (as after a lost enqueue), it is the same.
        redis.delete(dedupKey(shipment, "booked"));
        shipmentUpdates(shipment).clear();
        resendOutboxRow(shipment, "booked");
        awaitUpdates(shipment, 1);
        awaitQueuesIdle();
        assertThat(shipmentUpdates(shipment)).containsExactly(first);
    }
}
