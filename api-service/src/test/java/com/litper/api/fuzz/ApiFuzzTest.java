package com.litper.api.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.litper.api.ApiTestSupport;
import com.litper.api.QueuePerTestClass;
import com.litper.api.store.ApiKeys;
import com.litper.common.queue.TaskPriority;
import com.litper.common.queue.TaskQueue;
import com.litper.common.testing.Http;
import com.litper.common.testing.TestTokens;
import com.litper.common.testing.fuzz.FuzzRun;
import com.litper.common.testing.fuzz.OpenApiOperations;
import com.litper.common.testing.fuzz.OperationFuzzer;
import com.litper.common.testing.fuzz.RawHttp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Hostile requests to every operation of docs/openapi.yaml (docs/reliability.md): each is answered
 * below 500, every refusal is a problem+json, and a refused request stores nothing, neither a row of
 * api's tables nor a task in the queues. Seeded and bounded: {@link FuzzRun} says how to replay.
 */
class ApiFuzzTest extends ApiTestSupport {

    private static final List<String> TABLES = List.of("store", "api_key", "orders", "idempotency_key", "outbox",
            "order_shipment", "order_timeline", "order_message", "store_user", "refresh_token");

    @Autowired
    TaskQueue queue;

    /** Row counts and queue lengths, once the outbox relay has handed over what earlier accepted requests wrote. */
    private Map<String, Long> stored() {
        await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10)).atMost(Duration.ofSeconds(10)).until(() ->
                jdbc.sql("SELECT count(*) FROM api.outbox WHERE sent_at IS NULL").query(Long.class).single() == 0);
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table : TABLES) {
            counts.put(table, jdbc.sql("SELECT count(*) FROM api." + table).query(Long.class).single());
        }
        for (String name : List.of(QueuePerTestClass.workerQueue(getClass()), QueuePerTestClass.apiQueue(getClass()),
                QueuePerTestClass.analyticsQueue(getClass()))) {
            counts.put("queue " + name, Arrays.stream(TaskPriority.values()).mapToLong(p -> queue.depth(name, p)).sum()
                    + queue.delayedCount(name) + queue.leasedCount(name));
        }
        return counts;
    }

    @Test
    void hostileRequestsAreRefusedWithAProblemAndStoreNothing() {
        List<OpenApiOperations.Operation> operations = OpenApiOperations.read(Path.of("..", "docs", "openapi.yaml"));
        ApiKeys.NewKey store = newStore();
        String owner = "Bearer " + TestTokens.owner(store.storeId());
        String operator = "Bearer " + TestTokens.operator();
        String apiKey = "Bearer " + store.key();
        // Two orders, so the listing hands out a real cursor to tamper with.
        String orderId = post(store.key(), "/api/orders", order()).json().path("id").asString();
        post(store.key(), "/api/orders", order());
        Http.Response page = get(store.key(), "/api/orders?limit=1");
        assertThat(page.status()).isEqualTo(200);

        FuzzRun run = FuzzRun.start("api-service", RawHttp.localhost(port), this::stored)
                .oauthErrorsFrom(request -> request.target().startsWith("/api/auth/token"));
        OperationFuzzer fuzzer = new OperationFuzzer(run.input(), operation -> operation.anonymous() ? null
                : operation.path().startsWith("/api/admin") ? operator
                : operation.path().startsWith("/api/users") || run.input().chance(0.3) ? owner
                : apiKey)
                .body("createOrder", order())
                .body("token", "grant_type=client_credentials&client_secret=" + store.key())
                .pathParameter("id", orderId)
                .queryValue("cursor", page.json().path("nextCursor").asString())
                .queryValue("limit", "1")
                .queryValue("createdFrom", "2026-01-01");
        while (run.goOn()) {
            run.send(fuzzer.next(run.input().pick(operations)));
        }
        run.assertNoFailures();
    }

    /** Amounts whose products or sum would overflow a long, or exceed what an order holds, are a 400 naming the field. */
    @Test
    void moneyTotalsCannotOverflow() {
        ApiKeys.NewKey store = newStore();
        String most = "{\"sku\": \"A\", \"name\": \"A\", \"quantity\": 100000, \"unitPrice\": 999999999999}";
        // 200 × 100000 × 999999999999 ≈ 2·10^19: past Long.MAX_VALUE, and each item alone is valid.
        String overflowing = "[" + String.join(", ", java.util.Collections.nCopies(200, most)) + "]";
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("items", overflowing);
        cases.put("items ", "[{\"sku\": \"A\", \"name\": \"A\", \"quantity\": 2, \"unitPrice\": 999999999999}]");
        cases.put("items[0].unitPrice", "[{\"sku\": \"A\", \"name\": \"A\", \"quantity\": 1, \"unitPrice\": 9223372036854775808}]");
        cases.put("items[0].quantity", "[{\"sku\": \"A\", \"name\": \"A\", \"quantity\": 2147483648, \"unitPrice\": 1}]");
        cases.put("declaredValue", "1e400");
        cases.put("cashOnDelivery", "18446744073709551616");
        Map<String, Long> before = stored();
        cases.forEach((field, value) -> {
            String member = field.strip().startsWith("items") ? "items" : field;
            Http.Response response = post(store.key(), "/api/orders", order(Map.of(member, value)));
            assertProblem(response, 400);
            JsonNode problem = response.json();
            List<String> named = new java.util.ArrayList<>();
            problem.path("errors").forEach(error -> named.add(error.path("field").asString()));
            String detail = problem.path("detail").asString();
            assertThat(named.contains(field.strip()) || detail.contains("'" + field.strip() + "'"))
                    .as("%s is named in %s", field, response.body()).isTrue();
            // Refused as sent, never reported as some wrapped-around amount.
            assertThat(detail).as(field).doesNotContainPattern("-\\d");
        });
        assertThat(stored()).isEqualTo(before);
        assertThat(ordersOf(store.storeId())).isZero();
    }
}
