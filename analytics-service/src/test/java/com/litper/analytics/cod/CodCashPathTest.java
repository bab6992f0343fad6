package com.litper.analytics.cod;

import static org.assertj.core.api.Assertions.assertThat;

import com.litper.common.testing.Http;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The cash of COD orders from the events and the carriers' settlement files to the store's payout:
 * the ledger entries, the balance and its explanation, and what reconciliation flags.
 */
class CodCashPathTest extends CodTestSupport {

    static String today() {
        return LocalDate.now(CodPosting.BOGOTA).toString();
    }

    long entries(UUID order) {
        return count("SELECT count(*) FROM analytics.cod_entry WHERE order_id = ?", order);
    }

    long accountOnOrder(UUID order, String account) {
        return count("""
                SELECT coalesce(sum(l.amount), 0) FROM analytics.cod_entry e JOIN analytics.cod_entry_line l ON l.entry_id = e.id
                WHERE e.order_id = ? AND l.account = ?""", order, account);
    }

    @Test
    void aDeliveredOrdersCashGoesFromTheBuyerThroughTheCarrierToTheStore() throws Exception {
        UUID store = UUID.randomUUID();
        String guide = guide("CO");
        UUID order = codOrder(store, 120_000, "coordinadora", guide, 10_900, Instant.now().minus(Duration.ofDays(2)));
        delivered(store, order, "coordinadora", guide, 120_000L, Instant.now().minus(Duration.ofHours(1)));
        String owner = com.litper.common.testing.TestTokens.owner(store);

        post();

        JsonNode path = ok(get("/api/analytics/cod/orders/" + order, owner));
        assertThat(path.path("amountToCollect").asLong()).isEqualTo(120_000);
        assertThat(path.path("collected").path("amount").asLong()).isEqualTo(120_000);
        assertThat(path.path("remitted").isNull()).isTrue();
        assertThat(ok(get("/api/analytics/cod/balance", owner)).path("balance").asLong()).isEqualTo(120_000);
        JsonNode aging = ok(get("/api/analytics/cod/aging", owner));
        assertThat(aging.path("carriers").get(0).path("carrier").asString()).isEqualTo("coordinadora");
        assertThat(aging.path("carriers").get(0).path("buckets").path("0-7").path("amount").asLong()).isEqualTo(120_000);
        assertThat(aging.path("total").path("guides").asInt()).isEqualTo(1);

        // The carrier's file: this guide (120,000 - 10,900 freight - 3,600 commission = 105,500) and one nobody knows.
        String unknown = guide("CO");
        JsonNode imported = ok(importFile("coordinadora", sample("coordinadora", guide, unknown), OPERATOR));
        assertThat(imported.path("newLines").asInt()).isEqualTo(2);
        assertThat(imported.path("postedGuides").asInt()).isEqualTo(1);
        assertThat(imported.path("unknownGuides").get(0).asString()).isEqualTo(unknown);

        path = ok(get("/api/analytics/cod/orders/" + order, owner));
        assertThat(path.path("remitted").path("amount").asLong()).isEqualTo(105_500);
        assertThat(path.path("deductions").path("freight").asLong()).isEqualTo(10_900);
        assertThat(path.path("deductions").path("codCommission").asLong()).isEqualTo(3_600);
        assertThat(path.path("deductions").path("returnFreight").asLong()).isZero();
        assertThat(path.path("netToStore").asLong()).isEqualTo(105_500);
        assertThat(path.path("flags").isEmpty()).isTrue();
        List<String> kinds = new ArrayList<>();
        path.path("entries").forEach(e -> kinds.add(e.path("kind").asString()));
        assertThat(kinds).containsExactly("COLLECTED", "REMITTED", "FREIGHT", "COD_COMMISSION");
        // The carrier owes nothing more for this guide; the cash came in.
        assertThat(accountOnOrder(order, "carrier_receivable:coordinadora")).isZero();
        assertThat(accountOnOrder(order, "cash")).isEqualTo(105_500);
        assertThat(accountOnOrder(order, "freight_expense")).isZero();
        assertThat(ok(get("/api/analytics/cod/aging", owner)).path("total").path("guides").asInt()).isZero();

        JsonNode balance = ok(get("/api/analytics/cod/balance", owner));
        assertThat(balance.path("balance").asLong()).isEqualTo(105_500);
        assertThat(balance.path("byKind").path("COLLECTED").asLong()).isEqualTo(120_000);
        assertThat(balance.path("byKind").path("FREIGHT").asLong()).isEqualTo(-10_900);
        assertThat(balance.path("byKind").path("COD_COMMISSION").asLong()).isEqualTo(-3_600);

        String reference = "TRF-" + UUID.randomUUID();
        String payout = "{\"storeId\": \"" + store + "\", \"reference\": \"" + reference + "\"}";
        Http.Response paid = postJson("/api/analytics/cod/payouts", payout, OPERATOR);
        assertThat(paid.status()).as(paid.body()).isEqualTo(201);
        assertThat(paid.json().path("amount").asLong()).isEqualTo(105_500);
        assertThat(paid.json().path("orders").get(0).asString()).isEqualTo(order.toString());
        Http.Response again = postJson("/api/analytics/cod/payouts", payout, OPERATOR);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().path("payoutId").asString()).isEqualTo(paid.json().path("payoutId").asString());
        assertProblem(postJson("/api/analytics/cod/payouts", "{\"storeId\": \"" + store + "\", \"reference\": \"TRF-other\"}", OPERATOR), 409);

