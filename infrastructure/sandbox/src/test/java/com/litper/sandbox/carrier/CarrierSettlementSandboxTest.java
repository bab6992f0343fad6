package com.litper.sandbox.carrier;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.litper.sandbox.SandboxHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.litper.sandbox.SandboxHttp;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The carriers' settlement files ({@code GET /sandbox/carriers/{carrier}/settlements}): one line per
 * COD guide delivered or returned that day, in each carrier's own format; the refused-by-buyer route
 * that brings a parcel back; and the short remittance and duplicate line levers.
 */
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "sandbox.carriers.api-key=test-key",
        "sandbox.carriers.step-interval=50ms",
        "sandbox.carriers.servientrega.webhook-secret=sv",
        "sandbox.carriers.coordinadora.webhook-secret=co",
        "sandbox.carriers.interrapidisimo.webhook-secret=ir",
        "sandbox.carriers.envia.webhook-secret=en",
        "sandbox.carriers.tcc.webhook-secret=tcc"})
class CarrierSettlementSandboxTest {

    static final Map<String, String> AUTH = Map.of("Authorization", "Bearer test-key");
    /** analytics-service's samples of each format: the sandbox must write exactly their header. */
    static final Path ANALYTICS_SAMPLES = Path.of("../../analytics-service/src/test/resources/settlements");

    static final WireMockServer litper = new WireMockServer(wireMockConfig().dynamicPort());

    @DynamicPropertySource
    static void webhookUrl(DynamicPropertyRegistry registry) {
        if (!litper.isRunning()) {
            litper.start();
        }
        registry.add("sandbox.carriers.webhook-url", () -> litper.baseUrl() + "/webhooks/carriers/{carrier}");
    }

    @AfterAll
    static void stopWireMock() {
        litper.stop();
    }

    @LocalServerPort
    int port;

    SandboxHttp http;

    @BeforeEach
    void setUp() {
        http = new SandboxHttp(port);
        litper.stubFor(post(urlPathMatching("/webhooks/carriers/.*")).willReturn(aResponse().withStatus(202)));
    }

    String book(String carrier, String address, long cashOnDelivery) throws Exception {
        String reference = UUID.randomUUID().toString();
        String body = """
                {"reference": "%s", "sender": {"name": "Tienda Demo"},
                 "recipient": {"name": "Ana Gómez", "phone": "+573001234567", "address": "%s", "cityCode": "05001"},
                 "declaredValue": %d, "cashOnDelivery": %d, "currency": "COP"}""".formatted(reference, address, cashOnDelivery, cashOnDelivery);
        HttpResponse<String> answer = http.send("POST", "/carriers/" + carrier + "/v1/shipments", body,
                Map.of("Authorization", "Bearer test-key", "Idempotency-Key", reference));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        return json(answer).path("trackingNumber").asString();
    }

