package com.litper.analytics.cod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.litper.analytics.report.ReportsTest;
import com.litper.common.testing.Http;
import com.litper.common.testing.TestTokens;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The COD_RECONCILIATION report end to end on a hand-made cash history: COD events posted by the
 * posting job, a carrier's settlement file imported, a payout made; then the report requested, built
 * by a generate_report task through the real queue, downloaded from its signed link and read back
 * (CSV by hand, XLSX with POI) with the values the history implies, for its own store only.
 */
class CodReconciliationReportTest extends CodTestSupport {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final ZoneId BOGOTA = ZoneId.of("America/Bogota");

    private final Instant now = Instant.now();
    private final LocalDate from = LocalDate.now(BOGOTA).minusDays(25);
    private final LocalDate to = LocalDate.now(BOGOTA).minusDays(10);

    private UUID store;
    private UUID otherStore;
    private UUID delivered;
    private UUID returned;
    private UUID shortPaid;
    private UUID missing;
    private String deliveredGuide;
    private String returnedGuide;
    private String shortGuide;
    private String missingGuide;
    private String laterGuide;
    private String otherStoresGuide;

    @BeforeEach
    void history() {
        store = UUID.randomUUID();
        otherStore = UUID.randomUUID();
        deliveredGuide = guide("CO");
        returnedGuide = guide("CO");
        shortGuide = guide("CO");
        missingGuide = guide("CO");
        laterGuide = guide("CO");
        otherStoresGuide = guide("CO");

        delivered = codOrder(store, 100_000, "coordinadora", deliveredGuide, 10_900, days(22));
        delivered(store, delivered, "coordinadora", deliveredGuide, 100_000L, days(20));
        returned = codOrder(store, 80_000, "coordinadora", returnedGuide, 10_900, days(22));
        returned(store, returned, "coordinadora", returnedGuide, days(19));
        shortPaid = codOrder(store, 60_000, "coordinadora", shortGuide, 10_900, days(21));
        delivered(store, shortPaid, "coordinadora", shortGuide, 60_000L, days(18));
        missing = codOrder(store, 50_000, "coordinadora", missingGuide, 10_900, days(17));
        delivered(store, missing, "coordinadora", missingGuide, 50_000L, days(15));
        // After the period: not in the report.
        UUID later = codOrder(store, 40_000, "coordinadora", laterGuide, 10_900, days(3));
        delivered(store, later, "coordinadora", laterGuide, 40_000L, days(2));
        // Another store's guide in the same file and period.
        UUID others = codOrder(otherStore, 70_000, "coordinadora", otherStoresGuide, 10_900, days(20));
        delivered(otherStore, others, "coordinadora", otherStoresGuide, 70_000L, days(18));
        post();

        String settled = LocalDate.now(BOGOTA).minusDays(12).toString();
        String file = "guia,fecha,recaudo,flete,comision,flete_devolucion,neto_girado\n"
                + deliveredGuide + "," + settled + ",100000,10900,3600,0,85500\n"
                // The same guide again with other figures: recorded, not posted, flagged DUPLICATE.
                + deliveredGuide + "," + settled + ",100000,10900,3600,0,80000\n"
                + returnedGuide + "," + settled + ",0,10900,0,10900,-21800\n"
                // 40,000 + 10,900 + 2,000 = 52,900 of 60,000 collected: SHORT by 7,100.
                + shortGuide + "," + settled + ",60000,10900,2000,0,40000\n"
                + otherStoresGuide + "," + settled + ",70000,10900,2500,0,56600\n";
        JsonNode imported = ok(importFile("coordinadora", file, OPERATOR));
        assertThat(imported.path("newLines").asInt()).isEqualTo(5);
        post();

        // Pays the settled orders: 85,500 - 21,800 + (60,000 - 10,900 - 2,000) = 110,800; the missing one waits.
        JsonNode payout = ok(postJson("/api/analytics/cod/payouts", "{\"storeId\": \"" + store + "\", \"reference\": \"TRF-REP-1\"}",
                OPERATOR));
        assertThat(payout.path("amount").asLong()).isEqualTo(110_800);
    }