        assertThat(ok(get("/api/analytics/cod/balance", owner)).path("balance").asLong()).isZero();
        assertThat(ok(get("/api/analytics/cod/orders/" + order, owner)).path("payout").path("amount").asLong()).isEqualTo(105_500);

        // Another pass over the same events and the same file again: nothing new.
        long before = entries(order);
        post();
        assertThat(importFile("coordinadora", sample("coordinadora", guide, unknown), OPERATOR).json().path("fileAlreadyImported").asBoolean())
                .isTrue();
        job.runOnce();
        assertThat(entries(order)).isEqualTo(before);
    }

    @Test
    void aRefusedOrdersReturnFreightTakesTheStoresBalanceBelowZeroAndSaysWhy() throws Exception {
        UUID store = UUID.randomUUID();
        String guide = guide("SV");
        UUID order = codOrder(store, 80_000, "servientrega", guide, 11_500, Instant.now().minus(Duration.ofDays(3)));
        returned(store, order, "servientrega", guide, Instant.now().minus(Duration.ofHours(5)));
        String owner = com.litper.common.testing.TestTokens.owner(store);
        post();
        assertThat(ok(get("/api/analytics/cod/balance", owner)).path("balance").asLong()).isZero();
        assertThat(ok(get("/api/analytics/cod/orders/" + order, owner)).path("returned").path("at").asString()).isNotBlank();

        // servientrega's file: freight 11,500 and return freight 11,500 kept, nothing collected: -23,000.
        ok(importFile("servientrega", sample("servientrega", guide("SV"), guide), OPERATOR));

        JsonNode balance = ok(get("/api/analytics/cod/balance", owner));
        assertThat(balance.path("balance").asLong()).isEqualTo(-23_000);
        assertThat(balance.path("byKind").path("RETURN_FREIGHT").asLong()).isEqualTo(-11_500);
        List<String> why = new ArrayList<>();
        balance.path("negativeBecause").forEach(e -> {
            assertThat(e.path("orderId").asString()).isEqualTo(order.toString());
            why.add(e.path("kind").asString() + " " + e.path("amount").asLong());
        });
        assertThat(why).containsExactlyInAnyOrder("RETURN_FREIGHT -11500", "FREIGHT -11500");
        JsonNode returnFreight = List.of(balance.path("negativeBecause").values().toArray(JsonNode[]::new)).stream()
                .filter(e -> e.path("kind").asString().equals("RETURN_FREIGHT")).findFirst().orElseThrow();
        assertThat(returnFreight.path("description").asString()).contains(guide).contains("return freight").contains("refused or returned");

        JsonNode path = ok(get("/api/analytics/cod/orders/" + order, owner));
        assertThat(path.path("netToStore").asLong()).isEqualTo(-23_000);
        assertThat(path.path("deductions").path("returnFreight").asLong()).isEqualTo(11_500);
        assertThat(path.path("flags").isEmpty()).isTrue();
        // A payout needs a positive sum of settled orders: this store has none.
        assertProblem(postJson("/api/analytics/cod/payouts", "{\"storeId\": \"" + store + "\", \"reference\": \"TRF-1\"}", OPERATOR), 409);
    }

    @Test
    void aShortRemittanceIsFlaggedWithTheShortfallAndTheCarrierStillOwesIt() throws Exception {
        UUID store = UUID.randomUUID();
        String guide = guide("IR");
        UUID order = codOrder(store, 120_000, "interrapidisimo", guide, 9_800, Instant.now().minus(Duration.ofDays(2)));
        delivered(store, order, "interrapidisimo", guide, 120_000L, Instant.now().minus(Duration.ofMinutes(30)));
        post();
        // 100,000 remitted instead of 107,800: 7,800 short.
        String file = sample("interrapidisimo", guide, guide("IR")).replace("|" + guide + "|107800|", "|" + guide + "|100000|");
        ok(importFile("interrapidisimo", file, OPERATOR));

        JsonNode reconciliation = ok(get("/api/analytics/cod/reconciliation?from=" + LocalDate.parse(today()).minusDays(1) + "&to=" + today() + "&flag=SHORT",
                com.litper.common.testing.TestTokens.owner(store)));
        assertThat(reconciliation.path("guides")).hasSize(1);
        JsonNode row = reconciliation.path("guides").get(0);
        assertThat(row.path("trackingNumber").asString()).isEqualTo(guide);
        assertThat(row.path("flags").get(0).asString()).isEqualTo("SHORT");
        assertThat(row.path("collected").asLong()).isEqualTo(120_000);
        assertThat(row.path("remitted").asLong()).isEqualTo(100_000);
        assertThat(row.path("deductions").asLong()).isEqualTo(12_200);
        assertThat(row.path("difference").asLong()).isEqualTo(-7_800);
        assertThat(reconciliation.path("counts").path("SHORT").asInt()).isEqualTo(1);
        assertThat(accountOnOrder(order, "carrier_receivable:interrapidisimo")).isEqualTo(7_800);
    }

    @Test
    void theSameFileImportedAgainChangesNothingAndAGuidePaidTwiceIsFlaggedAndPostedOnce() throws Exception {
        UUID store = UUID.randomUUID();
        String guide = guide("EN");
        UUID order = codOrder(store, 120_000, "envia", guide, 10_200, Instant.now().minus(Duration.ofDays(2)));
        delivered(store, order, "envia", guide, 120_000L, Instant.now().minus(Duration.ofMinutes(20)));
        post();
        String file = sample("envia", guide, guide("EN"));
        String deliveredLine = file.lines().filter(l -> l.startsWith(guide)).findFirst().orElseThrow();
        String twice = file + deliveredLine + "\n";

        Http.Response first = importFile("envia", twice, OPERATOR);
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        assertThat(first.json().path("newLines").asInt()).isEqualTo(3);
        long lines = count("SELECT count(*) FROM analytics.cod_settlement_line");
        long allEntries = count("SELECT count(*) FROM analytics.cod_entry");
        long orderEntries = entries(order);

        Http.Response again = importFile("envia", twice, OPERATOR);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().path("fileAlreadyImported").asBoolean()).isTrue();
        assertThat(again.json().path("fileId").asString()).isEqualTo(first.json().path("fileId").asString());
        assertThat(count("SELECT count(*) FROM analytics.cod_settlement_line")).isEqualTo(lines);
        assertThat(count("SELECT count(*) FROM analytics.cod_entry")).isEqualTo(allEntries);

        // A later file repeating those lines with one more: only the new line is new.
        String later = twice + "EN" + guide.substring(2, 5) + "000001\t27-11-2026\tENTREGADO\t50000\t10200\t1400\t0\t38400\n";
        Http.Response third = importFile("envia", later, OPERATOR);
        assertThat(third.status()).isEqualTo(201);
        assertThat(third.json().path("newLines").asInt()).isEqualTo(1);
        assertThat(entries(order)).isEqualTo(orderEntries);
        assertThat(count("SELECT count(*) FROM analytics.cod_entry WHERE order_id = ? AND kind = 'REMITTED'", order)).isEqualTo(1);

        JsonNode row = ok(get("/api/analytics/cod/orders/" + order, com.litper.common.testing.TestTokens.owner(store)));
        assertThat(row.path("flags").get(0).asString()).isEqualTo("DUPLICATE");
        assertThat(row.path("settlementLines")).hasSize(2);
        assertThat(row.path("settlementLines").get(0).path("posted").asBoolean()).isTrue();
        assertThat(row.path("settlementLines").get(1).path("posted").asBoolean()).isFalse();
        assertThat(row.path("netToStore").asLong()).isEqualTo(120_000 - 10_200 - 3_360);
    }

    @Test
    void cashNotRemittedForDaysIsMissingAndAgesIntoItsBucket() {
        UUID store = UUID.randomUUID();
        String guide = guide("TCC");
        Instant deliveredAt = Instant.now().minus(Duration.ofDays(10));
        UUID order = codOrder(store, 65_000, "tcc", guide, 12_300, deliveredAt.minus(Duration.ofDays(2)));
        delivered(store, order, "tcc", guide, 65_000L, deliveredAt);
        String recent = guide("TCC");
        UUID fresh = codOrder(store, 30_000, "tcc", recent, 12_300, Instant.now().minus(Duration.ofDays(1)));
        delivered(store, fresh, "tcc", recent, 30_000L, Instant.now().minus(Duration.ofHours(2)));
        post();
        String owner = com.litper.common.testing.TestTokens.owner(store);
        LocalDate from = LocalDate.now(CodPosting.BOGOTA).minusDays(12);

        JsonNode missing = ok(get("/api/analytics/cod/reconciliation?from=" + from + "&to=" + today() + "&flag=MISSING", owner));
        assertThat(missing.path("guides")).hasSize(1);
        assertThat(missing.path("guides").get(0).path("trackingNumber").asString()).isEqualTo(guide);
        assertThat(missing.path("guides").get(0).path("difference").asLong()).isEqualTo(-65_000);
        // Delivered two hours ago: not missing yet.
        JsonNode all = ok(get("/api/analytics/cod/reconciliation?from=" + from + "&to=" + today(), owner));
        assertThat(all.path("guides")).hasSize(2);

        JsonNode aging = ok(get("/api/analytics/cod/aging", owner));
        JsonNode tcc = aging.path("carriers").get(0);
        assertThat(tcc.path("buckets").path("8-15").path("amount").asLong()).isEqualTo(65_000);
        assertThat(tcc.path("buckets").path("0-7").path("amount").asLong()).isEqualTo(30_000);
        assertThat(tcc.path("buckets").path(">30").path("guides").asInt()).isZero();
        assertThat(aging.path("total").path("amount").asLong()).isEqualTo(95_000);
    }

    @Test
    void aCorrectedCollectionIsANewEntryNotAnEdit() {
        UUID store = UUID.randomUUID();
        String guide = guide("CO");
        UUID order = codOrder(store, 70_000, "coordinadora", guide, 10_900, Instant.now().minus(Duration.ofDays(1)));
        delivered(store, order, "coordinadora", guide, 70_000L, Instant.now().minus(Duration.ofHours(3)));
        post();
        delivered(store, order, "coordinadora", guide, 65_000L, Instant.now().minus(Duration.ofHours(2)));
        post();

        JsonNode path = ok(get("/api/analytics/cod/orders/" + order, com.litper.common.testing.TestTokens.owner(store)));
        assertThat(path.path("collected").path("amount").asLong()).isEqualTo(65_000);
        assertThat(path.path("entries")).hasSize(2);
        assertThat(path.path("entries").get(0).path("amount").asLong()).isEqualTo(70_000);
        assertThat(path.path("entries").get(1).path("amount").asLong()).isEqualTo(-5_000);
        assertThat(path.path("entries").get(1).path("description").asString()).contains("corrected").contains("70,000").contains("65,000");
        assertThat(path.path("netToStore").asLong()).isEqualTo(65_000);
    }

    @Test
    void everyCarriersFileIsReadAndPosted() throws Exception {
        for (String carrier : List.of("servientrega", "coordinadora", "interrapidisimo", "envia", "tcc")) {
            UUID store = UUID.randomUUID();
            String prefix = carrier.equals("tcc") ? "TCC" : carrier.substring(0, 2).toUpperCase();
            String deliveredGuide = guide(prefix);
            String returnedGuide = guide(prefix);
            UUID delivered = codOrder(store, 120_000, carrier, deliveredGuide, 10_000, Instant.now().minus(Duration.ofDays(2)));
            delivered(store, delivered, carrier, deliveredGuide, 120_000L, Instant.now().minus(Duration.ofHours(1)));
            UUID refused = codOrder(store, 90_000, carrier, returnedGuide, 10_000, Instant.now().minus(Duration.ofDays(2)));
            returned(store, refused, carrier, returnedGuide, Instant.now().minus(Duration.ofHours(1)));
            post();

            JsonNode imported = ok(importFile(carrier, sample(carrier, deliveredGuide, returnedGuide), OPERATOR));
            assertThat(imported.path("postedGuides").asInt()).as(carrier).isEqualTo(2);
            JsonNode deliveredPath = ok(get("/api/analytics/cod/orders/" + delivered, OPERATOR));
            JsonNode refusedPath = ok(get("/api/analytics/cod/orders/" + refused, OPERATOR));
            long remitted = deliveredPath.path("remitted").path("amount").asLong();
            long deductions = deliveredPath.path("deductions").path("freight").asLong() + deliveredPath.path("deductions").path("codCommission").asLong();
            assertThat(remitted + deductions).as(carrier).isEqualTo(120_000);
            assertThat(deliveredPath.path("flags").isEmpty()).as(carrier).isTrue();
            assertThat(refusedPath.path("netToStore").asLong()).as(carrier)
                    .isEqualTo(-2 * refusedPath.path("deductions").path("returnFreight").asLong()).isNegative();
            assertThat(accountOnOrder(delivered, "carrier_receivable:" + carrier)).as(carrier).isZero();
        }
    }

    @Test
    void aBadFileIsAProblemNamingItsLinesAndNothingIsImported() {
        String guide = guide("CO");
        String file = "guia,fecha,recaudo,flete,comision,flete_devolucion,neto_girado\n"
                + guide + ",2026-11-27,120000,10900,3600,0,105500\n"
                + guide("CO") + ",27/11/2026,120000,10900,3600,0,105500\n";
        long lines = count("SELECT count(*) FROM analytics.cod_settlement_line WHERE tracking_number = ?", guide);
        Http.Response refused = importFile("coordinadora", file, OPERATOR);
        assertProblem(refused, 400);
        assertThat(refused.json().path("title").asString()).isEqualTo("Invalid settlement file");
        assertThat(refused.json().path("errors").get(0).path("line").asInt()).isEqualTo(3);
        assertThat(refused.json().path("errors").get(0).path("message").asString()).contains("yyyy-MM-dd");
        assertThat(count("SELECT count(*) FROM analytics.cod_settlement_line WHERE tracking_number = ?", guide)).isEqualTo(lines);

        Http.Response otherFormat = importFile("servientrega", file, OPERATOR);
        assertProblem(otherFormat, 400);
        assertThat(otherFormat.json().path("errors").get(0).path("message").asString()).isEqualTo("missing column 'NUMERO_GUIA'");
        Http.Response unknownCarrier = importFile("deprisa", file, OPERATOR);
        assertProblem(unknownCarrier, 400);
        assertThat(unknownCarrier.json().path("detail").asString()).contains("deprisa").contains("servientrega");
        assertProblem(get("/api/analytics/cod/reconciliation?from=2026-11-27&to=2026-11-01", OPERATOR), 400);
        assertProblem(get("/api/analytics/cod/reconciliation?from=2026-11-27&to=2026-11-28&flag=LOST", OPERATOR), 400);
    }

    @Test
    void aFileUploadedAsAFormIsImportedLikeABody() throws Exception {
        UUID store = UUID.randomUUID();
        String guide = guide("SV");
        UUID order = codOrder(store, 120_000, "servientrega", guide, 11_500, Instant.now().minus(Duration.ofDays(2)));
        delivered(store, order, "servientrega", guide, null, Instant.now().minus(Duration.ofHours(1)));
        post();
        String boundary = "litper-" + UUID.randomUUID();
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"carrier\"\r\n\r\nservientrega\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"liquidacion.csv\"\r\n"
                + "Content-Type: text/csv\r\n\r\n" + sample("servientrega", guide, guide("SV")) + "\r\n--" + boundary + "--\r\n";
        Http.Response response = http().send(java.net.http.HttpRequest.newBuilder(http().uri("/api/analytics/cod/settlements"))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)), java.util.Map.of("Content-Type",
                "multipart/form-data; boundary=" + boundary, "Authorization", "Bearer " + OPERATOR));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        assertThat(count("SELECT count(*) FROM analytics.cod_settlement_file WHERE id = ?::uuid AND file_name = 'liquidacion.csv'",
                response.json().path("fileId").asString())).isEqualTo(1);
        // The carrier reported no amount at delivery: the order's amount is taken as collected.
        JsonNode path = ok(get("/api/analytics/cod/orders/" + order, OPERATOR));
        assertThat(path.path("collected").path("amount").asLong()).isEqualTo(120_000);
        assertThat(path.path("netToStore").asLong()).isEqualTo(105_500);
    }

    @Test
    void anEventCommittedLateWithinTheOverlapIsStillPosted() {
        UUID store = UUID.randomUUID();
        String guide = guide("CO");
        UUID prepaid = UUID.randomUUID();
        event("order:" + prepaid, "ORDER_PLACED", store, prepaid, Instant.now(), null, null, null, 0L, null, null);
        post();
        // recorded_at is taken before commit: a transaction that commits after the job's pass leaves a row behind its watermark.
        UUID order = codOrder(store, 45_000, "coordinadora", guide, 10_900, Instant.now().minus(Duration.ofDays(1)));
        delivered(store, order, "coordinadora", guide, 45_000L, Instant.now().minus(Duration.ofHours(1)));
        jdbc.sql("UPDATE analytics.event SET recorded_at = now() - interval '3 minutes' WHERE order_id = ?").param(1, order).update();
        assertThat(count("""
                SELECT count(*) FROM analytics.job_watermark w, analytics.event e
                WHERE w.job = 'cod-posting' AND e.order_id = ? AND e.recorded_at < w.watermark""", order))
                .as("the late rows are behind the watermark").isEqualTo(3);
        post();
        assertThat(count("SELECT count(*) FROM analytics.cod_entry WHERE order_id = ? AND kind = 'COLLECTED'", order)).isEqualTo(1);
    }
}
