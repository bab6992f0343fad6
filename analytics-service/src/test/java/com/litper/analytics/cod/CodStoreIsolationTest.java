package com.litper.analytics.cod;

import static org.assertj.core.api.Assertions.assertThat;

import com.litper.common.security.Role;
import com.litper.common.testing.TestTokens;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Every COD endpoint shows a store's users their own store only; operators see every store and alone change anything. */
class CodStoreIsolationTest extends CodTestSupport {

    UUID storeA;
    UUID storeB;
    UUID orderA;
    UUID orderB;
    String guideA;
    String guideB;
    String ownerA;

    @BeforeEach
    void twoStores() throws Exception {
        storeA = UUID.randomUUID();
        storeB = UUID.randomUUID();
        guideA = guide("CO");
        guideB = guide("CO");
        orderA = codOrder(storeA, 50_000, "coordinadora", guideA, 10_900, Instant.now().minus(Duration.ofDays(1)));
        orderB = codOrder(storeB, 70_000, "coordinadora", guideB, 10_900, Instant.now().minus(Duration.ofDays(1)));
        delivered(storeA, orderA, "coordinadora", guideA, 50_000L, Instant.now().minus(Duration.ofHours(1)));
        delivered(storeB, orderB, "coordinadora", guideB, 70_000L, Instant.now().minus(Duration.ofHours(1)));
        post();
        ownerA = TestTokens.owner(storeA);
    }

    static String today() {
        return LocalDate.now(CodPosting.BOGOTA).toString();
    }

    @Test
    void orders() {
        assertThat(ok(get("/api/analytics/cod/orders/" + orderA, ownerA)).path("storeId").asString()).isEqualTo(storeA.toString());
        assertProblem(get("/api/analytics/cod/orders/" + orderB, ownerA), 404);
        assertThat(ok(get("/api/analytics/cod/orders/" + orderB, OPERATOR)).path("storeId").asString()).isEqualTo(storeB.toString());
        assertThat(get("/api/analytics/cod/orders/" + orderA, TestTokens.store(storeA, Role.VIEWER)).status()).isEqualTo(200);
    }

    @Test
    void balance() {
        assertThat(ok(get("/api/analytics/cod/balance", ownerA)).path("balance").asLong()).isEqualTo(50_000);
        assertProblem(get("/api/analytics/cod/balance?storeId=" + storeB, ownerA), 403);
        assertThat(ok(get("/api/analytics/cod/balance?storeId=" + storeB, OPERATOR)).path("balance").asLong()).isEqualTo(70_000);
        assertProblem(get("/api/analytics/cod/balance", OPERATOR), 400);
    }

    @Test
    void reconciliation() throws Exception {
        ok(importFile("coordinadora", sample("coordinadora", guideA, guide("CO")), OPERATOR));
        // From yesterday: the deliveries were an hour ago, which is yesterday in Bogotá during its first hour of the day.
        String period = "?from=" + LocalDate.parse(today()).minusDays(1) + "&to=" + today();
        JsonNode own = ok(get("/api/analytics/cod/reconciliation" + period, ownerA));
        assertThat(own.path("guides")).isNotEmpty().allMatch(g -> g.path("storeId").asString().equals(storeA.toString()));
        assertThat(own.path("counts").path("UNKNOWN_GUIDE").asInt()).as("unknown guides belong to no store: operators only").isZero();
        assertProblem(get("/api/analytics/cod/reconciliation" + period + "&storeId=" + storeB, ownerA), 403);
        JsonNode all = ok(get("/api/analytics/cod/reconciliation" + period + "&carrier=coordinadora", OPERATOR));
        assertThat(all.path("guides").valueStream().map(g -> g.path("trackingNumber").asString())).contains(guideA, guideB);
        assertThat(all.path("counts").path("UNKNOWN_GUIDE").asInt()).isPositive();
    }

    @Test
    void aging() {
        JsonNode own = ok(get("/api/analytics/cod/aging", ownerA));
        assertThat(own.path("total").path("amount").asLong()).isEqualTo(50_000);
        assertProblem(get("/api/analytics/cod/aging?storeId=" + storeB, ownerA), 403);
        assertThat(ok(get("/api/analytics/cod/aging?storeId=" + storeB, OPERATOR)).path("total").path("amount").asLong()).isEqualTo(70_000);
        assertThat(ok(get("/api/analytics/cod/aging", OPERATOR)).path("total").path("amount").asLong()).isGreaterThanOrEqualTo(120_000);
    }

    @Test
    void onlyOperatorsImportFilesAndPayStores() throws Exception {
        String file = sample("coordinadora", guideB, guide("CO"));
        assertProblem(importFile("coordinadora", file, ownerA), 403);
        assertProblem(postJson("/api/analytics/cod/payouts", "{\"storeId\": \"" + storeA + "\", \"reference\": \"R1\"}", ownerA), 403);
        assertThat(count("SELECT count(*) FROM analytics.cod_settlement_line WHERE tracking_number = ?", guideB)).isZero();
        assertThat(get("/api/analytics/cod/balance", null).status()).isEqualTo(401);
    }
}