    private Instant days(int ago) {
        return now.minus(Duration.ofDays(ago));
    }

    @Test
    void theCsvHasOneRowPerCodGuideOfThePeriodWithItsCashAndATotal() {
        HttpResponse<byte[]> file = generateAndDownload(store, "CSV");
        assertThat(file.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
        assertThat(file.headers().firstValue("Content-Disposition")).hasValueSatisfying(d -> assertThat(d)
                .contains("litper-contraentrega-" + from + "-a-" + to + ".csv"));
        String text = new String(file.body(), StandardCharsets.UTF_8);
        assertThat(text).startsWith("\uFEFF");
        List<List<String>> rows = ReportsTest.parseCsv(text.substring(1));
        assertThat(rows.get(0)).containsExactly("Pedido", "Guía", "Transportadora", "Entregado", "Devuelto", "Valor a recaudar (COP)",
                "Recaudado (COP)", "Girado por la transportadora (COP)", "Flete (COP)", "Comisión de recaudo (COP)",
                "Flete de devolución (COP)", "Neto para la tienda (COP)", "Pagado a la tienda (COP)", "Referencia del pago",
                "Fecha del pago", "Alertas");
        assertThat(rows).hasSize(6); // header, four guides, total: not the later guide, not the other store's
        String paidAt = rows.get(1).get(14);
        assertThat(paidAt).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}");
        assertThat(rows.get(1)).containsExactly(delivered.toString(), deliveredGuide, "coordinadora", bogota(days(20)), "", "100000",
                "100000", "85500", "10900", "3600", "0", "85500", "85500", "TRF-REP-1", paidAt, "Guía repetida en la liquidación");
        assertThat(rows.get(2)).containsExactly(returned.toString(), returnedGuide, "coordinadora", "", bogota(days(19)), "80000", "0",
                "-21800", "10900", "0", "10900", "-21800", "-21800", "TRF-REP-1", paidAt, "");
        assertThat(rows.get(3)).containsExactly(shortPaid.toString(), shortGuide, "coordinadora", bogota(days(18)), "", "60000", "60000",
                "40000", "10900", "2000", "0", "47100", "47100", "TRF-REP-1", paidAt, "Giro incompleto");
        assertThat(rows.get(4)).containsExactly(missing.toString(), missingGuide, "coordinadora", bogota(days(15)), "", "50000", "50000",
                "", "", "", "", "50000", "", "", "", "Sin liquidar");
        assertThat(rows.get(5)).containsExactly("Total", "4 guías", "", "", "", "290000", "210000", "103700", "32700", "5600", "10900",
                "160800", "110800", "", "", "");
        assertThat(text).doesNotContain(laterGuide, otherStoresGuide);
    }

