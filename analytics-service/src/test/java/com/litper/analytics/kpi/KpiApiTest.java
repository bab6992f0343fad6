package com.litper.analytics.kpi;

import static org.assertj.core.api.Assertions.assertThat;

import com.litper.analytics.facts.FactsTestSupport;
import com.litper.common.security.Role;
import com.litper.common.testing.Http;
import com.litper.common.testing.TestTokens;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /api/analytics/kpis} over the known history of {@code FactsTestSupport#knownHistory}
 * (store A, week of San José 2025) and one delivered order of store B, every figure worked out by hand.
 */
class KpiApiTest extends FactsTestSupport {

    private static final String WEEK = "/api/analytics/kpis?from=2025-03-17&to=2025-03-23";

    @Autowired
    KpiQueries queries;

    private UUID storeA;
    private UUID storeB;

    @BeforeEach
    void history() {
        storeA = UUID.randomUUID();
        storeB = UUID.randomUUID();
        knownHistory(storeA);
        order(storeB).placed(bogota("2025-03-19T09:00"), "11", "08", 0)
                .booked(bogota("2025-03-19T10:00"), "coordinadora", LocalDate.parse("2025-03-21"), 9_000)
                .moved(bogota("2025-03-19T13:00"), "PICKED_UP")
                .moved(bogota("2025-03-20T08:00"), "OUT_FOR_DELIVERY")
                .moved(bogota("2025-03-20T11:00"), "DELIVERED");
        jobs.incremental();
    }

    private Http.Response get(String path, String token) {
        return Http.localhost(port).get(path, TestTokens.bearer(token));
    }

    private JsonNode ok(String path, String token) {
        Http.Response response = get(path, token);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    @Test
    void aStoreReadsItsKpisPerCarrier() {
        JsonNode kpis = ok(WEEK + "&groupBy=carrier", TestTokens.owner(storeA));
        assertThat(kpis.path("groupBy").asString()).isEqualTo("carrier");
        assertThat(kpis.path("timeZone").asString()).isEqualTo("America/Bogota");
        assertThat(kpis.path("groups")).hasSize(1);
        JsonNode servientrega = kpis.path("groups").get(0);
        assertThat(servientrega.path("carrier").asString()).isEqualTo("servientrega");
        assertThat(servientrega.path("shipments").asLong()).isEqualTo(3);
        assertThat(servientrega.path("deliveryRate").asDouble()).isEqualTo(0.6667);
        assertThat(servientrega.path("returnRate").asDouble()).isEqualTo(0.3333);
        // On time: the holiday transit and the refused first attempt; late: the one held up by a wrong address.
        assertThat(servientrega.path("onTimeRate").asDouble()).isEqualTo(0.6667);
        assertThat(servientrega.path("firstAttemptSuccessRate").asDouble()).isEqualTo(0.6667);
        assertThat(servientrega.path("novedadRate").asDouble()).isEqualTo(0.6667);
        assertThat(servientrega.path("novedadRateByCause").path("WRONG_ADDRESS").asDouble()).isEqualTo(0.3333);
        assertThat(servientrega.path("novedadRateByCause").path("REFUSED").asDouble()).isEqualTo(0.3333);
        assertThat(servientrega.path("novedadRateByCause").has("BUYER_ABSENT")).isFalse();
        // First scans after 5, 2 and 1 hours; transits of 1 (over the holiday Monday) and 4 business days.
        assertThat(servientrega.path("firstScanP50Hours").asInt()).isEqualTo(2);
        assertThat(servientrega.path("transitP50BusinessDays").asInt()).isEqualTo(1);
        assertThat(servientrega.path("transitP90BusinessDays").asInt()).isEqualTo(4);
        assertThat(servientrega.path("codShipments").asLong()).isEqualTo(2);
        assertThat(servientrega.path("codAmount").asLong()).isEqualTo(130_000);
        assertThat(servientrega.path("freightSum").asLong()).isEqualTo(42_000);
        assertThat(kpis.path("total").path("shipments").asLong()).isEqualTo(3);
        assertThat(kpis.path("total").path("transitP90BusinessDays").asInt()).isEqualTo(4);
    }

    @Test
    void routesDaysAndShorterPeriods() {
        JsonNode routes = ok(WEEK + "&groupBy=route", TestTokens.store(storeA, Role.VIEWER)).path("groups");
        assertThat(routes).hasSize(2);
        assertThat(routes.get(0).path("originDepartment").asString()).isEqualTo("11");
        assertThat(routes.get(0).path("destinationDepartment").asString()).isEqualTo("05");
        assertThat(routes.get(0).path("shipments").asLong()).isEqualTo(2);
        assertThat(routes.get(0).path("onTimeRate").asDouble()).isEqualTo(0.5);
        assertThat(routes.get(1).path("destinationDepartment").asString()).isEqualTo("76");
        assertThat(routes.get(1).path("transitP50BusinessDays").isNull()).isTrue();

        JsonNode days = ok(WEEK + "&groupBy=day", TestTokens.owner(storeA)).path("groups");
        assertThat(days).extracting(day -> day.path("day").asString()).containsExactly("2025-03-17", "2025-03-18", "2025-03-21");

        // Friday alone: the holiday transit only.
        JsonNode friday = ok("/api/analytics/kpis?from=2025-03-21&to=2025-03-21&groupBy=carrier", TestTokens.owner(storeA)).path("total");
        assertThat(friday.path("shipments").asLong()).isEqualTo(1);
        assertThat(friday.path("onTimeRate").asDouble()).isEqualTo(1.0);
        assertThat(friday.path("transitP50BusinessDays").asInt()).isEqualTo(1);
        assertThat(friday.path("firstScanP50Hours").asInt()).isEqualTo(5);
        assertThat(friday.path("novedadRate").asDouble()).isEqualTo(0.0);

        JsonNode toMedellin = ok(WEEK + "&groupBy=carrier&origin=11&destination=05", TestTokens.owner(storeA)).path("total");
        assertThat(toMedellin.path("shipments").asLong()).isEqualTo(2);
        assertThat(ok(WEEK + "&groupBy=carrier&carrier=coordinadora", TestTokens.owner(storeA)).path("groups")).isEmpty();
    }

    @Test
    void aStoreSeesNothingOfAnotherStore() {
        JsonNode b = ok(WEEK + "&groupBy=carrier", TestTokens.owner(storeB));
        assertThat(b.path("total").path("shipments").asLong()).isEqualTo(1);
        assertThat(b.path("groups")).extracting(group -> group.path("carrier").asString()).containsExactly("coordinadora");
        assertThat(b.path("store").asString()).isEqualTo(storeB.toString());

        Http.Response other = get(WEEK + "&groupBy=carrier&store=" + storeA, TestTokens.owner(storeB));
        assertThat(other.status()).isEqualTo(403);
        assertThat(other.contentType()).startsWith("application/problem+json");
        assertThat(other.json().path("detail").asString()).contains("own store");
        assertThat(other.body()).doesNotContain("servientrega");

        // A store nobody wrote anything for sees an empty period.
        JsonNode empty = ok(WEEK + "&groupBy=carrier", TestTokens.owner(UUID.randomUUID()));
        assertThat(empty.path("groups")).isEmpty();
        assertThat(empty.path("total").isNull()).isTrue();

        assertThat(Http.localhost(port).get(WEEK + "&groupBy=carrier").status()).isEqualTo(401);
    }

    @Test
    void operatorsSeeEveryStoreAndMayNameOne() {
        JsonNode all = ok(WEEK + "&groupBy=store", TestTokens.operator());
        assertThat(all.path("total").path("shipments").asLong()).isEqualTo(4);
        assertThat(all.path("groups")).hasSize(2);
        assertThat(all.path("store").isNull()).isTrue();
        JsonNode a = ok(WEEK + "&groupBy=carrier&store=" + storeA, TestTokens.operator());
        assertThat(a.path("total").path("shipments").asLong()).isEqualTo(3);
        assertThat(a.path("groups")).extracting(group -> group.path("carrier").asString()).containsExactly("servientrega");
    }

    @Test
    void badInputIsAProblemThatSaysWhatToChange() {
        String owner = TestTokens.owner(storeA);
        assertProblem(get("/api/analytics/kpis?from=2025-03-23&to=2025-03-17&groupBy=carrier", owner), "must not be before");
        assertProblem(get("/api/analytics/kpis?from=2023-01-01&to=2025-03-17&groupBy=carrier", owner), "At most 2 years");
        assertProblem(get(WEEK + "&groupBy=week", owner), "carrier, route, store or day");
        assertProblem(get("/api/analytics/kpis?from=17-03-2025&to=2025-03-17&groupBy=carrier", owner), "YYYY-MM-DD");
        assertProblem(get(WEEK + "&groupBy=carrier&origin=Bogota", owner), "DANE department code");
        assertProblem(get(WEEK + "&groupBy=carrier&store=not-a-store", TestTokens.operator()), "store id");
        assertProblem(get(WEEK, owner), "groupBy");
        // Two years exactly are fine.
        assertThat(get("/api/analytics/kpis?from=2023-03-17&to=2025-03-17&groupBy=carrier", owner).status()).isEqualTo(200);
    }

    private static void assertProblem(Http.Response response, String detail) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().path("detail").asString()).contains(detail);
    }

    @Test
    void otherPartsReadTypedRowsGroupedByAnyDimensions() {
        List<KpiRow> rows = queries.kpis(KpiQuery.of(LocalDate.parse("2025-03-17"), LocalDate.parse("2025-03-23"), GroupBy.STORE,
                GroupBy.CARRIER, GroupBy.ROUTE));
        assertThat(rows).hasSize(3);
        Map<String, Long> shipments = new java.util.TreeMap<>();
        for (KpiRow row : rows) {
            assertThat(row.storeId()).isNotNull();
            assertThat(row.day()).isNull();
            shipments.put(row.storeId().equals(storeA) ? "A " + row.carrier() + " " + row.originDepartment() + "-" + row.destinationDepartment()
                    : "B " + row.carrier() + " " + row.originDepartment() + "-" + row.destinationDepartment(), row.shipments());
        }
        assertThat(shipments).containsExactlyEntriesOf(new java.util.TreeMap<>(Map.of(
                "A servientrega 11-05", 2L, "A servientrega 11-76", 1L, "B coordinadora 11-08", 1L)));
        KpiRow onlyB = queries.kpis(KpiQuery.of(LocalDate.parse("2025-03-17"), LocalDate.parse("2025-03-23")).forStore(storeB)).get(0);
        assertThat(onlyB.shipments()).isEqualTo(1);
        assertThat(onlyB.transitHistogram().get(1)).isEqualTo(1L);
        assertThat(onlyB.firstAttemptSuccessRate()).isEqualTo(1.0);
    }
}
