package com.litper.api.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.litper.api.ApiTestSupport;
import com.litper.api.store.ApiKeys;
import com.litper.common.queue.TaskPriority;
import com.litper.common.queue.TaskQueue;
import com.litper.common.testing.Http;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A buyer's confirmed action ({@code apply_order_action}) on the real queue, applied by api-service's
 * own worker: what changes on the order ({@code GET /api/orders/{id}}, its timeline) and the result it
 * answers ({@code order_action_result} in the outbox, for agent-orchestrator).
 */
class OrderActionsTest extends ApiTestSupport {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Autowired
    TaskQueue queue;

    private record Placed(ApiKeys.NewKey store, String orderId) {
    }

    @Test
    void aCancellationBeforePickUpIsAppliedOnceAndTheShipmentDoesNotUndoIt() {
        Placed order = newOrder();
        UUID action = UUID.randomUUID();
        String cancel = action(order, action, "CANCEL", null, null, null);
        queue.enqueue("apply_order_action", cancel, TaskPriority.HIGH);

        JsonNode result = awaitResult(action, 1);
        assertThat(result.path("outcome").asString()).isEqualTo("APPLIED");
        assertThat(result.path("reason").isNull()).isTrue();
        assertThat(result.path("conversationId").asString()).isNotBlank();
        JsonNode read = read(order);
        assertThat(read.path("status").asString()).isEqualTo("CANCELLED");
        assertThat(read.path("timeline")).hasSize(1);
        assertThat(read.path("timeline").get(0).path("eventId").asString()).isEqualTo("action:" + action);
        assertThat(read.path("timeline").get(0).path("status").asString()).isEqualTo("CANCELLED");

        // Delivered again: the same result once more, nothing applied twice.
        queue.enqueue("apply_order_action", cancel, TaskPriority.HIGH);
        JsonNode again = awaitResult(action, 2);
        assertThat(again.path("outcome").asString()).isEqualTo("APPLIED");
        assertThat(jdbc.sql("SELECT count(*) FROM api.order_action WHERE action_id = :a").param("a", action).query(Long.class).single())
                .isOne();
        assertThat(read(order).path("timeline")).hasSize(1);

        // The carrier, not told, reports the booking: the order stays cancelled, the shipment shows what the carrier says.
        queue.enqueue("shipment_update", booking(order), TaskPriority.HIGH);
        await().atMost(WAIT).until(() -> !read(order).path("shipment").isNull());
        assertThat(read(order).path("status").asString()).isEqualTo("CANCELLED");
    }

    @Test
    void aCancellationAfterPickUpIsRefusedWithAReasonTheBuyerReads() {
        Placed order = newOrder();
        queue.enqueue("shipment_update", booking(order), TaskPriority.HIGH);
        queue.enqueue("shipment_update", pickedUp(order), TaskPriority.HIGH);
        await().atMost(WAIT).until(() -> "PICKED_UP".equals(read(order).path("status").asString()));
        UUID action = UUID.randomUUID();

        queue.enqueue("apply_order_action", action(order, action, "CANCEL", null, null, null), TaskPriority.HIGH);

        JsonNode result = awaitResult(action, 1);
        assertThat(result.path("outcome").asString()).isEqualTo("REFUSED");
        assertThat(result.path("reason").asString()).isEqualTo("La transportadora ya recogió el pedido, así que ya no se puede cancelar.");
        assertThat(read(order).path("status").asString()).isEqualTo("PICKED_UP");
    }

