package com.litper.api.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.litper.api.ApiTestSupport;
import com.litper.api.QueuePerTestClass;
import com.litper.api.store.ApiKeys;
import com.litper.common.queue.DeadLetter;
import com.litper.common.queue.TaskPriority;
import com.litper.common.queue.TaskQueue;
import com.litper.common.testing.Http;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What happens to an order after it was accepted: shipment_update, order_message and order_failed
 * tasks enqueued on the real queue, applied by api-service's own worker on queue {@code api}, seen
 * through {@code GET /api/orders/{id}}.
 */
class OrderUpdatesTest extends ApiTestSupport {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Instant BOOKED_AT = Instant.parse("2026-11-25T13:00:00Z");

    @Autowired
    TaskQueue queue;

    /** This class's own api queue (QueuePerTestClass): only this class's tasks are on it. */
    private final String apiQueue = QueuePerTestClass.apiQueue(getClass());

    /** Dead letters this test caused, purged afterwards. */
    private final List<String> deadLetters = new ArrayList<>();

    @AfterEach
    void purgeDeadLetters() {
        if (!deadLetters.isEmpty()) {
            queue.purgeDeadLetters(apiQueue, deadLetters);
        }
    }

    /** An order of a new store, and the shipment tracking-service will report for it. */
    private record Booked(ApiKeys.NewKey store, String orderId, UUID shipmentId, String trackingNumber) {
    }

    private Booked newOrder() {
        ApiKeys.NewKey store = newStore();
        Http.Response created = post(store.key(), "/api/orders", order());
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return new Booked(store, created.json().path("id").asString(), UUID.randomUUID(),
                "SV-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase());
    }

    /** A shipment_update as tracking-service sends it: the shipment after the change, and the event it recorded. */
    private static String update(Booked order, long version, String status, String statusReason, String eventId, String eventStatus,
            String carrierStatus, Instant occurredAt, String description, boolean changedStatus) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("eventId", eventId);
        event.put("status", eventStatus);
        event.put("carrierStatus", carrierStatus);
        event.put("occurredAt", occurredAt.toString());
        event.put("description", description);
        event.put("reason", "EXCEPTION".equals(eventStatus) ? statusReason : null);
        event.put("changedStatus", changedStatus);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("orderId", order.orderId());
        payload.put("storeId", order.store().storeId().toString());
        payload.put("shipmentId", order.shipmentId().toString());
        payload.put("carrier", "servientrega");
        payload.put("trackingNumber", order.trackingNumber());
        payload.put("status", status);
        payload.put("statusReason", statusReason);
        payload.put("version", version);
        payload.put("updatedAt", BOOKED_AT.plus(Duration.ofHours(version)).toString());
        payload.put("event", event);
        return JSON.writeValueAsString(payload);
    }

    private static String booking(Booked order) {
        return update(order, 1, "CREATED", null, "booked", "CREATED", null, BOOKED_AT, "Guía generada con Servientrega", true);
    }

    /** The carrier event of {@code version}, which moved the shipment to its status, {@code version} hours after the booking. */
    private static String event(Booked order, long version, String status, String carrierStatus) {
        return update(order, version, status, null, "ev-" + version, status, carrierStatus, BOOKED_AT.plus(Duration.ofHours(version)),
                "Evento " + carrierStatus, true);
    }

