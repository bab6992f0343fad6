package com.litper.api.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.litper.api.ApiTestSupport;
import com.litper.api.user.StoreUsers;
import com.litper.common.testing.Http;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

class ApiKeyAuthenticationTest extends ApiTestSupport {

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    StoreUsers users;

    private static void assertUnauthorized(Http.Response response) {
        assertProblem(response, 401);
        assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
    }

    @Test
    void everyApiEndpointRefusesARequestWithoutKey() {
        assertUnauthorized(http().get("/api/orders"));
        assertUnauthorized(http().get("/api/orders/" + UUID.randomUUID()));
        assertUnauthorized(http().post("/api/orders", "application/json", order()));
        assertUnauthorized(http().get("/api/keys"));
        assertUnauthorized(http().post("/api/keys", "application/json", "{}"));
        assertThat(http().get("/api/orders").json().path("detail").asString()).contains("Authorization: Bearer");
    }

    @Test
    void unknownMalformedOrNonBearerKeysAreRefused() {
        assertUnauthorized(get("lp_live_" + "A".repeat(32), "/api/orders"));
        assertUnauthorized(get("not-a-key", "/api/orders"));
        Http.Response basic = http().get("/api/orders", Map.of("Authorization", "Basic dXNlcjpwYXNz"));
        assertUnauthorized(basic);
        assertThat(basic.json().path("detail").asString()).contains("Bearer");
    }

    @Test
    void aValidKeyAuthenticatesItsStore() {
        ApiKeys.NewKey key = newStore();
        assertThat(key.key()).startsWith("lp_live_").hasSize(40);
        Http.Response store = get(key.key(), "/api/store");
        assertThat(store.status()).isEqualTo(200);
        assertThat(store.json().path("id").asString()).isEqualTo(key.storeId().toString());
    }

    @Test
    void keysAreStoredOnlyAsHashes() throws Exception {
        ApiKeys.NewKey key = newStore();
        var row = jdbc.sql("SELECT prefix, key_hash, name FROM api.api_key WHERE id = :id").param("id", key.id()).query().singleRow();
        assertThat(row.get("prefix")).isEqualTo(key.key().substring(0, 12));
        assertThat((byte[]) row.get("key_hash")).isEqualTo(java.security.MessageDigest.getInstance("SHA-256")
                .digest(key.key().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(row.values().stream().map(String::valueOf)).noneMatch(value -> value.contains(key.key()));
    }

    @Test
    void aStoreCreatesAnotherKeyAndRevokesIt() {
        ApiKeys.NewKey first = newStore();
        Http.Response created = post(first.key(), "/api/keys", "{\"name\": \"warehouse\"}");
        assertThat(created.status()).isEqualTo(201);
        JsonNode second = created.json();
        String secondKey = second.path("key").asString();
        assertThat(created.header("Location")).isEqualTo("/api/keys/" + second.path("id").asString());
        assertThat(get(secondKey, "/api/orders").status()).isEqualTo(200);

        Http.Response listed = get(first.key(), "/api/keys");
        assertThat(listed.json().size()).isEqualTo(2);
        assertThat(listed.body()).doesNotContain(secondKey).doesNotContain(first.key());

        assertThat(delete(first.key(), "/api/keys/" + second.path("id").asString()).status()).isEqualTo(204);
        assertUnauthorized(get(secondKey, "/api/orders"));
        assertThat(get(secondKey, "/api/orders").json().path("detail").asString()).contains("revoked");
        // Revoking twice is harmless; the first key still works.
        assertThat(delete(first.key(), "/api/keys/" + second.path("id").asString()).status()).isEqualTo(204);
        assertThat(get(first.key(), "/api/orders").status()).isEqualTo(200);
    }

    @Test
    void aKeyRevokedByAnotherInstanceStopsWorkingHereWhenItsCacheEntryExpires() {
        ApiKeys.NewKey key = newStore();
        assertThat(get(key.key(), "/api/orders").status()).isEqualTo(200);
        // Another replica of api-service revoked it: this instance sees only the database row change.
        jdbc.sql("UPDATE api.api_key SET revoked_at = now() WHERE id = :id").param("id", key.id()).update();
        assertThat(get(key.key(), "/api/orders").status()).as("kept by this instance for litper.api.keys.cache-ttl (5s here)")
                .isEqualTo(200);
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> assertUnauthorized(get(key.key(), "/api/orders")));
    }

    @Test
    void aStoreCannotRevokeAnotherStoresKey() {
        ApiKeys.NewKey a = newStore();
        ApiKeys.NewKey b = newStore();
        assertProblem(delete(b.key(), "/api/keys/" + a.id()), 404);
        assertThat(get(a.key(), "/api/orders").status()).isEqualTo(200);
    }

    @Test
    void demoStoreIsCreatedOnceWithItsConfiguredKey() {
        UUID id = UUID.randomUUID();
        String key = "lp_live_demo" + UUID.randomUUID().toString().replace("-", "").substring(0, 28);
        String owner = "owner-" + id + "@demo.test";
        DemoStoreProperties properties = new DemoStoreProperties(true, id, "Demo", key, owner, "demo owner password");
        DemoStoreSeeder seeder = new DemoStoreSeeder(apiKeys, users, properties, transactions);
        seeder.run(null);
        seeder.run(null);
        assertThat(jdbc.sql("SELECT count(*) FROM api.api_key WHERE store_id = :id").param("id", id).query(Long.class).single()).isEqualTo(1);
        assertThat(get(key, "/api/store").json().path("id").asString()).isEqualTo(id.toString());
        // Its owner signs in with the configured password.
        Http.Response token = token("grant_type=password&username=" + owner + "&password=demo+owner+password", Map.of());
        assertThat(token.status()).as(token.body()).isEqualTo(200);
        assertThat(get(token.json().path("access_token").asString(), "/api/store").json().path("id").asString()).isEqualTo(id.toString());
    }

    @Test
    void demoStoreWithoutConfiguredKeyGetsOneRandomKeyOnce() {
        UUID id = UUID.randomUUID();
        DemoStoreSeeder seeder = new DemoStoreSeeder(apiKeys, users, new DemoStoreProperties(true, id, "Demo", "", "owner@demo.test", ""),
                transactions);
        seeder.run(null);
        seeder.run(null);
        assertThat(jdbc.sql("SELECT count(*) FROM api.api_key WHERE store_id = :id").param("id", id).query(Long.class).single()).isEqualTo(1);
    }
}
