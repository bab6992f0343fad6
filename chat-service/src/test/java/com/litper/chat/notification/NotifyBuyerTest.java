package com.litper.chat.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.litper.chat.ChatTestSupport;
import com.litper.common.contracts.NotifyBuyer;
import com.litper.common.queue.TaskPriority;
import com.litper.common.queue.TaskRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.databind.JsonNode;

/**
 * {@code notify_buyer} through chat-service's own worker: the order is linked to its store and buyer,
 * each event is worded and told once (the approved template, or free text inside the buyer's 24-hour
 * window), and the {@code send_whatsapp} for worker-service is written to chat's outbox and relayed.
 */
class NotifyBuyerTest extends ChatTestSupport {

    private static final UUID STORE = UUID.fromString(OWN_STORE);

    @Autowired
    StringRedisTemplate redis;

    @Test
    void theBookingIsToldOnceAsTheShippedTemplateAndTheOrderIsLinkedToItsStoreAndBuyer() {
        assertThat(queue.routing().queueFor("notify_buyer")).isEqualTo(CHAT_QUEUE);
        UUID order = UUID.randomUUID();
        String buyer = newPhone();
        Instant bookedAt = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        tasks.send(news(order, buyer, "Ana", NotifyBuyer.Event.SHIPPED, null, null, bookedAt));
        await().atMost(Duration.ofSeconds(20)).until(() -> sends(order).size() == 1);

        // The carrier's pickup announces it too: under the same key within the queue's window, and
        // told nothing new after it (here delivered past the de-duplication, as after the window).
        Instant pickedUp = bookedAt.plus(1, ChronoUnit.HOURS);
        NotifyBuyer pickup = news(order, buyer, "Ana", NotifyBuyer.Event.SHIPPED, null, UUID.randomUUID(), pickedUp);
        tasks.send(pickup);
        String again = enqueueWithoutDeduplication(pickup);
        await().atMost(Duration.ofSeconds(20)).until(this::chatQueueIsIdle);
        assertThat(deadLetter(again)).isEmpty();

        List<JsonNode> sends = sends(order);
        assertThat(sends).hasSize(1);
        JsonNode send = sends.get(0);
        assertThat(send.path("to").asString()).isEqualTo(buyer);
        assertThat(send.path("template").asString()).isEqualTo("order_shipped");
        assertThat(send.path("language").asString()).isEqualTo("es");
        assertThat(send.path("parameters").values().stream().map(JsonNode::asString).toList()).containsExactly("Ana", "SV123", "Servientrega");
        assertThat(send.path("text").asString()).isEqualTo("Hola Ana, tu pedido ya fue despachado con Servientrega. Tu número de guía es SV123.");
        assertThat(send.path("orderId").asString()).isEqualTo(order.toString());
        assertThat(send.path("shipmentId").isNull()).isTrue();
        assertThat(send.path("status").asString()).as("what api-service's order_message reports").isEqualTo("SHIPPED");
        assertThat(send.path("sessionOpen").asBoolean()).as("the buyer never wrote").isFalse();
        assertThat(send.path("storeId").asString()).isEqualTo(OWN_STORE);

        Map<String, Object> link = jdbc.sql("SELECT store_id, buyer_phone, last_event_at FROM chat.buyer_order WHERE order_id = :o")
                .param("o", order).query().singleRow();
        assertThat(link.get("store_id")).isEqualTo(STORE);
        assertThat(link.get("buyer_phone")).isEqualTo(buyer);
        assertThat(((java.sql.Timestamp) link.get("last_event_at")).toInstant()).as("the latest event, told or not").isEqualTo(pickedUp);

        // The outbox relays it to worker-service's queue, under the key of the order's "shipped".
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql(
                        "SELECT bool_and(sent_at IS NOT NULL) FROM chat.outbox WHERE task_type = 'send_whatsapp' AND payload->>'orderId' = :o")
                .param("o", order.toString()).query(Boolean.class).single());
        assertThat(queue.routing().queueFor("send_whatsapp")).isEqualTo("worker");
        assertThat(redis.hasKey("litper:queue:{worker}:dedup:whatsapp:" + order + ":shipped")).isTrue();
    }

    @Test
    void eachEventIsToldOnceNeverOlderThanWhatWasToldAndNothingAfterTheDelivery() {
        UUID order = UUID.randomUUID();
        UUID shipment = UUID.randomUUID();
        String buyer = newPhone();
        Instant at = Instant.now().minus(3, ChronoUnit.HOURS);
        tasks.send(news(order, buyer, "Luis", NotifyBuyer.Event.OUT_FOR_DELIVERY, null, shipment, at));
        await().atMost(Duration.ofSeconds(20)).until(() -> sends(order).size() == 1);
        // The booking's "shipped" came late: old news once the parcel is out for delivery.
        tasks.send(news(order, buyer, "Luis", NotifyBuyer.Event.SHIPPED, null, null, at.minusSeconds(3600)));
        await().atMost(Duration.ofSeconds(20)).until(this::chatQueueIsIdle);
        tasks.send(news(order, buyer, "Luis", NotifyBuyer.Event.EXCEPTION, "Cliente ausente", shipment, at.plusSeconds(600)));
        await().atMost(Duration.ofSeconds(20)).until(() -> sends(order).size() == 2);
        // Out for delivery again (a second attempt): the order's event was told.
        enqueueWithoutDeduplication(news(order, buyer, "Luis", NotifyBuyer.Event.OUT_FOR_DELIVERY, null, shipment, at.plusSeconds(1200)));
        await().atMost(Duration.ofSeconds(20)).until(this::chatQueueIsIdle);
        tasks.send(news(order, buyer, "Luis", NotifyBuyer.Event.DELIVERED, null, shipment, at.plusSeconds(1800)));
        await().atMost(Duration.ofSeconds(20)).until(() -> sends(order).size() == 3);
        // A novedad reported after the delivery is told nothing.
        enqueueWithoutDeduplication(news(order, buyer, "Luis", NotifyBuyer.Event.EXCEPTION, "Otra", shipment, at.plusSeconds(2400)));
        await().atMost(Duration.ofSeconds(20)).until(this::chatQueueIsIdle);

        List<JsonNode> sends = sends(order);
        assertThat(sends.stream().map(s -> s.path("status").asString())).containsExactly("OUT_FOR_DELIVERY", "EXCEPTION", "DELIVERED");
        assertThat(sends.stream().map(s -> s.path("template").asString()))
                .containsExactly("order_out_for_delivery", "order_exception", "order_delivered");
        JsonNode novedad = sends.get(1);
        assertThat(novedad.path("parameters").values().stream().map(JsonNode::asString).toList())
                .containsExactly("Luis", "SV123", "Servientrega", "Cliente ausente");
        assertThat(novedad.path("text").asString())
                .isEqualTo("Hola Luis, tu pedido con guía SV123 de Servientrega tiene una novedad: Cliente ausente. Te contactaremos para resolverla.");
        assertThat(novedad.path("shipmentId").asString()).isEqualTo(shipment.toString());
        assertThat(sends.get(0).path("text").asString())
                .isEqualTo("Hola Luis, tu pedido con guía SV123 de Servientrega va en camino y llega hoy a tu dirección.");
        assertThat(sends.get(2).path("text").asString())
                .isEqualTo("Hola Luis, tu pedido con guía SV123 de Servientrega fue entregado. ¡Gracias por tu compra!");
        assertThat(jdbc.sql("SELECT event FROM chat.buyer_notification WHERE order_id = :o ORDER BY created_at").param("o", order)
                .query(String.class).list()).containsExactly("OUT_FOR_DELIVERY", "EXCEPTION", "DELIVERED");
    }

    @Test
    void aBuyerWhoWroteWithinTheWindowGetsFreeTextOthersTheTemplate() {
        Instant now = Instant.now();
        String recent = newPhone();
        String nearlyClosed = newPhone();
        String longAgo = newPhone();
        // Two hours ago: inside the window. 23.5 h ago: inside, but less than the margin (1 h) left. Two days: closed.
        assertThat(signedPost(buyerWrites(OWN_NUMBER, recent, newWamid(), "Hola", now.minus(2, ChronoUnit.HOURS).getEpochSecond())).status())
                .isEqualTo(200);
        assertThat(signedPost(buyerWrites(OWN_NUMBER, nearlyClosed, newWamid(), "Hola", now.minus(1410, ChronoUnit.MINUTES).getEpochSecond()))
                .status()).isEqualTo(200);
        assertThat(signedPost(buyerWrites(OWN_NUMBER, longAgo, newWamid(), "Hola", now.minus(2, ChronoUnit.DAYS).getEpochSecond())).status())
                .isEqualTo(200);
        // The same buyer at another store: that store's conversation has no message of theirs.
        UUID otherStore = UUID.randomUUID();

        UUID toRecent = UUID.randomUUID();
        UUID toNearlyClosed = UUID.randomUUID();
        UUID toLongAgo = UUID.randomUUID();
        UUID atOtherStore = UUID.randomUUID();
        tasks.send(news(toRecent, recent, "Ana", NotifyBuyer.Event.OUT_FOR_DELIVERY, null, UUID.randomUUID(), now));
        tasks.send(news(toNearlyClosed, nearlyClosed, "Ana", NotifyBuyer.Event.OUT_FOR_DELIVERY, null, UUID.randomUUID(), now));
        tasks.send(news(toLongAgo, longAgo, "Ana", NotifyBuyer.Event.OUT_FOR_DELIVERY, null, UUID.randomUUID(), now));
        tasks.send(new NotifyBuyer(otherStore, atOtherStore, recent, "Ana", NotifyBuyer.Event.OUT_FOR_DELIVERY, null, "SV123", "Servientrega",
                UUID.randomUUID(), now));
        await().atMost(Duration.ofSeconds(20)).until(() -> sends(toRecent).size() + sends(toNearlyClosed).size() + sends(toLongAgo).size()
                + sends(atOtherStore).size() == 4);

        JsonNode free = sends(toRecent).get(0);
        assertThat(free.path("sessionOpen").asBoolean()).isTrue();
        assertThat(free.path("text").asString()).isEqualTo("Hola Ana, tu pedido con guía SV123 de Servientrega va en camino y llega hoy a tu dirección.");
        // The template goes along, should the message be sent as one after all.
        assertThat(free.path("template").asString()).isEqualTo("order_out_for_delivery");
        assertThat(sends(toNearlyClosed).get(0).path("sessionOpen").asBoolean()).isFalse();
        assertThat(sends(toLongAgo).get(0).path("sessionOpen").asBoolean()).isFalse();
        assertThat(sends(atOtherStore).get(0).path("sessionOpen").asBoolean()).isFalse();
        assertThat(jdbc.sql("SELECT free_text FROM chat.buyer_notification WHERE order_id = :o").param("o", toRecent).query(Boolean.class)
                .single()).isTrue();
    }

    @Test
    void aBuyerWithoutANameIsGreetedWithoutOne() {
        UUID order = UUID.randomUUID();
        tasks.send(news(order, newPhone(), null, NotifyBuyer.Event.DELIVERED, null, UUID.randomUUID(), Instant.now()));
        await().atMost(Duration.ofSeconds(20)).until(() -> sends(order).size() == 1);
        JsonNode send = sends(order).get(0);
        // A template parameter may not be blank.
        assertThat(send.path("parameters").get(0).asString()).isEqualTo("cliente");
        assertThat(send.path("text").asString()).startsWith("Hola, tu pedido con guía SV123");
    }

    @Test
    void aNotificationThatCanNeverBeToldIsADeadLetterNamingTheFields() {
        UUID order = UUID.randomUUID();
        String id = queue.enqueue(TaskRequest.of("notify_buyer", """
                {"storeId":"%s","orderId":"%s","buyerPhone":"3001234567","event":"EXCEPTION","trackingNumber":"SV1",
                 "carrierName":"Servientrega","occurredAt":"2026-11-25T15:00:00Z"}""".formatted(OWN_STORE, order), TaskPriority.HIGH));

        await().atMost(Duration.ofSeconds(20)).until(() -> deadLetter(id).isPresent());
        assertThat(deadLetter(id).orElseThrow().task().attempt()).isEqualTo(1);
        assertThat(deadLetter(id).orElseThrow().lastError()).contains("buyerPhone must be E.164", "reasonOfException must be given")
                .doesNotContain("3001234567");
        assertThat(sends(order)).isEmpty();
    }

    private static NotifyBuyer news(UUID order, String buyer, String firstName, NotifyBuyer.Event event, String reason, UUID shipment,
            Instant at) {
        return new NotifyBuyer(STORE, order, buyer, firstName, event, reason, "SV123", "Servientrega", shipment, at);
    }

    /** The same notification as a new task, as when it comes again after the queue's de-duplication window. */
    private String enqueueWithoutDeduplication(NotifyBuyer news) {
        return queue.enqueue(TaskRequest.of("notify_buyer", tasks.codec().encode(tasks.contracts().of(NotifyBuyer.class), news),
                TaskPriority.HIGH));
    }
}