    @Test
    void theXlsxHasTheSameRowsAsTypedCells() throws Exception {
        HttpResponse<byte[]> file = generateAndDownload(store, "XLSX");
        assertThat(file.headers().firstValue("Content-Type"))
                .hasValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(file.body()))) {
            Sheet sheet = workbook.getSheet("Contraentrega");
            assertThat(sheet.getLastRowNum()).isEqualTo(5);
            assertThat(sheet.getRow(0).getCell(11).getStringCellValue()).isEqualTo("Neto para la tienda (COP)");
            Row first = sheet.getRow(1);
            assertThat(first.getCell(1).getStringCellValue()).isEqualTo(deliveredGuide);
            assertThat(first.getCell(3).getLocalDateTimeCellValue())
                    .isCloseTo(LocalDateTime.ofInstant(days(20), BOGOTA), within(1, ChronoUnit.SECONDS));
            assertThat(first.getCell(7).getCellType()).isEqualTo(CellType.NUMERIC);
            assertThat(first.getCell(7).getNumericCellValue()).isEqualTo(85_500d);
            assertThat(first.getCell(13).getStringCellValue()).isEqualTo("TRF-REP-1");
            Row returnedRow = sheet.getRow(2);
            assertThat(returnedRow.getCell(3)).as("not delivered: an empty cell").isNull();
            assertThat(returnedRow.getCell(11).getNumericCellValue()).isEqualTo(-21_800d);
            Row missingRow = sheet.getRow(4);
            assertThat(missingRow.getCell(7)).as("no settlement line: an empty cell, not 0").isNull();
            assertThat(missingRow.getCell(15).getStringCellValue()).isEqualTo("Sin liquidar");
            Row total = sheet.getRow(5);
            assertThat(total.getCell(0).getStringCellValue()).isEqualTo("Total");
            assertThat(total.getCell(11).getNumericCellValue()).isEqualTo(160_800d);
            assertThat(total.getCell(12).getNumericCellValue()).isEqualTo(110_800d);
        }
    }

    @Test
    void aStoreGetsOnlyItsOwnGuides() {
        List<List<String>> rows = ReportsTest.parseCsv(new String(generateAndDownload(otherStore, "CSV").body(), StandardCharsets.UTF_8).substring(1));
        assertThat(rows).hasSize(3);
        assertThat(rows.get(1).get(1)).isEqualTo(otherStoresGuide);
        // 70,000 - 10,900 - 2,500; not paid out.
        assertThat(rows.get(1).subList(5, 14)).containsExactly("70000", "70000", "56600", "10900", "2500", "0", "56600", "", "");
        assertThat(rows.get(2).subList(0, 2)).containsExactly("Total", "1 guía");

        // A store's user cannot ask for another store's report.
        Http.Response refused = postReport(TestTokens.owner(otherStore), "{\"kind\":\"COD_RECONCILIATION\",\"format\":\"CSV\",\"from\":\""
                + from + "\",\"to\":\"" + to + "\",\"storeId\":\"" + store + "\"}");
        assertProblem(refused, 403);
    }

    @Test
    void theKindIsValidatedLikeTheOthers() {
        Http.Response html = postReport(TestTokens.owner(store), "{\"kind\":\"cod_reconciliation\",\"format\":\"HTML\",\"from\":\""
                + from + "\",\"to\":\"" + to + "\"}");
        assertProblem(html, 400);
        assertThat(html.json().path("errors").get(0).path("field").asString()).isEqualTo("format");
        assertThat(html.json().path("errors").get(0).path("message").asString())
                .isEqualTo("COD_RECONCILIATION reports are built as [CSV, XLSX], not HTML");
        Http.Response unknown = postReport(TestTokens.owner(store), "{\"kind\":\"COD\",\"format\":\"CSV\",\"from\":\"" + from
                + "\",\"to\":\"" + to + "\"}");
        assertProblem(unknown, 400);
        assertThat(unknown.json().path("errors").get(0).path("message").asString()).contains("COD_RECONCILIATION");
    }

    private static String bogota(Instant at) {
        return MINUTES.format(LocalDateTime.ofInstant(at, BOGOTA));
    }

    private Http.Response postReport(String token, String json) {
        return http().send(HttpRequest.newBuilder(http().uri("/api/analytics/reports")).POST(HttpRequest.BodyPublishers.ofString(json)),
                Map.of("Content-Type", "application/json", "Authorization", "Bearer " + token));
    }

    /** Requests the report as the store's owner, waits until the worker built it and downloads it through its link. */
    private HttpResponse<byte[]> generateAndDownload(UUID forStore, String format) {
        String token = TestTokens.owner(forStore);
        Http.Response accepted = postReport(token, "{\"kind\":\"COD_RECONCILIATION\",\"format\":\"" + format + "\",\"from\":\"" + from
                + "\",\"to\":\"" + to + "\"}");
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        String id = accepted.json().path("id").asString();
        JsonNode[] status = new JsonNode[1];
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            status[0] = ok(get("/api/analytics/reports/" + id, token));
            return !"REQUESTED".equals(status[0].path("status").asString());
        });
        assertThat(status[0].path("status").asString()).as(status[0].toString()).isEqualTo("READY");
        try {
            HttpResponse<byte[]> file = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + status[0].path("download").path("url").asString())).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(file.statusCode()).isEqualTo(200);
            return file;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
