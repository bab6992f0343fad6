package com.litper.analytics.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.litper.common.testing.Http;
import com.litper.common.testing.TestTokens;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Reports end to end: a request becomes a generate_report task on the real queue, the worker builds
 * the file, the status turns READY with a signed link, and the file read back (CSV by hand, XLSX
 * with POI, the HTML's charts as images) shows the facts and rollups the test inserted.
 */
public class ReportsTest extends ReportTestSupport {

    private static final LocalDate FROM = LocalDate.parse("2026-10-05");
    private static final LocalDate TO = LocalDate.parse("2026-10-18");

    private UUID store;
    private UUID otherStore;
    private UUID firstOrder;

    @BeforeEach
    void data() {
        store = UUID.randomUUID();
        otherStore = UUID.randomUUID();
        firstOrder = UUID.randomUUID();
        // Orders: one delivered on time with cash on delivery, one with a novedad, one returned; and one outside the period.
        fact(store, firstOrder, FROM, "coordinadora", "CO1001", "DELIVERED", 150_000, 12_000L, Instant.parse("2026-10-05T14:30:00Z"),
                Instant.parse("2026-10-07T20:00:00Z"), LocalDate.parse("2026-10-08"), 0, null, 2, true);
        fact(store, UUID.randomUUID(), FROM.plusDays(1), "servientrega", "SV,2002", "EXCEPTION", 0, 9_500L,
                Instant.parse("2026-10-06T15:00:00Z"), null, LocalDate.parse("2026-10-09"), 1, "WRONG_ADDRESS", null, null);
        fact(store, UUID.randomUUID(), FROM.plusDays(7), "coordinadora", "CO1003", "RETURNED", 80_000, null,
                Instant.parse("2026-10-12T16:00:00Z"), null, null, 2, "REFUSED", null, null);
        fact(store, UUID.randomUUID(), TO.plusDays(1), "coordinadora", "CO1004", "CREATED", 0, null, Instant.parse("2026-10-19T16:00:00Z"),
                null, null, 0, null, null, null);
        fact(otherStore, UUID.randomUUID(), FROM, "tcc", "TC9999", "CREATED", 0, null, Instant.parse("2026-10-05T16:00:00Z"), null, null,
                0, null, null, null);

        rollup(store, FROM, "coordinadora", "11", "05", 10, 8, 1, 8, 6, 9, 7, 2, "{\"BUYER_ABSENT\": 1, \"WRONG_ADDRESS\": 1}",
                new int[] {0, 2, 3, 2, 1}, 120_000, 10, 4, 600_000);
        rollup(store, FROM.plusDays(7), "coordinadora", "11", "76", 5, 4, 0, 4, 4, 4, 4, 0, "{}", new int[] {0, 0, 4}, 60_000, 5, 2,
                200_000);
        rollup(store, FROM.plusDays(1), "servientrega", "11", "05", 4, 2, 1, 3, 1, 3, 2, 1, "{\"WRONG_ADDRESS\": 1}",
                new int[] {0, 0, 0, 1, 0, 1}, 50_000, 4, 1, 80_000);
        // Outside the period, and another store's: neither may show.
        rollup(store, TO.plusDays(1), "coordinadora", "11", "05", 100, 100, 0, 100, 100, 100, 100, 0, "{}", new int[] {100}, 0, 0, 0, 0);
        rollup(otherStore, FROM, "tcc", "11", "05", 7, 7, 0, 7, 7, 7, 7, 0, "{}", new int[] {7}, 0, 0, 0, 0);
    }

    @Test
    void ordersAsCsvStreamTheStoresFactsOfThePeriod() {
        HttpResponse<byte[]> file = generateAndDownload(store, "ORDERS", "CSV", FROM, TO);
        assertThat(file.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
        assertThat(file.headers().firstValue("Content-Disposition")).hasValueSatisfying(d -> assertThat(d)
                .startsWith("attachment").contains("litper-pedidos-2026-10-05-a-2026-10-18.csv"));
        byte[] bytes = file.body();
        assertThat(new byte[] {bytes[0], bytes[1], bytes[2]}).as("UTF-8 byte order mark").containsExactly(0xEF, 0xBB, 0xBF);
        String text = new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8);
        assertThat(text).contains("\r\n");
        List<List<String>> rows = parseCsv(text);
        assertThat(rows.get(0)).startsWith("Pedido", "Día", "Transportadora", "Guía");
        assertThat(rows).hasSize(4); // header + the three orders of the period, not the later one nor the other store's
        List<String> first = rows.get(1);
        assertThat(first.get(0)).isEqualTo(firstOrder.toString());
        assertThat(first.get(1)).isEqualTo("2026-10-05");
        assertThat(first.get(2)).isEqualTo("coordinadora");
        assertThat(first.get(6)).isEqualTo("Entregado");
        assertThat(first.get(7)).isEqualTo("150000");
        assertThat(first.get(10)).isEqualTo("2026-10-05 09:30"); // placed_at in Bogotá
        assertThat(first.get(19)).isEqualTo("Sí");
        // A field with a comma comes back whole (quoted), accents intact.
        assertThat(rows.get(2).get(3)).isEqualTo("SV,2002");
        assertThat(rows.get(2).get(17)).isEqualTo("Dirección errada");
        assertThat(rows.get(3).get(6)).isEqualTo("Devuelto");
    }

    @Test
    void ordersAsXlsxHaveTypedCellsAndAFrozenHeader() throws Exception {
        HttpResponse<byte[]> file = generateAndDownload(store, "ORDERS", "XLSX", FROM, TO);
        assertThat(file.headers().firstValue("Content-Type"))
                .hasValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(file.body()))) {
            Sheet sheet = workbook.getSheet("Pedidos");
            assertThat(sheet.getPaneInformation().isFreezePane()).isTrue();
            var pane = workbook.getSheet("Pedidos").getCTWorksheet().getSheetViews().getSheetViewArray(0).getPane();
            assertThat(pane.getYSplit()).as("rows frozen").isEqualTo(1d);
            assertThat(pane.getXSplit()).as("columns frozen").isZero();
            assertThat(sheet.getLastRowNum()).isEqualTo(3);
            Row header = sheet.getRow(0);
            assertThat(header.getCell(7).getStringCellValue()).isEqualTo("Contra entrega (COP)");
            Row first = sheet.getRow(1);
            assertThat(first.getCell(0).getStringCellValue()).isEqualTo(firstOrder.toString());
            assertThat(first.getCell(1).getCellType()).isEqualTo(CellType.NUMERIC);
            assertThat(DateUtil.isCellDateFormatted(first.getCell(1))).isTrue();
            assertThat(first.getCell(1).getLocalDateTimeCellValue().toLocalDate()).isEqualTo(FROM);
            assertThat(first.getCell(7).getCellType()).isEqualTo(CellType.NUMERIC);
            assertThat(first.getCell(7).getNumericCellValue()).isEqualTo(150_000d);
            assertThat(first.getCell(10).getLocalDateTimeCellValue()).isEqualTo(LocalDateTime.parse("2026-10-05T09:30"));
            assertThat(first.getCell(18).getNumericCellValue()).isEqualTo(2d);
            // Empty values are empty cells, not zeros.
            Row returned = sheet.getRow(3);
            assertThat(returned.getCell(9)).isNull();
            assertThat(returned.getCell(17).getStringCellValue()).isEqualTo("Rechazado");
        }
    }

    @Test
    void kpisSumTheRollupsPerCarrierWithPercentilesFromTheHistograms() throws Exception {
        HttpResponse<byte[]> csv = generateAndDownload(store, "KPIS", "CSV", FROM, TO);
        List<List<String>> rows = parseCsv(new String(csv.body(), StandardCharsets.UTF_8).substring(1));
        assertThat(rows).extracting(r -> r.get(0)).containsExactly("Transportadora", "coordinadora", "servientrega", "Total");
        // coordinadora: 15 shipments, 12 delivered, 10 of 12 on time, transit {1:2, 2:7, 3:2, 4:1} -> median 2, p90 3.
        assertThat(rows.get(1)).containsExactly("coordinadora", "15", "12", "1", "80.0", "6.7", "83.3", "84.6", "2", "13.3", "2", "3",
                "12000", "6", "800000");
        assertThat(rows.get(2)).containsExactly("servientrega", "4", "2", "1", "50.0", "25.0", "33.3", "66.7", "1", "25.0", "3", "5",
                "12500", "1", "80000");
        assertThat(rows.get(3).subList(0, 3)).containsExactly("Total", "19", "14");

        HttpResponse<byte[]> xlsx = generateAndDownload(store, "KPIS", "XLSX", FROM, TO);
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(xlsx.body()))) {
            Sheet sheet = workbook.getSheet("Indicadores");
            Row coordinadora = sheet.getRow(1);
            assertThat(coordinadora.getCell(1).getNumericCellValue()).isEqualTo(15d);
            assertThat(coordinadora.getCell(6).getNumericCellValue()).isCloseTo(10d / 12, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(coordinadora.getCell(6).getCellStyle().getDataFormatString()).isEqualTo("0.0%");
            assertThat(coordinadora.getCell(14).getNumericCellValue()).isEqualTo(800_000d);
            assertThat(sheet.getRow(3).getCell(0).getStringCellValue()).isEqualTo("Total");
        }
    }

    @Test
    void theKpisReportCountsWhatTheKpiEndpointCounts() {
        List<List<String>> rows = parseCsv(new String(generateAndDownload(store, "KPIS", "CSV", FROM, TO).body(), StandardCharsets.UTF_8)
                .substring(1));
        Http.Response kpis = get(TestTokens.owner(store), "/api/analytics/kpis?from=" + FROM + "&to=" + TO + "&groupBy=carrier");
        assertThat(kpis.status()).as(kpis.body()).isEqualTo(200);
        List<JsonNode> groups = new ArrayList<>();
        kpis.json().path("groups").forEach(groups::add);
        groups.add(kpis.json().path("total"));
        assertThat(rows).hasSize(groups.size() + 1);
        for (int i = 0; i < groups.size(); i++) {
            JsonNode k = groups.get(i);
            List<String> row = rows.get(i + 1);
            assertThat(row.get(0)).isEqualTo(i < groups.size() - 1 ? k.path("carrier").asString() : "Total");
            assertThat(List.of(row.get(1), row.get(2), row.get(3), row.get(8), row.get(13), row.get(14))).as(row.get(0)).containsExactly(
                    k.path("shipments").asString(), k.path("delivered").asString(), k.path("returned").asString(),
                    k.path("withNovedad").asString(), k.path("codShipments").asString(), k.path("codAmount").asString());
            assertThat(row.get(10)).isEqualTo(k.path("transitP50BusinessDays").asString());
            assertThat(row.get(11)).isEqualTo(k.path("transitP90BusinessDays").asString());
            // The endpoint's four-decimal shares, printed as the report prints its own.
            assertThat(row.get(6)).isEqualTo(String.format(java.util.Locale.ROOT, "%.1f", k.path("onTimeRate").asDouble() * 100));
            assertThat(row.get(7)).isEqualTo(String.format(java.util.Locale.ROOT, "%.1f",
                    k.path("firstAttemptSuccessRate").asDouble() * 100));
        }
    }

    @Test
    void theSummaryIsOneHtmlPageWithBothChartsInline() throws Exception {
        HttpResponse<byte[]> file = generateAndDownload(store, "SUMMARY", "HTML", FROM, TO);
        assertThat(file.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        String html = new String(file.body(), StandardCharsets.UTF_8);
        assertThat(html).contains("<html lang=\"es-CO\">", "Resumen de envíos", "Del 5 de octubre de 2026 al 18 de octubre de 2026");
        // es-CO formats: thousands with dots, percentages with a decimal comma.
        assertThat(html).contains("$ 880.000", "73,7", "Dirección errada");
        for (String chart : List.of("grafico-tiempo-entrega", "grafico-a-tiempo")) {
            Matcher img = Pattern.compile("<img id=\"" + chart + "\"[^>]*src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"").matcher(html);
            assertThat(img.find()).as("chart %s inline", chart).isTrue();
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(img.group(1))));
            assertThat(image.getWidth()).isEqualTo(SummaryCharts.WIDTH);
            assertThat(image.getHeight()).isEqualTo(SummaryCharts.HEIGHT);
        }

        // A period without shipments still gives a page (empty charts, no rates).
        String empty = new String(generateAndDownload(UUID.randomUUID(), "SUMMARY", "HTML", FROM, TO).body(), StandardCharsets.UTF_8);
        assertThat(empty).contains("<b>0</b><span>Envíos</span>", "<b>—</b><span>Entregas a tiempo</span>", "grafico-a-tiempo");
    }

    @Test
    void aReportOfAnotherStoreIsNotFoundAndAStoreCannotNameAnother() {
        UUID report = request(store, "KPIS", "CSV", FROM, TO);
        Http.Response stranger = get(TestTokens.owner(otherStore), "/api/analytics/reports/" + report);
        assertThat(stranger.status()).isEqualTo(404);
        assertThat(stranger.contentType()).startsWith("application/problem+json");

        Http.Response naming = post(TestTokens.owner(otherStore),
                "{\"kind\":\"KPIS\",\"format\":\"CSV\",\"from\":\"2026-10-05\",\"to\":\"2026-10-18\",\"storeId\":\"" + store + "\"}");
        assertThat(naming.status()).isEqualTo(403);
        assertThat(naming.json().path("detail").asString()).contains("own store");

        // An operator names the store, and sees any report.
        assertThat(post(TestTokens.operator(), "{\"kind\":\"KPIS\",\"format\":\"CSV\",\"from\":\"2026-10-05\",\"to\":\"2026-10-18\"}")
                .status()).isEqualTo(400);
        Http.Response operator = post(TestTokens.operator(),
                "{\"kind\":\"KPIS\",\"format\":\"CSV\",\"from\":\"2026-10-05\",\"to\":\"2026-10-18\",\"storeId\":\"" + otherStore + "\"}");
        assertThat(operator.status()).as(operator.body()).isEqualTo(202);
        Http.Response seen = get(TestTokens.operator(), "/api/analytics/reports/" + operator.json().path("id").asString());
        assertThat(seen.json().path("storeId").asString()).isEqualTo(otherStore.toString());
        assertThat(get(TestTokens.owner(store), "/api/analytics/reports/" + operator.json().path("id").asString()).status()).isEqualTo(404);
        // The operator's report of the other store holds that store's data only.
        JsonNode done = awaitDone(otherStore, UUID.fromString(operator.json().path("id").asString()));
        String csv = new String(download(done.path("download").path("url").asString()).body(), StandardCharsets.UTF_8);
        assertThat(csv).contains("tcc").doesNotContain("coordinadora");
    }

    @Test
    void badRequestsAreRefusedWithTheFieldsAtFault() {
        Http.Response response = post(TestTokens.owner(store), "{\"kind\":\"ORDERS\",\"format\":\"HTML\",\"from\":\"2026-10-18\",\"to\":\"2026-10-05\"}");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        List<String> fields = new ArrayList<>();
        response.json().path("errors").forEach(e -> fields.add(e.path("field").asString()));
        assertThat(fields).containsExactly("format", "to");
        assertThat(response.json().path("detail").asString()).contains("ORDERS reports are built as");

        Http.Response kind = post(TestTokens.owner(store), "{\"kind\":\"SALES\",\"format\":\"CSV\",\"from\":\"2026-10-05\",\"to\":\"2026-10-05\"}");
        assertThat(kind.status()).isEqualTo(400);
        assertThat(kind.json().path("detail").asString()).contains("kind must be one of [COD_RECONCILIATION, KPIS, ORDERS, SUMMARY]");

        Http.Response tooLong = post(TestTokens.owner(store), "{\"kind\":\"KPIS\",\"format\":\"CSV\",\"from\":\"2020-01-01\",\"to\":\"2026-10-05\"}");
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(post(TestTokens.owner(store), "{\"kind\":\"KPIS\",\"format\":\"CSV\",\"from\":\"yesterday\"}").status()).isEqualTo(400);
        assertThat(http().get("/api/analytics/reports/" + UUID.randomUUID()).status()).isEqualTo(401);
    }

    /** RFC 4180 read back (Commons CSV): quoted fields, doubled quotes, CRLF records. */
    public static List<List<String>> parseCsv(String text) {
        try (CSVParser parser = CSVParser.parse(text, CSVFormat.RFC4180)) {
            return parser.getRecords().stream().map(CSVRecord::toList).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
