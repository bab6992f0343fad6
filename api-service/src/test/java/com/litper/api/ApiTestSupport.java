package com.litper.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.litper.api.store.ApiKeys;
import com.litper.common.testing.Http;
import com.litper.embedded.EmbeddedInfrastructure;
import java.net.http.HttpRequest;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Base of the API tests: the whole service on a random port against the embedded PostgreSQL and
 * Redis, plain HTTP, and a fresh store per test so tests never see each other's data.
 */
@ExtendWith(EmbeddedInfrastructure.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "litper.api.keys.cache-ttl=5s",
        // A sixth carrier known only from configuration (SixthCarrierTest); api-service has no code for it.
        "litper.carriers.deprisa.display-name=Deprisa",
        "litper.carriers.deprisa.base-url=http://localhost:8099/carriers/deprisa",
        // Two operators whose password is ApiTestSupport.OPERATOR_PASSWORD (bcrypt, cost 4 to keep tests quick).
        "litper.security.operators.ops.password-hash=" + ApiTestSupport.OPERATOR_HASH,
        "litper.security.operators.lockout-test.password-hash=" + ApiTestSupport.OPERATOR_HASH})
public abstract class ApiTestSupport {

    protected static final String OPERATOR_PASSWORD = "test-operator-password";
    static final String OPERATOR_HASH = "{bcrypt}$2a$04$jJmUJH5KmQ7wXP0KfiNA9./NNCm0gVeRg5mgVUNusWCj/jS0tu8pS";

    @LocalServerPort
    protected int port;

    @Autowired
    protected ApiKeys apiKeys;

    @Autowired
    protected JdbcClient jdbc;

    protected Http http() {
        return Http.localhost(port);
    }

    /** A new store and its first key. */
    protected ApiKeys.NewKey newStore() {
        return apiKeys.createStore("Store " + UUID.randomUUID().toString().substring(0, 8));
    }

    protected Http.Response get(String key, String path) {
        return http().get(path, auth(key));
    }

    protected Http.Response post(String key, String path, String body) {
        return post(key, path, body, Map.of());
    }

    protected Http.Response post(String key, String path, String body, Map<String, String> headers) {
        Map<String, String> all = new HashMap<>(auth(key));
        all.put("Content-Type", "application/json");
        all.putAll(headers);
        return http().send(HttpRequest.newBuilder(http().uri(path)).POST(HttpRequest.BodyPublishers.ofString(body)), all);
    }

    protected Http.Response delete(String key, String path) {
        return http().send(HttpRequest.newBuilder(http().uri(path)).DELETE(), auth(key));
    }

    /** A form post to the token endpoint. */
    protected Http.Response token(String form, Map<String, String> headers) {
        Map<String, String> all = new HashMap<>(headers);
        all.put("Content-Type", "application/x-www-form-urlencoded");
        return http().send(HttpRequest.newBuilder(http().uri("/api/auth/token")).POST(HttpRequest.BodyPublishers.ofString(form)), all);
    }

    private static Map<String, String> auth(String key) {
        return key == null ? Map.of() : Map.of("Authorization", "Bearer " + key);
    }

    protected long ordersOf(UUID storeId) {
        return jdbc.sql("SELECT count(*) FROM api.orders WHERE store_id = :store").param("store", storeId).query(Long.class).single();
    }

    /** A valid order body; {@code overrides} replace top-level JSON members verbatim. */
    protected static String order(Map<String, String> overrides) {
        Map<String, String> members = new java.util.LinkedHashMap<>();
        members.put("buyer", "{\"name\": \"Ana Gómez\", \"phone\": \"+57 300 123 4567\"}");
        members.put("destination", "{\"address\": \"Calle 26 # 68-35\", \"city\": \"Bogotá\", \"department\": \"Bogotá D.C.\"}");
        members.put("items", "[{\"sku\": \"TSHIRT-M\", \"name\": \"Camiseta M\", \"quantity\": 2, \"unitPrice\": 45000}]");
        members.put("declaredValue", "90000");
        members.put("cashOnDelivery", "90000");
        members.put("preferredCarrier", "\"coordinadora\"");
        members.putAll(overrides);
        StringBuilder json = new StringBuilder("{");
        members.forEach((name, value) -> {
            if (value != null) {
                json.append(json.length() > 1 ? ", " : "").append('"').append(name).append("\": ").append(value);
            }
        });
        return json.append('}').toString();
    }

    protected static String order() {
        return order(Map.of());
    }

    protected static void assertProblem(Http.Response response, int status) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        JsonNode body = response.json();
        assertThat(body.path("status").asInt()).isEqualTo(status);
        assertThat(body.path("detail").asString()).isNotBlank();
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }
}