    private static String message(String orderId, String messageId, String template, String status, Instant sentAt) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("orderId", orderId);
        payload.put("messageId", messageId);
        payload.put("to", "+573001234567");
        payload.put("template", template);
        payload.put("language", "es");
        payload.put("text", "Hola Ana, " + status);
        payload.put("status", status);
        payload.put("sentAt", sentAt.toString());
        return JSON.writeValueAsString(payload);
    }

    private static String failed(String orderId, String reason) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("orderId", orderId);
        payload.put("carrier", "servientrega");
        payload.put("reason", reason);
        payload.put("failedAt", "2026-11-25T15:04:05Z");
        return JSON.writeValueAsString(payload);
    }

    private String enqueue(String type, String payload) {
        return queue.enqueue(type, payload, "order_message".equals(type) ? TaskPriority.NORMAL : TaskPriority.HIGH);
    }

    private JsonNode read(Booked order) {
        Http.Response response = get(order.store().key(), "/api/orders/" + order.orderId());
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private JsonNode awaitOrder(Booked order, Predicate<JsonNode> condition) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> read(order), condition);
    }

    private static List<String> values(JsonNode array, String field) {
        List<String> values = new ArrayList<>();
        array.forEach(element -> values.add(element.path(field).asString()));
        return values;
    }

    /** Every task of this class's api queue has run (its tests run one at a time, so these are this test's). */
    private void awaitApiQueueIdle() {
        await().atMost(Duration.ofSeconds(20)).until(() -> queue.leasedCount(apiQueue) == 0 && queue.delayedCount(apiQueue) == 0
                && Arrays.stream(TaskPriority.values()).allMatch(p -> queue.depth(apiQueue, p) == 0));
    }

    private DeadLetter awaitDeadLetter(String taskId) {
        Optional<DeadLetter> dead = await().atMost(Duration.ofSeconds(20))
                .until(() -> queue.deadLetters(apiQueue, 0, 1000).stream().filter(d -> d.task().id().equals(taskId)).findFirst(),
                        Optional::isPresent);
        deadLetters.add(taskId);
        return dead.get();
    }

    private boolean isDeadLetter(String taskId) {
        return queue.deadLetters(apiQueue, 0, 1000).stream().anyMatch(d -> d.task().id().equals(taskId));
    }

    @Test
    void theOrderFollowsItsShipmentFromBookingToDeliveryWithTimelineAndMessages() {
        // In production these types go to api-service's queue "api" (their contracts'); here to this class's own.
        assertThat(com.litper.common.task.TaskContracts.litper().routes()).containsEntry("shipment_update", "api")
                .containsEntry("order_message", "api").containsEntry("order_failed", "api");
        assertThat(queue.routing().queueFor("shipment_update")).isEqualTo(apiQueue);
        assertThat(queue.routing().queueFor("order_message")).isEqualTo(apiQueue);
        assertThat(queue.routing().queueFor("order_failed")).isEqualTo(apiQueue);
        Booked order = newOrder();
        JsonNode created = read(order);
        assertThat(created.path("status").asString()).isEqualTo("CREATED");
        assertThat(created.path("shipment").isNull()).isTrue();
        assertThat(created.path("timeline").isEmpty()).isTrue();
        assertThat(created.path("messages").isEmpty()).isTrue();

        enqueue("shipment_update", booking(order));
        JsonNode booked = awaitOrder(order, o -> o.path("status").asString().equals("BOOKED"));
        assertThat(booked.path("shipment").path("status").asString()).isEqualTo("CREATED");
        assertThat(booked.path("shipment").path("carrier").asString()).isEqualTo("servientrega");
        assertThat(booked.path("shipment").path("trackingNumber").asString()).isEqualTo(order.trackingNumber());
        assertThat(booked.path("shipment").path("trackingUrl").asString()).isEqualTo("/api/tracking/" + order.trackingNumber());
        assertThat(values(booked.path("timeline"), "eventId")).containsExactly("booked");

        // The rest arrives at once: several workers apply it in any order.
        enqueue("shipment_update", event(order, 2, "PICKED_UP", "200"));
        enqueue("order_message", message(order.orderId(), "wamid.2", "order_out_for_delivery", "OUT_FOR_DELIVERY",
                BOOKED_AT.plus(Duration.ofHours(4)).plusSeconds(5)));
        enqueue("shipment_update", event(order, 4, "OUT_FOR_DELIVERY", "400"));
        enqueue("shipment_update", event(order, 3, "IN_TRANSIT", "310"));
        enqueue("order_message", message(order.orderId(), "wamid.1", "order_shipped", "SHIPPED", BOOKED_AT.plusSeconds(5)));
        enqueue("shipment_update", event(order, 5, "DELIVERED", "500"));
        enqueue("order_message", message(order.orderId(), "wamid.3", "order_delivered", "DELIVERED",
                BOOKED_AT.plus(Duration.ofHours(5)).plusSeconds(5)));

        JsonNode delivered = awaitOrder(order, o -> o.path("timeline").size() == 5 && o.path("messages").size() == 3);
        assertThat(delivered.path("status").asString()).isEqualTo("DELIVERED");
        assertThat(delivered.path("failureReason").isNull()).isTrue();
        JsonNode shipment = delivered.path("shipment");
        assertThat(shipment.path("status").asString()).isEqualTo("DELIVERED");
        assertThat(shipment.path("statusReason").isNull()).isTrue();
        assertThat(shipment.path("updatedAt").asString()).isEqualTo("2026-11-25T18:00:00Z");
        JsonNode timeline = delivered.path("timeline");
        assertThat(values(timeline, "status")).containsExactly("CREATED", "PICKED_UP", "IN_TRANSIT", "OUT_FOR_DELIVERY", "DELIVERED");
        assertThat(values(timeline, "carrierStatus").subList(1, 5)).containsExactly("200", "310", "400", "500");
        assertThat(timeline.get(0).path("carrierStatus").isNull()).isTrue();
        assertThat(timeline.get(0).path("occurredAt").asString()).isEqualTo("2026-11-25T13:00:00Z");
        assertThat(timeline.get(0).path("description").asString()).isEqualTo("Guía generada con Servientrega");
        assertThat(timeline.get(4).path("eventId").asString()).isEqualTo("ev-5");
        assertThat(timeline.get(4).path("changedStatus").asBoolean()).isTrue();
        JsonNode messages = delivered.path("messages");
        assertThat(values(messages, "messageId")).containsExactly("wamid.1", "wamid.2", "wamid.3");
        assertThat(values(messages, "status")).containsExactly("SHIPPED", "OUT_FOR_DELIVERY", "DELIVERED");
        assertThat(messages.get(0).path("template").asString()).isEqualTo("order_shipped");
        assertThat(messages.get(0).path("text").asString()).isEqualTo("Hola Ana, SHIPPED");
        assertThat(messages.get(0).path("sentAt").asString()).isEqualTo("2026-11-25T13:00:05Z");
        assertThat(messages.get(0).has("to")).isFalse();

        // The listing shows the shipment, not the timeline.
        JsonNode listed = get(order.store().key(), "/api/orders").json().path("items").get(0);
        assertThat(listed.path("id").asString()).isEqualTo(order.orderId());
        assertThat(listed.path("status").asString()).isEqualTo("DELIVERED");
        assertThat(listed.path("shipment").path("trackingNumber").asString()).isEqualTo(order.trackingNumber());
        assertThat(listed.path("shipment").path("status").asString()).isEqualTo("DELIVERED");
        assertThat(listed.has("timeline")).isFalse();
        assertThat(listed.has("messages")).isFalse();
    }

    @Test
    void aLateUpdateAddsItsTimelineEntryButDoesNotMoveTheStatusBack() {
        Booked order = newOrder();
        enqueue("shipment_update", booking(order));
        awaitOrder(order, o -> o.path("status").asString().equals("BOOKED"));
        enqueue("shipment_update", update(order, 3, "EXCEPTION", "Cliente ausente", "ev-3", "EXCEPTION", "600",
                BOOKED_AT.plus(Duration.ofHours(3)), "Novedad", true));
        JsonNode exception = awaitOrder(order, o -> o.path("status").asString().equals("EXCEPTION"));
        assertThat(exception.path("shipment").path("statusReason").asString()).isEqualTo("Cliente ausente");

        // Version 2 was committed before version 3 but arrives after it.
        enqueue("shipment_update", event(order, 2, "IN_TRANSIT", "310"));
        JsonNode late = awaitOrder(order, o -> o.path("timeline").size() == 3);
        assertThat(late.path("status").asString()).isEqualTo("EXCEPTION");
        assertThat(late.path("shipment").path("status").asString()).isEqualTo("EXCEPTION");
        assertThat(late.path("shipment").path("statusReason").asString()).isEqualTo("Cliente ausente");
        assertThat(late.path("shipment").path("updatedAt").asString()).isEqualTo("2026-11-25T16:00:00Z");
        // In the order things happened, not the order they arrived.
        assertThat(values(late.path("timeline"), "eventId")).containsExactly("booked", "ev-2", "ev-3");
        assertThat(late.path("timeline").get(2).path("reason").asString()).isEqualTo("Cliente ausente");
    }

    @Test
    void aRepeatedUpdateOrMessageChangesNothing() {
        Booked order = newOrder();
        String booking = booking(order);
        enqueue("shipment_update", booking);
        enqueue("shipment_update", event(order, 2, "PICKED_UP", "200"));
        awaitOrder(order, o -> o.path("status").asString().equals("PICKED_UP") && o.path("timeline").size() == 2);
        String sentMessage = message(order.orderId(), "wamid.once", "order_shipped", "SHIPPED", BOOKED_AT);

        List<String> repeats = new ArrayList<>();
        // One at a time, so each repeat is checked against the state it must leave alone.
        for (String repeat : List.of(booking, event(order, 2, "PICKED_UP", "200"),
                // Same version, other content: not applied either.
                update(order, 2, "DELIVERED", null, "ev-2", "DELIVERED", "500", BOOKED_AT, "Otro", true))) {
            repeats.add(enqueue("shipment_update", repeat));
            awaitApiQueueIdle();
            JsonNode after = read(order);
            assertThat(after.path("status").asString()).isEqualTo("PICKED_UP");
            assertThat(after.path("shipment").path("status").asString()).isEqualTo("PICKED_UP");
            assertThat(after.path("shipment").path("updatedAt").asString()).isEqualTo("2026-11-25T15:00:00Z");
            assertThat(values(after.path("timeline"), "status")).containsExactly("CREATED", "PICKED_UP");
            assertThat(after.path("timeline").get(1).path("description").asString()).isEqualTo("Evento 200");
        }
        repeats.add(enqueue("order_message", sentMessage));
        repeats.add(enqueue("order_message", sentMessage));
        awaitApiQueueIdle();
        assertThat(values(read(order).path("messages"), "messageId")).containsExactly("wamid.once");
        assertThat(repeats).noneMatch(this::isDeadLetter);
    }

    @Test
    void anUpdateForAnotherStoresOrderOrAnUnknownOrderEndsInTheDeadLettersWithTheReason() {
        Booked order = newOrder();
        ApiKeys.NewKey other = newStore();
        Booked foreign = new Booked(other, order.orderId(), order.shipmentId(), order.trackingNumber());
        Booked unknown = new Booked(order.store(), UUID.randomUUID().toString(), UUID.randomUUID(), "SV-404");

        DeadLetter wrongStore = awaitDeadLetter(enqueue("shipment_update", booking(foreign)));
        assertThat(wrongStore.lastError()).contains("order " + order.orderId()).contains("names store " + other.storeId())
                .contains("belongs to store " + order.store().storeId());
        assertThat(wrongStore.task().attempt()).isEqualTo(1);
        DeadLetter noOrder = awaitDeadLetter(enqueue("shipment_update", booking(unknown)));
        assertThat(noOrder.lastError()).contains("unknown order " + unknown.orderId());
        DeadLetter noOrderMessage = awaitDeadLetter(enqueue("order_message",
                message(unknown.orderId(), "wamid.x", null, null, BOOKED_AT)));
        assertThat(noOrderMessage.lastError()).contains("unknown order " + unknown.orderId());
        DeadLetter noOrderFailed = awaitDeadLetter(enqueue("order_failed", failed(unknown.orderId(), "refused")));
        assertThat(noOrderFailed.lastError()).contains("unknown order " + unknown.orderId());

        JsonNode untouched = read(order);
        assertThat(untouched.path("status").asString()).isEqualTo("CREATED");
        assertThat(untouched.path("shipment").isNull()).isTrue();
        assertThat(untouched.path("timeline").isEmpty()).isTrue();
        assertThat(jdbc.sql("SELECT count(*) FROM api.order_message WHERE message_id = 'wamid.x'").query(Long.class).single()).isZero();
    }

    @Test
    void anInvalidPayloadFailsAtOnceNamingTheField() {
        Booked order = newOrder();
        assertThat(awaitDeadLetter(enqueue("shipment_update", "{not json")).lastError()).contains("shipment_update payload is invalid");
        String withoutEvent = booking(order).replaceAll(",\"event\":\\{.*}}$", "}").replace("\"version\":1,", "");
        assertThat(awaitDeadLetter(enqueue("shipment_update", withoutEvent)).lastError())
                .contains("event must not be null").contains("version must not be null");
        String badTime = booking(order).replace("\"occurredAt\":\"2026-11-25T13:00:00Z\"", "\"occurredAt\":\"yesterday\"");
        assertThat(awaitDeadLetter(enqueue("shipment_update", badTime)).lastError()).contains("at 'event.occurredAt'");
        String unknownStatus = booking(order).replace("\"status\":\"CREATED\",\"statusReason\"", "\"status\":\"LOST\",\"statusReason\"");
        assertThat(awaitDeadLetter(enqueue("shipment_update", unknownStatus)).lastError()).contains("status must be a shipment status");
        DeadLetter noText = awaitDeadLetter(enqueue("order_message", message(order.orderId(), "wamid.y", null, null, BOOKED_AT)
                .replace("\"text\":\"Hola Ana, null\",", "").replace("\"sentAt\":\"2026-11-25T13:00:00Z\"", "\"sentAt\":null")));
        assertThat(noText.lastError()).contains("order_message payload (order-message:wamid.y) is invalid: sentAt must not be null, text must not be null")
                .doesNotContain("+573001234567");
        assertThat(awaitDeadLetter(enqueue("order_failed", "{\"orderId\":\"" + order.orderId() + "\"}")).lastError())
                .contains("reason must not be blank");
        assertThat(awaitDeadLetter(enqueue("order_failed", "{\"orderId\":\"42\",\"reason\":\"x\"}")).lastError()).contains("at 'orderId'");
        assertThat(read(order).path("status").asString()).isEqualTo("CREATED");
    }

    @Test
    void aFailedBookingMakesTheOrderFailedWithTheReasonUntilAShipmentArrives() {
        Booked order = newOrder();
        String reason = "servientrega refused the booking: 422 {\"detail\":\"cityCode 99999 unknown\"}";
        enqueue("order_failed", failed(order.orderId(), reason));
        JsonNode failed = awaitOrder(order, o -> o.path("status").asString().equals("FAILED"));
        assertThat(failed.path("failureReason").asString()).isEqualTo(reason);
        assertThat(failed.path("shipment").isNull()).isTrue();
        List<String> failedOrders = new ArrayList<>();
        get(order.store().key(), "/api/orders?status=FAILED").json().path("items").forEach(o -> failedOrders.add(o.path("id").asString()));
        assertThat(failedOrders).containsExactly(order.orderId());

        // An operator replayed process_order and the booking succeeded: the shipment wins.
        enqueue("shipment_update", booking(order));
        JsonNode booked = awaitOrder(order, o -> o.path("status").asString().equals("BOOKED"));
        assertThat(booked.path("failureReason").isNull()).isTrue();
        assertThat(booked.path("shipment").path("status").asString()).isEqualTo("CREATED");
    }

    @Test
    void aFailureReportedAfterTheShipmentLeavesTheShipmentStatus() {
        Booked order = newOrder();
        enqueue("shipment_update", booking(order));
        enqueue("shipment_update", event(order, 2, "IN_TRANSIT", "310"));
        awaitOrder(order, o -> o.path("status").asString().equals("IN_TRANSIT"));
        String task = enqueue("order_failed", failed(order.orderId(), "servientrega timed out"));
        awaitApiQueueIdle();

        JsonNode after = read(order);
        assertThat(after.path("status").asString()).isEqualTo("IN_TRANSIT");
        assertThat(after.path("failureReason").isNull()).isTrue();
        assertThat(after.path("shipment").path("status").asString()).isEqualTo("IN_TRANSIT");
        assertThat(isDeadLetter(task)).isFalse();
    }

    @Test
    void anotherStoreCannotSeeTheOrderOrItsShipment() {
        Booked order = newOrder();
        enqueue("shipment_update", booking(order));
        enqueue("order_message", message(order.orderId(), "wamid.private", "order_shipped", "SHIPPED", BOOKED_AT));
        awaitOrder(order, o -> o.path("messages").size() == 1 && o.path("status").asString().equals("BOOKED"));

        ApiKeys.NewKey other = newStore();
        Http.Response foreign = get(other.key(), "/api/orders/" + order.orderId());
        assertProblem(foreign, 404);
        assertThat(foreign.body()).doesNotContain(order.trackingNumber()).doesNotContain("wamid.private");
        assertThat(get(other.key(), "/api/orders?status=BOOKED").json().path("items").isEmpty()).isTrue();
    }

    @Test
    void theListingFiltersByTheNewStatusesAndListsThemWhenOneIsUnknown() {
        ApiKeys.NewKey store = newStore();
        Booked inTransit = newOrderOf(store);
        Booked delivered = newOrderOf(store);
        Booked waiting = newOrderOf(store);
        enqueue("shipment_update", event(inTransit, 3, "IN_TRANSIT", "310"));
        enqueue("shipment_update", event(delivered, 5, "DELIVERED", "500"));
        awaitOrder(inTransit, o -> o.path("status").asString().equals("IN_TRANSIT"));
        awaitOrder(delivered, o -> o.path("status").asString().equals("DELIVERED"));

        assertThat(values(get(store.key(), "/api/orders?status=IN_TRANSIT").json().path("items"), "id"))
                .containsExactly(inTransit.orderId());
        assertThat(values(get(store.key(), "/api/orders?status=delivered").json().path("items"), "id"))
                .containsExactly(delivered.orderId());
        assertThat(values(get(store.key(), "/api/orders?status=CREATED").json().path("items"), "id")).containsExactly(waiting.orderId());
        assertThat(get(store.key(), "/api/orders?status=OUT_FOR_DELIVERY").json().path("items").isEmpty()).isTrue();

        Http.Response unknown = get(store.key(), "/api/orders?status=SHIPPED");
        assertProblem(unknown, 400);
        assertThat(unknown.json().path("detail").asString()).contains("CREATED", "BOOKED", "PICKED_UP", "IN_TRANSIT", "OUT_FOR_DELIVERY",
                "DELIVERED", "EXCEPTION", "RETURNED", "CANCELLED", "FAILED").contains("'SHIPPED'");
    }

    private Booked newOrderOf(ApiKeys.NewKey store) {
        Http.Response created = post(store.key(), "/api/orders", order());
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return new Booked(store, created.json().path("id").asString(), UUID.randomUUID(),
                "TN-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase());
    }
}
