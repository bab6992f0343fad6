package com.litper.api.order;

import static org.assertj.core.api.Assertions.assertThat;

import com.litper.api.ApiTestSupport;
import com.litper.api.store.ApiKeys;
import com.litper.common.testing.Http;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class OrderReadTest extends ApiTestSupport {

    private String create(ApiKeys.NewKey store, String carrier) {
        Http.Response response = post(store.key(), "/api/orders", order(Map.of("preferredCarrier", "\"" + carrier + "\"")));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json().path("id").asString();
    }

    private List<String> ids(Http.Response page) {
        List<String> ids = new ArrayList<>();
        page.json().path("items").forEach(order -> ids.add(order.path("id").asString()));
        return ids;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Test
    void anotherStoresOrderDoesNotExistForYou() {
        ApiKeys.NewKey a = newStore();
        ApiKeys.NewKey b = newStore();
        String id = create(a, "tcc");

        Http.Response foreign = get(b.key(), "/api/orders/" + id);
        Http.Response unknown = get(b.key(), "/api/orders/" + UUID.randomUUID());
        assertProblem(foreign, 404);
        assertProblem(unknown, 404);
        // Nothing tells the two apart.
        assertThat(foreign.json().path("detail").asString().replace(id, "ID"))
                .isEqualTo(unknown.json().path("detail").asString().replaceAll("[0-9a-f-]{36}", "ID"));
        assertThat(ids(get(b.key(), "/api/orders"))).isEmpty();
        assertThat(get(a.key(), "/api/orders/" + id).status()).isEqualTo(200);
    }

    @Test
    void malformedIdIs400() {
        assertProblem(get(newStore().key(), "/api/orders/not-a-uuid"), 400);
    }

    @Test
    void pagesThroughEveryOrderNewestFirstWithoutDuplicatesOrGaps() {
        ApiKeys.NewKey store = newStore();
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            created.add(0, create(store, "envia"));
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Http.Response page = get(store.key(), "/api/orders?limit=3" + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            seen.addAll(ids(page));
            JsonNode next = page.json().path("nextCursor");
            cursor = next.isNull() ? null : next.asString();
            pages++;
        } while (cursor != null);
        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactlyElementsOf(created);
    }

    @Test
    void defaultPageIs20AndLimitIsBounded() {
        ApiKeys.NewKey store = newStore();
        for (int i = 0; i < 21; i++) {
            create(store, "tcc");
        }
        Http.Response page = get(store.key(), "/api/orders");
        assertThat(ids(page)).hasSize(20);
        assertThat(page.json().path("nextCursor").isString()).isTrue();
        assertProblem(get(store.key(), "/api/orders?limit=101"), 400);
        assertProblem(get(store.key(), "/api/orders?limit=0"), 400);
        assertProblem(get(store.key(), "/api/orders?limit=many"), 400);
        assertProblem(get(store.key(), "/api/orders?cursor=bm9wZQ"), 400);
    }

    @Test
    void filtersByCarrierStatusAndCreationTime() throws InterruptedException {
        ApiKeys.NewKey store = newStore();
        String tcc = create(store, "tcc");
        String envia = create(store, "envia");
        Instant enviaCreated = Instant.parse(get(store.key(), "/api/orders/" + envia).json().path("createdAt").asString());
        String servientrega = create(store, "servientrega");

        assertThat(ids(get(store.key(), "/api/orders?carrier=TCC"))).containsExactly(tcc);
        assertThat(ids(get(store.key(), "/api/orders?status=CREATED"))).containsExactly(servientrega, envia, tcc);
        assertThat(ids(get(store.key(), "/api/orders?status=CANCELLED"))).isEmpty();
        assertThat(ids(get(store.key(), "/api/orders?createdFrom=" + encode(enviaCreated.toString())))).containsExactly(servientrega, envia);
        assertThat(ids(get(store.key(), "/api/orders?createdTo=" + encode(enviaCreated.toString())))).containsExactly(envia, tcc);
        assertThat(ids(get(store.key(), "/api/orders?createdFrom=" + encode(enviaCreated.toString())
                + "&createdTo=" + encode(enviaCreated.toString())))).containsExactly(envia);
        String today = enviaCreated.atZone(OrderController.COLOMBIA).toLocalDate().toString();
        assertThat(ids(get(store.key(), "/api/orders?createdFrom=" + today + "&createdTo=" + today))).hasSize(3);
        assertThat(ids(get(store.key(), "/api/orders?createdTo=2020-01-01"))).isEmpty();

        assertProblem(get(store.key(), "/api/orders?carrier=dhl"), 400);
        assertProblem(get(store.key(), "/api/orders?status=LOST"), 400);
        assertProblem(get(store.key(), "/api/orders?createdFrom=yesterday"), 400);
    }
}
