package com.litper.api.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.litper.api.ApiTestSupport;
import com.litper.common.security.Role;
import com.litper.common.testing.Http;
import com.litper.common.testing.TestTokens;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Store users' access tokens work on api-service next to API keys, scoped to their store and role. */
class AccessTokenTest extends ApiTestSupport {

    @Test
    void anOwnersTokenActsForItsStore() {
        ApiKeys.NewKey store = newStore();
        String owner = TestTokens.owner(store.storeId());
        Http.Response created = post(owner, "/api/orders", order());
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().path("id").asString();
        assertThat(ordersOf(store.storeId())).isEqualTo(1);
        assertThat(get(owner, "/api/orders/" + id).status()).isEqualTo(200);
        // The key and the token see the same store.
        assertThat(get(store.key(), "/api/orders/" + id).status()).isEqualTo(200);
        Http.Response self = get(owner, "/api/store");
        assertThat(self.json().path("id").asString()).isEqualTo(store.storeId().toString());
        assertThat(self.json().path("keyId").isNull()).isTrue();
    }

    @Test
    void anotherStoresOrderIsA404IndistinguishableFromNone() {
        ApiKeys.NewKey a = newStore();
        ApiKeys.NewKey b = newStore();
        String id = post(a.key(), "/api/orders", order()).json().path("id").asString();
        Http.Response foreign = get(TestTokens.owner(b.storeId()), "/api/orders/" + id);
        Http.Response unknown = get(TestTokens.owner(b.storeId()), "/api/orders/" + UUID.randomUUID());
        assertProblem(foreign, 404);
        assertThat(foreign.json().path("detail").asString().replace(id, "ID"))
                .isEqualTo(unknown.json().path("detail").asString().replaceAll("[0-9a-f-]{36}", "ID"));
        assertThat(get(TestTokens.owner(b.storeId()), "/api/orders").json().path("items").size()).isZero();
    }

    @Test
    void aViewerReadsButDoesNotWrite() {
        ApiKeys.NewKey store = newStore();
        String viewer = TestTokens.store(store.storeId(), Role.VIEWER);
        assertThat(get(viewer, "/api/orders").status()).isEqualTo(200);
        assertProblem(post(viewer, "/api/orders", order()), 403);
        assertProblem(post(viewer, "/api/keys", "{}"), 403);
        assertThat(ordersOf(store.storeId())).isZero();
    }

    @Test
    void supportWritesOrdersButDoesNotManageKeys() {
        ApiKeys.NewKey store = newStore();
        String support = TestTokens.store(store.storeId(), Role.SUPPORT);
        assertThat(post(support, "/api/orders", order()).status()).isEqualTo(201);
        assertProblem(get(support, "/api/keys"), 403);
    }

    @Test
    void operatorsAndUnknownStoresGetNoStoreData() {
        assertProblem(get(TestTokens.operator(), "/api/orders"), 403);
        assertProblem(get(TestTokens.owner(UUID.randomUUID()), "/api/orders"), 403);
    }

    @Test
    void invalidTokensAreRefusedLikeUnknownKeys() {
        ApiKeys.NewKey store = newStore();
        assertProblem(get(TestTokens.builder().store(store.storeId()).signedByStranger().sign(), "/api/orders"), 401);
        assertProblem(get(TestTokens.builder().store(store.storeId()).unsigned(), "/api/orders"), 401);
    }
}
