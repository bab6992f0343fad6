package com.litper.analytics.carrierchoice;

import static org.assertj.core.api.Assertions.assertThat;

import com.litper.common.security.Role;
import com.litper.common.testing.Http;
import com.litper.common.testing.TestTokens;
import java.time.LocalDate;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The scorecard sums a period's rollups per route × carrier; each store sees its own, everyone sees the network. */
class ScorecardTest extends CarrierChoiceTestSupport {

    private static final LocalDate MARCH_2 = LocalDate.of(2026, 3, 2);
    private static final LocalDate MARCH_3 = LocalDate.of(2026, 3, 3);
    private static final String PERIOD = "from=2026-03-01&to=2026-03-31";

    private UUID store;
    private UUID other;

    @BeforeEach
    void rollups() {
        store = UUID.randomUUID();
        other = UUID.randomUUID();
        // tcc on 02 → 03 over two days: 20 shipments, 17 delivered, 1 returned, 15 of 17 on time,
        // transit {1: 2, 2: 5, 3: 2, 5: 7, 30+: 1} business days, freight 220,000 pesos over 18 shipments.
        rollup(store, MARCH_2, "tcc", "02", "03", 10, 8, 1, 8, 6, transit(new int[] {1, 2}, new int[] {2, 4}, new int[] {3, 2}), 120_000, 10);
        rollup(store, MARCH_3, "tcc", "02", "03", 10, 9, 0, 9, 9, transit(new int[] {2, 1}, new int[] {5, 7}, new int[] {30, 1}), 100_000, 8);
        // Nothing measured yet for coordinadora: its rates and percentiles are null, not zero.
        rollup(store, MARCH_2, "coordinadora", "02", "03", 4, 0, 0, 0, 0, transit(), 0, 0);
        // Outside the period.
        rollup(store, LocalDate.of(2026, 4, 1), "tcc", "02", "03", 50, 50, 0, 50, 0, transit(new int[] {9, 50}), 5_000_000, 50);
        rollup(store, MARCH_2, "tcc", "02", "04", 3, 3, 0, 3, 3, transit(new int[] {1, 3}), 30_000, 3);
        // Another store on the same route and day.
        rollup(other, MARCH_2, "tcc", "02", "03", 5, 5, 0, 5, 0, transit(new int[] {8, 5}), 100_000, 5);
    }

    @Test
    void sumsTheRollupsOfThePeriodPerRouteAndCarrier() {
        Http.Response response = get("/api/analytics/carriers/scorecard?" + PERIOD, TestTokens.owner(store));
        assertThat(response.status()).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(body.path("scope").asString()).isEqualTo("STORE");
        assertThat(body.path("store").asString()).isEqualTo(store.toString());
        assertThat(body.path("routes")).hasSize(2);

        JsonNode route = body.path("routes").get(0);
        assertThat(route.path("origin").asString()).isEqualTo("02");
        assertThat(route.path("destination").asString()).isEqualTo("03");
        JsonNode coordinadora = route.path("carriers").get(0);
        assertThat(coordinadora.path("carrier").asString()).isEqualTo("coordinadora");
        assertThat(coordinadora.path("shipments").asLong()).isEqualTo(4);
        assertThat(coordinadora.path("onTimeRate").isNull()).isTrue();
        assertThat(coordinadora.path("transitP50").isNull()).isTrue();
        assertThat(coordinadora.path("averageFreight").isNull()).isTrue();
        assertThat(coordinadora.path("deliveryRate").asDouble()).isZero();

        JsonNode tcc = route.path("carriers").get(1);
        assertThat(tcc.path("carrier").asString()).isEqualTo("tcc");
        assertThat(tcc.path("shipments").asLong()).isEqualTo(20);
        assertThat(tcc.path("delivered").asLong()).isEqualTo(17);
        assertThat(tcc.path("returned").asLong()).isEqualTo(1);
        assertThat(tcc.path("onTimeSample").asLong()).isEqualTo(17);
        assertThat(tcc.path("onTimeRate").asDouble()).isEqualTo(0.8824); // 15 / 17
        assertThat(tcc.path("deliveryRate").asDouble()).isEqualTo(0.85);
        assertThat(tcc.path("returnRate").asDouble()).isEqualTo(0.05);
        // 17 delivered: the 9th is at 3 days (2 + 5 + 2), the 16th (ceil 0.9 × 17) at 5 days.
        assertThat(tcc.path("transitP50").asInt()).isEqualTo(3);
        assertThat(tcc.path("transitP90").asInt()).isEqualTo(5);
        assertThat(tcc.path("averageFreight").asLong()).isEqualTo(12_222); // 220,000 / 18

        JsonNode filtered = get("/api/analytics/carriers/scorecard?" + PERIOD + "&origin=02&destination=04", TestTokens.store(store, Role.VIEWER))
                .json();
        assertThat(filtered.path("routes")).hasSize(1);
        assertThat(filtered.path("routes").get(0).path("carriers").get(0).path("shipments").asLong()).isEqualTo(3);
    }

