package com.litper.api.order;

import static org.assertj.core.api.Assertions.assertThat;

import com.litper.api.ApiTestSupport;
import com.litper.api.store.ApiKeys;
import com.litper.common.testing.Http;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A carrier api-service has no code for, defined only in configuration (ApiTestSupport's
 * {@code litper.carriers.deprisa.*}): stores may ask for it and filter by it like the five defaults.
 */
class SixthCarrierTest extends ApiTestSupport {

    @Test
    void aStoreMayAskForACarrierDefinedOnlyInConfigurationAndListItsOrders() {
        ApiKeys.NewKey store = newStore();
        Http.Response created = post(store.key(), "/api/orders", order(Map.of("preferredCarrier", "\"Deprisa\"")));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().path("preferredCarrier").asString()).isEqualTo("deprisa");
        String id = created.json().path("id").asString();
        post(store.key(), "/api/orders", order(Map.of("preferredCarrier", "\"tcc\"")));

        Http.Response listed = get(store.key(), "/api/orders?carrier=deprisa");
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.json().path("items")).singleElement()
                .satisfies(order -> assertThat(order.path("id").asString()).isEqualTo(id));
    }

    @Test
    void aCarrierNoConfigurationDefinesIsRefusedNamingTheConfiguredOnes() {
        ApiKeys.NewKey store = newStore();
        Http.Response refused = post(store.key(), "/api/orders", order(Map.of("preferredCarrier", "\"dhl\"")));

        assertProblem(refused, 400);
        assertThat(refused.body()).contains("deprisa").contains("servientrega");
        assertProblem(get(store.key(), "/api/orders?carrier=dhl"), 400);
    }
}