    @Test
    void aNewAddressMustBeInTheSameMunicipalityAndIsRecordedWithTheNewDate() {
        Placed order = newOrder();
        UUID elsewhere = UUID.randomUUID();
        queue.enqueue("apply_order_action", action(order, elsewhere, "DELIVERY_CHANGE", "Carrera 70 # 44-10", "Medellín", null),
                TaskPriority.HIGH);
        JsonNode refused = awaitResult(elsewhere, 1);
        assertThat(refused.path("outcome").asString()).isEqualTo("REFUSED");
        assertThat(refused.path("reason").asString()).contains("está en Medellín y el pedido va a BOGOTA, D.C.").contains("solo podemos cambiar la dirección dentro del mismo municipio");
        assertThat(read(order).path("destination").path("address").asString()).isEqualTo("Calle 26 # 68-35");

        LocalDate monday = LocalDate.now(ZoneId.of("America/Bogota")).with(TemporalAdjusters.next(DayOfWeek.MONDAY));
        UUID same = UUID.randomUUID();
        queue.enqueue("apply_order_action", action(order, same, "DELIVERY_CHANGE", "Calle 80 # 10-20, apto 301", "Bogotá", monday),
                TaskPriority.HIGH);
        assertThat(awaitResult(same, 1).path("outcome").asString()).isEqualTo("APPLIED");
        JsonNode read = read(order);
        assertThat(read.path("destination").path("address").asString()).isEqualTo("Calle 80 # 10-20, apto 301");
        assertThat(read.path("destination").path("municipalityCode").asString()).isEqualTo("11001");
        assertThat(read.path("deliveryDate").asString()).isEqualTo(monday.toString());
        JsonNode entry = read.path("timeline").get(0);
        assertThat(entry.path("status").asString()).isEqualTo("DELIVERY_CHANGED");
        assertThat(entry.path("description").asString()).contains("Calle 80 # 10-20, apto 301").contains(monday.toString());
        assertThat(entry.path("changedStatus").asBoolean()).isFalse();

        // A weekend day is refused: the Saturday after that Monday (the one before it is today on a Saturday,
        // which is refused for being today instead).
        UUID saturday = UUID.randomUUID();
        queue.enqueue("apply_order_action", action(order, saturday, "DELIVERY_CHANGE", null, null, monday.plusDays(5)), TaskPriority.HIGH);
        assertThat(awaitResult(saturday, 1).path("reason").asString()).contains("día hábil");
        assertThat(read(order).path("deliveryDate").asString()).isEqualTo(monday.toString());
    }

    @Test
    void anActionOnAnotherStoresOrderChangesNothing() {
        Placed order = newOrder();
        Placed other = new Placed(newStore(), order.orderId());
        UUID action = UUID.randomUUID();
        queue.enqueue("apply_order_action", action(other, action, "CANCEL", null, null, null), TaskPriority.HIGH);
        assertThat(awaitResult(action, 1).path("reason").asString()).isEqualTo("No encontramos ese pedido en la tienda.");
        assertThat(read(order).path("status").asString()).isEqualTo("CREATED");
    }

    private Placed newOrder() {
        ApiKeys.NewKey store = newStore();
        Http.Response created = post(store.key(), "/api/orders", order());
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return new Placed(store, created.json().path("id").asString());
    }

    private static String action(Placed order, UUID action, String kind, String address, String city, LocalDate date) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("actionId", action.toString());
        payload.put("storeId", order.store().storeId().toString());
        payload.put("orderId", order.orderId());
        payload.put("conversationId", UUID.nameUUIDFromBytes(order.orderId().getBytes()).toString());
        payload.put("kind", kind);
        payload.put("newAddress", address);
        payload.put("newCity", city);
        payload.put("newDeliveryDate", date == null ? null : date.toString());
        payload.put("confirmedAt", Instant.now().toString());
        return JSON.writeValueAsString(payload);
    }

    private static String booking(Placed order) {
        return update(order, 1, "CREATED", "booked");
    }

    private static String pickedUp(Placed order) {
        return update(order, 2, "PICKED_UP", "ev-2");
    }

    private static String update(Placed order, long version, String status, String eventId) {
        Instant at = Instant.now().minus(Duration.ofHours(3 - version));
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("eventId", eventId);
        event.put("status", status);
        event.put("carrierStatus", null);
        event.put("occurredAt", at.toString());
        event.put("description", "Evento " + status);
        event.put("reason", null);
        event.put("changedStatus", true);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("orderId", order.orderId());
        payload.put("storeId", order.store().storeId().toString());
        payload.put("shipmentId", UUID.nameUUIDFromBytes(order.orderId().getBytes()).toString());
        payload.put("carrier", "servientrega");
        payload.put("trackingNumber", "SV-" + order.orderId().substring(0, 8));
        payload.put("status", status);
        payload.put("statusReason", null);
        payload.put("version", version);
        payload.put("updatedAt", at.toString());
        payload.put("event", event);
        return JSON.writeValueAsString(payload);
    }

    /** The {@code n}-th order_action_result the outbox holds for {@code action}, once it is there. */
    private JsonNode awaitResult(UUID action, int n) {
        List<String> results = await().atMost(WAIT).until(() -> jdbc.sql("""
                        SELECT payload::text FROM api.outbox WHERE task_type = 'order_action_result' AND payload->>'actionId' = :a
                        ORDER BY created_at""").param("a", action.toString()).query(String.class).list(), l -> l.size() >= n);
        return JSON.readTree(results.get(n - 1));
    }

    private JsonNode read(Placed order) {
        Http.Response response = get(order.store().key(), "/api/orders/" + order.orderId());
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }
}