    @Test
    void aStoreSeesOnlyItsOwnScorecardWhileOperatorsAndTheNetworkSeeEveryStore() {
        JsonNode others = get("/api/analytics/carriers/scorecard?" + PERIOD, TestTokens.owner(other)).json();
        assertThat(others.path("routes")).hasSize(1);
        assertThat(others.path("routes").get(0).path("carriers").get(0).path("shipments").asLong()).isEqualTo(5);

        Http.Response foreign = get("/api/analytics/carriers/scorecard?" + PERIOD + "&store=" + store, TestTokens.owner(other));
        assertThat(foreign.status()).isEqualTo(403);
        assertThat(foreign.contentType()).startsWith("application/problem+json");
        assertThat(foreign.json().path("detail").asString()).contains("/api/analytics/carriers/scorecard/network");

        JsonNode operator = get("/api/analytics/carriers/scorecard?" + PERIOD + "&store=" + store, TestTokens.operator()).json();
        assertThat(operator.path("store").asString()).isEqualTo(store.toString());
        assertThat(operator.path("routes").get(0).path("carriers").get(1).path("shipments").asLong()).isEqualTo(20);

        // The network: every store's rows together, on a route no other test writes (07 → 03, once per run of this test).
        rollup(store, MARCH_2, "tcc", "07", "03", 7, 7, 0, 7, 7, transit(new int[] {1, 7}), 70_000, 7);
        rollup(other, MARCH_2, "tcc", "07", "03", 4, 4, 0, 4, 0, transit(new int[] {6, 4}), 80_000, 4);
        JsonNode network = get("/api/analytics/carriers/scorecard/network?" + PERIOD + "&origin=07&destination=03",
                TestTokens.store(other, Role.SUPPORT)).json();
        assertThat(network.path("scope").asString()).isEqualTo("NETWORK");
        assertThat(network.path("store").isNull()).isTrue();
        JsonNode tcc = network.path("routes").get(0).path("carriers").get(0);
        assertThat(tcc.path("shipments").asLong()).isEqualTo(11);
        assertThat(tcc.path("onTimeRate").asDouble()).isEqualTo(0.6364); // 7 / 11
        assertThat(tcc.path("transitP50").asInt()).isEqualTo(1);
        assertThat(tcc.path("transitP90").asInt()).isEqualTo(6);
        assertThat(tcc.path("averageFreight").asLong()).isEqualTo(13_636); // 150,000 / 11
        JsonNode own = get("/api/analytics/carriers/scorecard?" + PERIOD + "&origin=07", TestTokens.owner(store)).json();
        assertThat(own.path("routes").get(0).path("carriers").get(0).path("shipments").asLong()).isEqualTo(7);
    }

    @Test
    void badQueriesAnswerProblemsNamingEveryMistake() {
        Http.Response missing = get("/api/analytics/carriers/scorecard?origin=5", TestTokens.owner(store));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.contentType()).startsWith("application/problem+json");
        assertThat(missing.json().path("detail").asString()).contains("'from' is required").contains("'to' is required")
                .contains("'origin' must be a DANE department code of two digits");

        assertThat(get("/api/analytics/carriers/scorecard?from=2026-03-31&to=2026-03-01", TestTokens.owner(store)).json()
                .path("detail").asString()).contains("'to' (2026-03-01) must not be before 'from' (2026-03-31)");
        assertThat(get("/api/analytics/carriers/scorecard?from=2024-01-01&to=2026-03-01", TestTokens.owner(store)).json()
                .path("detail").asString()).contains("longer than 366 days");
        assertThat(get("/api/analytics/carriers/scorecard/network?from=March&to=2026-03-01", TestTokens.owner(store)).json()
                .path("detail").asString()).contains("'from' must be a day as YYYY-MM-DD, not 'March'");
        assertThat(get("/api/analytics/carriers/scorecard?" + PERIOD + "&store=nope", TestTokens.operator()).status()).isEqualTo(400);
    }

    @Test
    void integrationsMayNotReadScorecards() {
        assertThat(get("/api/analytics/carriers/scorecard?" + PERIOD, TestTokens.store(store, Role.INTEGRATION)).status()).isEqualTo(403);
        assertThat(http().get("/api/analytics/carriers/scorecard?" + PERIOD).status()).isEqualTo(401);
    }
}
