package com.litper.api.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.litper.api.ApiTestSupport;
import com.litper.api.QueuePerTestClass;
import com.litper.api.store.ApiKeys;
import com.litper.common.queue.TaskPriority;
import com.litper.common.queue.TaskQueue;
import com.litper.common.testing.Http;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Where a store ships an order from ({@code origin}), checked against DANE, stored, shown, and passed
 * on: to worker-service in {@code process_order}, to analytics-service in the {@code order_placed}
 * written with the order.
 */
class OrderOriginTest extends ApiTestSupport {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    TaskQueue queue;

    private JsonNode outboxPayload(String orderId, String taskType) {
        return JSON.readTree(jdbc.sql("SELECT payload::text FROM api.outbox WHERE payload->>'orderId' = :id AND task_type = :type")
                .param("id", orderId).param("type", taskType).query(String.class).single());
    }

    private long outboxRows(String orderId) {
        return jdbc.sql("SELECT count(*) FROM api.outbox WHERE payload->>'orderId' = :id").param("id", orderId).query(Long.class).single();
    }

    @Test
    void anOriginIsStoredShownAndPassedOn() {
        ApiKeys.NewKey store = newStore();
        Http.Response created = post(store.key(), "/api/orders", order(Map.of("origin", "{\"municipalityCode\": \"05001\"}")));

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String orderId = created.json().path("id").asString();
        assertThat(created.json().path("origin").path("municipalityCode").asString()).isEqualTo("05001");
        assertThat(get(store.key(), "/api/orders/" + orderId).json()).isEqualTo(created.json());

        assertThat(outboxPayload(orderId, "process_order").path("originMunicipalityCode").asString()).isEqualTo("05001");
        JsonNode placed = outboxPayload(orderId, "order_placed");
        assertThat(placed.path("storeId").asString()).isEqualTo(store.storeId().toString());
        assertThat(placed.path("originMunicipalityCode").asString()).isEqualTo("05001");
        assertThat(placed.path("destinationMunicipalityCode").asString()).isEqualTo("11001");
        assertThat(placed.path("destinationDepartmentCode").asString()).isEqualTo("11");
        assertThat(placed.path("cashOnDelivery").asLong()).isEqualTo(90_000);
        assertThat(placed.path("declaredValue").asLong()).isEqualTo(90_000);
        assertThat(placed.path("createdAt").asString()).isEqualTo(created.json().path("createdAt").asString());

        // Relayed to analytics' queue as a LOW task, once.
        String analytics = QueuePerTestClass.analyticsQueue(getClass());
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql(
                "SELECT count(*) FROM api.outbox WHERE payload->>'orderId' = :id AND task_type = 'order_placed' AND sent_at IS NOT NULL")
                .param("id", orderId).query(Long.class).single() == 1);
        assertThat(queue.depth(analytics, TaskPriority.LOW)).isGreaterThanOrEqualTo(1);
    }

    @Test
    void anOrderWithoutAnOriginHasNone() {
        ApiKeys.NewKey store = newStore();
        Http.Response created = post(store.key(), "/api/orders", order());

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String orderId = created.json().path("id").asString();
        assertThat(created.json().path("origin").isNull()).isTrue();
        assertThat(outboxPayload(orderId, "process_order").path("originMunicipalityCode").isNull()).isTrue();
        assertThat(outboxPayload(orderId, "order_placed").path("originMunicipalityCode").isNull()).isTrue();
        assertThat(outboxRows(orderId)).isEqualTo(2);
    }

    @Test
    void anOriginThatIsNoDaneMunicipalityIsAProblemNamingIt() {
        ApiKeys.NewKey store = newStore();
        Http.Response unknown = post(store.key(), "/api/orders", order(Map.of("origin", "{\"municipalityCode\": \"99999\"}")));
        assertProblem(unknown, 400);
        assertThat(unknown.json().path("detail").asString())
                .isEqualTo("The request has 1 invalid field: origin.municipalityCode '99999' is not a DANE municipality code.");

        for (String bad : List.of("{\"municipalityCode\": \"Medellín\"}", "{\"municipalityCode\": \"5001\"}", "{}")) {
            Http.Response response = post(store.key(), "/api/orders", order(Map.of("origin", bad)));
            assertProblem(response, 400);
            assertThat(response.json().path("detail").asString()).as(bad).contains("origin.municipalityCode");
        }
        assertThat(ordersOf(store.storeId())).isZero();
    }

    @Test
    void theOriginIsPartOfTheRequestAnIdempotencyKeyStandsFor() {
        ApiKeys.NewKey store = newStore();
        Map<String, String> key = Map.of("Idempotency-Key", "origin-1");
        Http.Response first = post(store.key(), "/api/orders", order(Map.of("origin", "{\"municipalityCode\": \"05001\"}")), key);
        Http.Response again = post(store.key(), "/api/orders", order(Map.of("origin", "{\"municipalityCode\": \"05001\"}")), key);
        Http.Response otherOrigin = post(store.key(), "/api/orders", order(Map.of("origin", "{\"municipalityCode\": \"76001\"}")), key);

        assertThat(first.status()).as(first.body()).isEqualTo(201);
        assertThat(again.body()).isEqualTo(first.body());
        assertProblem(otherOrigin, 422);
        assertThat(ordersOf(store.storeId())).isEqualTo(1);
    }
}