    /** The guide's events once its route is over: the last one's day in Bogotá is its settlement day. */
    JsonNode finished(String carrier, String guide, String lastStatus) {
        JsonNode[] events = new JsonNode[1];
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            events[0] = json(http.get("/carriers/" + carrier + "/v1/shipments/" + guide + "/events", AUTH)).path("events");
            assertThat(events[0].get(events[0].size() - 1).path("status").asString()).isEqualTo(lastStatus);
        });
        return events[0];
    }

    static LocalDate day(JsonNode events) {
        return LocalDate.ofInstant(Instant.parse(events.get(events.size() - 1).path("occurredAt").asString()), CarrierSettlements.BOGOTA);
    }

    String settlement(String carrier, LocalDate day, String query) throws Exception {
        HttpResponse<String> answer = http.get("/sandbox/carriers/" + carrier + "/settlements?date=" + day + query, Map.of());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/csv"));
        return answer.body();
    }

    static List<String> linesOf(String file, String guide) {
        List<String> lines = new ArrayList<>();
        for (String line : file.split("\r?\n")) {
            if (line.contains(guide)) {
                lines.add(line);
            }
        }
        return lines;
    }

    @Test
    void aBuyerWhoRefusesTheParcelSendsItBackToTheSender() throws Exception {
        String guide = book("servientrega", "Calle 10 # 5-20 rechaza", 80_000);
        JsonNode events = finished("servientrega", guide, "700");
        List<String> statuses = new ArrayList<>();
        events.forEach(e -> statuses.add(e.path("status").asString()));
        assertThat(statuses).containsSubsequence("400", "600", "700").doesNotContain("500");
        assertThat(events.get(events.size() - 2).path("reason").asString()).isEqualTo("Rechazado por el destinatario");
    }

    @Test
    void eachCarrierWritesItsOwnFormatWithTheDeliveredAndReturnedCodGuidesOfTheDay() throws Exception {
        Map<String, String[]> expected = Map.of(
                // carrier -> {delivered line, returned line} for 120,000 collected, as the carrier writes them
                "servientrega", new String[] {"%s;%s;120000;11500;3000;0;105500", "%s;%s;0;11500;0;11500;-23000", "dd/MM/yyyy"},
                "coordinadora", new String[] {"%s,%s,120000,10900,3600,0,105500", "%s,%s,0,10900,0,10900,-21800", "yyyy-MM-dd"},
                "interrapidisimo", new String[] {"%2$s|%1$s|107800|120000|9800|2400|0", "%2$s|%1$s|-19600|0|9800|0|9800", "yyyyMMdd"},
                "envia", new String[] {"%s\t%s\tENTREGADO\t120000\t10200\t3360\t0\t106440", "%s\t%s\tDEVUELTO\t0\t10200\t0\t10200\t-20400",
                    "dd-MM-yyyy"},
                "tcc", new String[] {"\"%s\",\"%s\",\"120.000\",\"12.300\",\"4.200\",\"0\",\"103.500\"",
                    "\"%s\",\"%s\",\"0\",\"12.300\",\"0\",\"12.300\",\"-24.600\"", "yyyy/MM/dd"});
        for (CarrierProfile carrier : CarrierProfile.values()) {
            String id = carrier.id();
            String delivered = book(id, "Calle 10 # 5-20", 120_000);
            String returned = book(id, "Calle 11 # 6-30 rechaza", 120_000);
            String prepaid = book(id, "Calle 12 # 7-40", 0);
            LocalDate day = day(finished(id, delivered, stepCode(carrier, Milestone.DELIVERED)));
            assertThat(day(finished(id, returned, carrier.returnedCode()))).isEqualTo(day);
            finished(id, prepaid, stepCode(carrier, Milestone.DELIVERED));

            String file = settlement(id, day, "");
            String date = java.time.format.DateTimeFormatter.ofPattern(expected.get(id)[2]).format(day);
            assertThat(file.split("\r?\n")[0]).as(id).isEqualTo(Files.readAllLines(ANALYTICS_SAMPLES.resolve(id + ".csv")).get(0).strip());
            assertThat(linesOf(file, delivered)).as(id).containsExactly(expected.get(id)[0].formatted(delivered, date));
            assertThat(linesOf(file, returned)).as(id).containsExactly(expected.get(id)[1].formatted(returned, date));
            assertThat(linesOf(file, prepaid)).as("a prepaid guide has nothing to settle").isEmpty();
            assertThat(settlement(id, day.minusDays(1), "")).as("another day's file").doesNotContain(delivered);
        }
    }

    @Test
    void aShortRemittanceAndADuplicateLineOnRequest() throws Exception {
        String shortGuide = book("coordinadora", "Calle 20 # 1-10", 100_000);
        String twice = book("coordinadora", "Calle 21 # 1-10", 50_000);
        LocalDate day = day(finished("coordinadora", shortGuide, "entregada"));
        finished("coordinadora", twice, "entregada");

        String file = settlement("coordinadora", day, "&short=" + shortGuide + ":5000&duplicate=" + twice);

        // 100,000 - 10,900 freight - 3,000 commission = 86,100, less the 5,000 short.
        assertThat(linesOf(file, shortGuide)).containsExactly(shortGuide + "," + day + ",100000,10900,3000,0,81100");
        assertThat(linesOf(file, twice)).hasSize(2).allMatch(line -> line.equals(twice + "," + day + ",50000,10900,1500,0,37600"));
        assertThat(linesOf(settlement("coordinadora", day, ""), shortGuide)).containsExactly(shortGuide + "," + day + ",100000,10900,3000,0,86100");
    }

    @Test
    void badRequestsAreProblems() throws Exception {
        HttpResponse<String> badDate = http.get("/sandbox/carriers/tcc/settlements?date=27/11/2026", Map.of());
        assertThat(badDate.statusCode()).isEqualTo(400);
        assertThat(json(badDate).path("detail").asString()).contains("date");
        HttpResponse<String> badShort = http.get("/sandbox/carriers/tcc/settlements?short=TCC1", Map.of());
        assertThat(badShort.statusCode()).isEqualTo(400);
        assertThat(json(badShort).path("detail").asString()).contains("<guide>:<pesos>");
        assertThat(http.get("/sandbox/carriers/deprisa/settlements", Map.of()).statusCode()).isEqualTo(404);
    }

    private static String stepCode(CarrierProfile carrier, Milestone milestone) {
        return carrier.route(false).stream().filter(s -> s.milestone() == milestone).findFirst().orElseThrow().code();
    }
}
