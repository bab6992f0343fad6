package com.litper.worker.order;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.litper.common.carrier.PublishedCarrierChoice;
import com.litper.common.queue.TaskPriority;
import com.litper.worker.CarrierTestBase;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * process_order books with the carrier analytics-service published for the store's route, and a
 * redelivered task books with the same carrier after the published choice changed.
 */
class MeasuredChoiceBookingTest extends CarrierTestBase {

    @Autowired
    StringRedisTemplate redis;

    @Test
    void anOrderBooksWithThePublishedChoiceAndItsRedeliveryKeepsThatCarrier() {
        UUID orderId = UUID.randomUUID();
        UUID storeId = UUID.fromString(STORE_WITH_RULE); // its configured rule (tcc) loses to the published choice
        publish(storeId, "00-05", "coordinadora");
        String payload = orderPayload(orderId, storeId, null); // to Medellín, department 05
        queue.enqueue("process_order", payload, TaskPriority.NORMAL);

        await().atMost(Duration.ofSeconds(20)).until(() -> recorded("shipment_booked", orderId.toString()).size() == 1);
        assertThat(payload(recorded("shipment_booked", orderId.toString()).get(0)).path("carrier").asString()).isEqualTo("coordinadora");
        assertThat(redis.opsForValue().get("litper:carrier-pin:" + orderId)).isEqualTo("coordinadora");

        // analytics-service now prefers tcc; the same task is delivered again.
        publish(storeId, "00-05", "tcc");
        queue.enqueue("process_order", payload, TaskPriority.NORMAL);
        await().atMost(Duration.ofSeconds(20)).until(() -> carriers.findAll(postRequestedFor(urlPathMatching("/[a-z]+/v1/shipments"))
                .withHeader("Idempotency-Key", equalTo(orderId.toString()))).size() == 2);

        carriers.verify(2, postRequestedFor(urlEqualTo("/coordinadora/v1/shipments")).withHeader("Idempotency-Key", equalTo(orderId.toString())));
        carriers.verify(0, postRequestedFor(urlEqualTo("/tcc/v1/shipments")).withHeader("Idempotency-Key", equalTo(orderId.toString())));
    }

    @Test
    void withoutAPublishedChoiceTheStoresConfiguredRuleStillBooks() {
        UUID orderId = UUID.randomUUID();
        UUID storeId = UUID.fromString(STORE_WITH_RULE);
        redis.delete(PublishedCarrierChoice.key(storeId));
        queue.enqueue("process_order", orderPayload(orderId, storeId, null), TaskPriority.NORMAL);

        await().atMost(Duration.ofSeconds(20)).until(() -> recorded("shipment_booked", orderId.toString()).size() == 1);
        assertThat(payload(recorded("shipment_booked", orderId.toString()).get(0)).path("carrier").asString()).isEqualTo("tcc");
    }

    private void publish(UUID store, String field, String carrier) {
        String choice = json.writeValueAsString(new PublishedCarrierChoice(carrier, PublishedCarrierChoice.Basis.NETWORK, 0.93, 0.93, 120,
                Instant.now(), "test"));
        redis.opsForHash().put(PublishedCarrierChoice.key(store), field, choice);
        redis.expire(PublishedCarrierChoice.key(store), Duration.ofMinutes(5));
    }
}
