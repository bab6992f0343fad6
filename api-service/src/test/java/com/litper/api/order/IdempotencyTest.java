package com.litper.api.order;

import static org.assertj.core.api.Assertions.assertThat;

import com.litper.api.ApiTestSupport;
import com.litper.api.store.ApiKeys;
import com.litper.common.testing.Http;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class IdempotencyTest extends ApiTestSupport {

    private long outboxRowsOf(UUID storeId) {
        return jdbc.sql("SELECT count(*) FROM api.outbox WHERE payload->>'storeId' = :store").param("store", storeId.toString())
                .query(Long.class).single();
    }

    @Test
    void sameKeyAndSameBodyAnswersTheOriginalResponse() {
        ApiKeys.NewKey store = newStore();
        Map<String, String> key = Map.of("Idempotency-Key", "order-1001");
        Http.Response first = post(store.key(), "/api/orders", order(), key);
        // The same request, formatted differently: the canonical request is the same.
        Http.Response second = post(store.key(), "/api/orders", order(Map.of("declaredValue", "90000.0")).replace(", ", ",\n  "), key);

        assertThat(first.status()).isEqualTo(201);
        assertThat(second.status()).as(second.body()).isEqualTo(201);
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(second.header("Location")).isEqualTo(first.header("Location"));
        assertThat(second.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(ordersOf(store.storeId())).isEqualTo(1);
        // One process_order and one order_placed.
        assertThat(outboxRowsOf(store.storeId())).isEqualTo(2);
    }

    @Test
    void sameKeyWithAnotherBodyIs422() {
        ApiKeys.NewKey store = newStore();
        Map<String, String> key = Map.of("Idempotency-Key", "order-1002");
        assertThat(post(store.key(), "/api/orders", order(), key).status()).isEqualTo(201);
        Http.Response other = post(store.key(), "/api/orders", order(Map.of("cashOnDelivery", "1")), key);
        assertProblem(other, 422);
        assertThat(other.json().path("detail").asString()).contains("order-1002");
        assertThat(ordersOf(store.storeId())).isEqualTo(1);
    }

    @Test
    void keysArePerStore() {
        ApiKeys.NewKey a = newStore();
        ApiKeys.NewKey b = newStore();
        Map<String, String> key = Map.of("Idempotency-Key", "shared-key");
        Http.Response fromA = post(a.key(), "/api/orders", order(), key);
        Http.Response fromB = post(b.key(), "/api/orders", order(), key);
        assertThat(fromB.status()).isEqualTo(201);
        assertThat(fromB.json().path("id").asString()).isNotEqualTo(fromA.json().path("id").asString());
        assertThat(ordersOf(a.storeId())).isEqualTo(1);
        assertThat(ordersOf(b.storeId())).isEqualTo(1);
    }

    @Test
    void withoutKeyEveryPostIsANewOrder() {
        ApiKeys.NewKey store = newStore();
        post(store.key(), "/api/orders", order());
        post(store.key(), "/api/orders", order());
        assertThat(ordersOf(store.storeId())).isEqualTo(2);
    }

    @Test
    void concurrentRequestsWithTheSameKeyMakeOneOrder() throws Exception {
        ApiKeys.NewKey store = newStore();
        Map<String, String> key = Map.of("Idempotency-Key", "burst-" + UUID.randomUUID());
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<Http.Response>> responses = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                responses.add(pool.submit(() -> post(store.key(), "/api/orders", order(), key)));
            }
            String body = null;
            for (Future<Http.Response> response : responses) {
                assertThat(response.get().status()).isEqualTo(201);
                body = body == null ? response.get().body() : body;
                assertThat(response.get().body()).isEqualTo(body);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(ordersOf(store.storeId())).isEqualTo(1);
    }

    @Test
    void refusesUnusableKeys() {
        ApiKeys.NewKey store = newStore();
        assertProblem(post(store.key(), "/api/orders", order(), Map.of("Idempotency-Key", "x".repeat(300))), 400);
        assertThat(ordersOf(store.storeId())).isZero();
    }

    @Test
    void invalidRequestsDoNotUseUpTheKey() {
        ApiKeys.NewKey store = newStore();
        Map<String, String> key = Map.of("Idempotency-Key", "retry-after-fix");
        assertProblem(post(store.key(), "/api/orders", order(Map.of("declaredValue", "-1")), key), 400);
        assertThat(post(store.key(), "/api/orders", order(), key).status()).isEqualTo(201);
    }
}
