package com.litper.sandbox.carrier;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.litper.sandbox.SandboxHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.litper.sandbox.SandboxHttp;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The carrier sandbox over real HTTP, with WireMock as Litper's webhook endpoint: bookings and their
 * idempotency, refusals, events moving along the route every 200 ms, signed webhooks in order and
 * re-delivered after an error, the novedad route, and injected faults.
 */
// Closed after the class: its webhooks must not keep retrying towards the stopped WireMock.
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "sandbox.carriers.api-key=test-key",
        "sandbox.carriers.step-interval=200ms",
        "sandbox.carriers.servientrega.webhook-secret=" + CarrierSandboxTest.SERVIENTREGA_SECRET,
        "sandbox.carriers.coordinadora.webhook-secret=" + CarrierSandboxTest.COORDINADORA_SECRET,
        "sandbox.carriers.interrapidisimo.webhook-secret=ir-secret",
        "sandbox.carriers.tcc.webhook-secret=" + CarrierSandboxTest.TCC_SECRET,
        "sandbox.webhooks.initial-backoff=100ms",
        "sandbox.webhooks.attempts=4"})
class CarrierSandboxTest {

    static final String SERVIENTREGA_SECRET = "sv-webhook-secret";
    static final String COORDINADORA_SECRET = "co-webhook-secret";
    static final String TCC_SECRET = "tcc-webhook-secret";
    static final Map<String, String> AUTH = Map.of("Authorization", "Bearer test-key");

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
        litper.stubFor(post(urlPathMatching("/webhooks/carriers/.*"))
                .willReturn(aResponse().withStatus(202).withHeader("Content-Type", "application/json").withBody("{\"status\":\"accepted\"}")));
    }

    @AfterEach
    void clearFaults() throws Exception {
        for (String carrier : CarrierProfile.names()) {
            http.send("DELETE", "/sandbox/carriers/" + carrier + "/faults", null, Map.of());
        }
    }

    static String booking(String reference, String address) {
        return """
                {"reference": "%s", "sender": {"name": "Tienda Demo"},
                 "recipient": {"name": "Ana Gómez", "phone": "+573001234567", "address": "%s",
                               "cityCode": "05001", "city": "Medellín", "departmentCode": "05", "department": "Antioquia"},
                 "declaredValue": 90000, "cashOnDelivery": 90000, "currency": "COP",
                 "items": [{"sku": "SKU-1", "name": "Camiseta", "quantity": 2, "unitPrice": 45000}]}
                """.formatted(reference, address);
    }

    HttpResponse<String> book(String carrier, String key, String body) throws Exception {
        return http.send("POST", "/carriers/" + carrier + "/v1/shipments", body, withKey(key));
    }

    static Map<String, String> withKey(String key) {
        return Map.of("Authorization", "Bearer test-key", "Idempotency-Key", key);
    }

    String bookNew(String carrier, String address) throws Exception {
        String reference = UUID.randomUUID().toString();
        HttpResponse<String> answer = book(carrier, reference, booking(reference, address));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        return json(answer).path("trackingNumber").asString();
    }

    List<String> statuses(String carrier, String trackingNumber) throws Exception {
        HttpResponse<String> answer = http.get("/carriers/" + carrier + "/v1/shipments/" + trackingNumber + "/events", AUTH);
        assertThat(answer.statusCode()).isEqualTo(200);
        List<String> statuses = new ArrayList<>();
        json(answer).path("events").forEach(e -> statuses.add(e.path("status").asString()));
        return statuses;
    }

    List<LoggedRequest> webhooks(String carrier, String trackingNumber) {
        return litper.findAll(postRequestedFor(urlEqualTo("/webhooks/carriers/" + carrier)).withRequestBody(containing(trackingNumber)));
    }

    @Test
    void aBookingAnswers201AndTheSameKeyAgainAnswers200WithTheSameShipment() throws Exception {
        String key = UUID.randomUUID().toString();
        HttpResponse<String> first = book("servientrega", key, booking(key, "Calle 10 # 5-20"));
        assertThat(first.statusCode()).isEqualTo(201);
        JsonNode shipment = json(first);
        assertThat(shipment.path("trackingNumber").asString()).matches("SV[0-9]{9}");
        assertThat(shipment.path("carrier").asString()).isEqualTo("servientrega");
        assertThat(Instant.parse(shipment.path("createdAt").asString())).isBefore(Instant.now().plusSeconds(1));

        HttpResponse<String> again = book("servientrega", key, booking(key, "Calle 10 # 5-20"));
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).isEqualTo(first.body());

        String other = UUID.randomUUID().toString();
        assertThat(json(book("servientrega", other, booking(other, "Calle 10 # 5-20"))).path("trackingNumber").asString())
                .isNotEqualTo(shipment.path("trackingNumber").asString());
        assertThat(bookNew("coordinadora", "Calle 1")).matches("CO[0-9]{9}");
        assertThat(bookNew("interrapidisimo", "Calle 1")).matches("IR[0-9]{10}");
        assertThat(bookNew("envia", "Calle 1")).matches("EN[0-9]{9}");
    }

    @Test
    void theBookingPromisesADateAndAPriceByCarrierAndRouteTheSameOnARepeat() throws Exception {
        // Medellín to Medellín: within Antioquia. Two units of one item.
        String key = UUID.randomUUID().toString();
        String within = booking(key, "Calle 10 # 5-20").replace("\"name\": \"Tienda Demo\"", "\"name\": \"Tienda Demo\", \"cityCode\": \"05001\"");
        JsonNode first = json(book("servientrega", key, within));
        LocalDate bookedOn = LocalDate.ofInstant(Instant.parse(first.path("createdAt").asString()), ZoneId.of("America/Bogota"));
        assertThat(LocalDate.parse(first.path("promisedDeliveryDate").asString())).isEqualTo(BookingTerms.plusBusinessDays(bookedOn, 2));
        assertThat(first.path("freight").asLong()).isEqualTo(9_500 + 1_200);
        assertThat(json(book("servientrega", key, within))).isEqualTo(first);

        // Bogotá to Medellín leaves the department; no sender municipality counts as leaving it too.
        String otherKey = UUID.randomUUID().toString();
        JsonNode between = json(book("servientrega", otherKey, booking(otherKey, "Calle 10 # 5-20")
                .replace("\"name\": \"Tienda Demo\"", "\"name\": \"Tienda Demo\", \"cityCode\": \"11001\"")));
        assertThat(LocalDate.parse(between.path("promisedDeliveryDate").asString())).isEqualTo(BookingTerms.plusBusinessDays(bookedOn, 3));
        assertThat(between.path("freight").asLong()).isEqualTo(13_900 + 1_200);
        String unknownKey = UUID.randomUUID().toString();
        JsonNode unknown = json(book("envia", unknownKey, booking(unknownKey, "Calle 10 # 5-20")));
        assertThat(LocalDate.parse(unknown.path("promisedDeliveryDate").asString())).isEqualTo(BookingTerms.plusBusinessDays(bookedOn, 5));
        assertThat(unknown.path("freight").asLong()).isEqualTo(14_200 + 1_200);

        HttpResponse<String> badOrigin = book("servientrega", "k-origin", booking("k-origin", "Calle 1")
                .replace("\"name\": \"Tienda Demo\"", "\"name\": \"Tienda Demo\", \"cityCode\": \"Bogotá\""));
        assertThat(badOrigin.statusCode()).isEqualTo(422);
        assertThat(json(badOrigin).path("errors").get(0).path("field").asString()).isEqualTo("sender.cityCode");
    }

    @Test
    void businessDaysSkipTheWeekend() {
        // Friday 2026-11-27: two business days later is Tuesday; from Saturday, one is Monday.
        assertThat(BookingTerms.plusBusinessDays(LocalDate.parse("2026-11-27"), 2)).isEqualTo(LocalDate.parse("2026-12-01"));
        assertThat(BookingTerms.plusBusinessDays(LocalDate.parse("2026-11-28"), 1)).isEqualTo(LocalDate.parse("2026-11-30"));
        assertThat(BookingTerms.plusBusinessDays(LocalDate.parse("2026-11-24"), 3)).isEqualTo(LocalDate.parse("2026-11-27"));
    }

    @Test
    void aCashOnDeliveryParcelsDeliveryReportsTheCashCollected() throws Exception {
        String guide = bookNew("coordinadora", "Carrera 7 # 32-16");
        await().atMost(Duration.ofSeconds(10)).until(() -> statuses("coordinadora", guide).contains("entregada"));
        List<JsonNode> listed = new ArrayList<>();
        json(http.get("/carriers/coordinadora/v1/shipments/" + guide + "/events", AUTH)).path("events").forEach(listed::add);
        assertThat(listed).filteredOn(e -> e.path("status").asString().equals("entregada")).singleElement()
                .satisfies(e -> assertThat(e.path("cashCollected").asLong()).isEqualTo(90_000));
        assertThat(listed).filteredOn(e -> !e.path("status").asString().equals("entregada")).allSatisfy(e -> assertThat(e.has("cashCollected")).isFalse());
        await().atMost(Duration.ofSeconds(10)).until(() -> webhooks("coordinadora", guide).stream()
                .anyMatch(w -> json(w.getBodyAsString()).path("cashCollected").asLong() == 90_000));

        String key = UUID.randomUUID().toString();
        String prepaid = json(book("coordinadora", key, booking(key, "Carrera 7 # 32-16").replace("\"cashOnDelivery\": 90000", "\"cashOnDelivery\": 0")))
                .path("trackingNumber").asString();
        await().atMost(Duration.ofSeconds(10)).until(() -> statuses("coordinadora", prepaid).contains("entregada"));
        json(http.get("/carriers/coordinadora/v1/shipments/" + prepaid + "/events", AUTH)).path("events")
                .forEach(e -> assertThat(e.has("cashCollected")).isFalse());
    }

    @Test
    void requestsWithoutTokenKeyOrValidBodyAreRefused() throws Exception {
        String body = booking("ref-1", "Calle 10");
        HttpResponse<String> noToken = http.send("POST", "/carriers/servientrega/v1/shipments", body, Map.of("Idempotency-Key", "k1"));
        assertThat(noToken.statusCode()).isEqualTo(401);
        assertThat(noToken.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        assertThat(http.send("POST", "/carriers/servientrega/v1/shipments", body,
                Map.of("Idempotency-Key", "k1", "Authorization", "Bearer wrong")).statusCode()).isEqualTo(401);
        assertThat(http.get("/carriers/servientrega/v1/shipments/SV1/events", Map.of()).statusCode()).isEqualTo(401);

        HttpResponse<String> noKey = http.send("POST", "/carriers/servientrega/v1/shipments", body, AUTH);
        assertThat(noKey.statusCode()).isEqualTo(400);
        assertThat(json(noKey).path("detail").asString()).contains("Idempotency-Key");

        assertThat(book("servientrega", "k2", "{not json").statusCode()).isEqualTo(400);

        String invalid = """
                {"reference": "", "sender": {"name": "Tienda"},
                 "recipient": {"name": "Ana", "phone": "3001234567", "address": "Calle 1", "cityCode": "5001"},
                 "declaredValue": -1}
                """;
        HttpResponse<String> unprocessable = book("servientrega", "k3", invalid);
        assertThat(unprocessable.statusCode()).isEqualTo(422);
        List<String> fields = new ArrayList<>();
        json(unprocessable).path("errors").forEach(e -> fields.add(e.path("field").asString()));
        assertThat(fields).containsExactlyInAnyOrder("reference", "recipient.phone", "recipient.cityCode", "declaredValue");
        assertThat(book("servientrega", "k4", "{\"reference\":\"r\"}").statusCode()).isEqualTo(422);
    }

    @Test
    void anUnknownCarrierOrGuideIs404() throws Exception {
        HttpResponse<String> unknown = book("deprisa", "k", booking("r", "Calle 1"));
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        assertThat(json(unknown).path("detail").asString()).contains("servientrega");
        assertThat(http.get("/carriers/deprisa/v1/shipments/X1/events", AUTH).statusCode()).isEqualTo(404);
        assertThat(http.get("/carriers/servientrega/v1/shipments/SV000000000/events", AUTH).statusCode()).isEqualTo(404);
        assertThat(http.get("/sandbox/carriers/deprisa/faults", Map.of()).statusCode()).isEqualTo(404);
    }

    @Test
    void eventsFollowTheRouteAndEachArrivesByWebhookSignedAndInOrder() throws Exception {
        String guide = bookNew("coordinadora", "Carrera 7 # 32-16");
        List<String> route = List.of("guia-generada", "recogida", "en-terminal-origen", "en-transporte", "en-reparto", "entregada");
        assertThat(statuses("coordinadora", guide)).isNotEmpty().first().isEqualTo("guia-generada");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(statuses("coordinadora", guide)).isEqualTo(route));
        await().atMost(Duration.ofSeconds(10)).until(() -> webhooks("coordinadora", guide).size() == route.size());

        HttpResponse<String> listed = http.get("/carriers/coordinadora/v1/shipments/" + guide + "/events", AUTH);
        List<String> listedIds = new ArrayList<>();
        json(listed).path("events").forEach(e -> listedIds.add(e.path("eventId").asString()));
        assertThat(listedIds).doesNotHaveDuplicates();

        List<String> sentStatuses = new ArrayList<>();
        List<String> sentIds = new ArrayList<>();
        for (LoggedRequest webhook : webhooks("coordinadora", guide)) {
            String timestamp = webhook.getHeader("X-Litper-Timestamp");
            assertThat(Long.parseLong(timestamp)).isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.data.Offset.offset(60L));
            assertThat(webhook.getHeader("X-Litper-Signature"))
                    .isEqualTo("sha256=" + SandboxHttp.hmacHex(COORDINADORA_SECRET, timestamp + "." + webhook.getBodyAsString()));
            JsonNode event = json(webhook.getBodyAsString());
            assertThat(event.path("trackingNumber").asString()).isEqualTo(guide);
            assertThat(Instant.parse(event.path("occurredAt").asString())).isNotNull();
            sentStatuses.add(event.path("status").asString());
            sentIds.add(event.path("eventId").asString());
        }
        assertThat(sentStatuses).isEqualTo(route);
        assertThat(sentIds).isEqualTo(listedIds);

        HttpResponse<String> inspected = http.get("/sandbox/carriers/shipments?carrier=coordinadora", Map.of());
        JsonNode shipment = null;
        for (JsonNode s : json(inspected).path("shipments")) {
            if (s.path("trackingNumber").asString().equals(guide)) {
                shipment = s;
            }
        }
        assertThat(shipment).isNotNull();
        assertThat(shipment.path("route").asString()).isEqualTo("normal");
        JsonNode lastEvent = shipment.path("events").path(route.size() - 1);
        assertThat(lastEvent.path("milestone").asString()).isEqualTo("DELIVERED");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                json(http.get("/sandbox/carriers/shipments?carrier=coordinadora", Map.of())).toString()).contains("delivered after 1 attempt"));
    }

    @Test
    void anAddressSayingNovedadGoesThroughAFailedDeliveryAttempt() throws Exception {
        String guide = bookNew("servientrega", "Calle 80 # 20-10 (prueba Novedad)");
        List<String> route = List.of("100", "200", "300", "310", "400", "600", "400", "500");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(statuses("servientrega", guide)).isEqualTo(route));
        JsonNode exception = json(http.get("/carriers/servientrega/v1/shipments/" + guide + "/events", AUTH)).path("events").path(5);
        assertThat(exception.path("reason").asString()).isEqualTo("Cliente ausente");

        await().atMost(Duration.ofSeconds(10)).until(() -> webhooks("servientrega", guide).size() == route.size());
        List<String> sent = new ArrayList<>();
        for (LoggedRequest webhook : webhooks("servientrega", guide)) {
            assertThat(webhook.getHeader("X-Litper-Signature")).isEqualTo(
                    "sha256=" + SandboxHttp.hmacHex(SERVIENTREGA_SECRET, webhook.getHeader("X-Litper-Timestamp") + "." + webhook.getBodyAsString()));
            sent.add(json(webhook.getBodyAsString()).path("status").asString());
        }
        assertThat(sent).isEqualTo(route);
    }

    @Test
    void anAddressSayingEsperaStaysBookedAndIsNeverPickedUp() throws Exception {
        String guide = bookNew("servientrega", "Calle 80 # 20-10 (espera)");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(statuses("servientrega", guide)).isEqualTo(List.of("100")));
        Thread.sleep(1_000); // five step intervals of this test's sandbox: nothing more comes
        assertThat(statuses("servientrega", guide)).isEqualTo(List.of("100"));
    }

    @Test
    void aPolledCarrierMovesButSendsNoWebhooks() throws Exception {
        String guide = bookNew("interrapidisimo", "Calle 1");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(statuses("interrapidisimo", guide))
                .isEqualTo(List.of("admitida", "recolectada", "en-centro-acopio", "en-viaje", "en-distribucion", "entregada")));
        assertThat(webhooks("interrapidisimo", guide)).isEmpty();
    }

    @Test
    void aRefusedWebhookIsDeliveredAgainAndLaterEventsWaitForIt() throws Exception {
        litper.stubFor(post(urlEqualTo("/webhooks/carriers/tcc")).atPriority(1)
                .inScenario("tcc-down").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("first-refused")
                .willReturn(aResponse().withStatus(503)));
        litper.stubFor(post(urlEqualTo("/webhooks/carriers/tcc")).atPriority(1)
                .inScenario("tcc-down").whenScenarioStateIs("first-refused").willSetStateTo("second-refused")
                .willReturn(aResponse().withStatus(500)));
        // Only this test books with TCC, so only its shipment's webhooks meet the scenario.
        String guide = bookNew("tcc", "Calle 1");
        assertThat(guide).matches("TCC[0-9]{9}");
        await().atMost(Duration.ofSeconds(15)).until(() -> webhooks("tcc", guide).size() == 8);

        List<String> ids = new ArrayList<>();
        for (LoggedRequest webhook : webhooks("tcc", guide)) {
            assertThat(webhook.getHeader("X-Litper-Signature")).isEqualTo(
                    "sha256=" + SandboxHttp.hmacHex(TCC_SECRET, webhook.getHeader("X-Litper-Timestamp") + "." + webhook.getBodyAsString()));
            ids.add(json(webhook.getBodyAsString()).path("eventId").asString());
        }
        // The first event three times (503, 500, then accepted), then the other five once each, in order.
        assertThat(ids).containsExactly(guide + "-1", guide + "-1", guide + "-1", guide + "-2", guide + "-3", guide + "-4",
                guide + "-5", guide + "-6");
    }

    @Test
    void injectedFailuresFailTheNextCallsThenTheCarrierRecovers() throws Exception {
        HttpResponse<String> set = http.send("PUT", "/sandbox/carriers/envia/faults", "{\"failNext\": 2, \"failStatus\": 503}", Map.of());
        assertThat(set.statusCode()).isEqualTo(200);
        assertThat(json(set).path("failNext").asInt()).isEqualTo(2);

        String key = UUID.randomUUID().toString();
        assertThat(book("envia", key, booking(key, "Calle 1")).statusCode()).isEqualTo(503);
        assertThat(http.get("/carriers/envia/v1/shipments/EN1/events", AUTH).statusCode()).isEqualTo(503);
        assertThat(book("envia", key, booking(key, "Calle 1")).statusCode()).isEqualTo(201);
        assertThat(json(http.get("/sandbox/carriers/envia/faults", Map.of())).path("failNext").asInt()).isZero();
        // Other carriers are not affected.
        assertThat(http.send("PUT", "/sandbox/carriers/envia/faults", "{\"failRate\": 1.0, \"failStatus\": 500}", Map.of()).statusCode())
                .isEqualTo(200);
        assertThat(book("envia", "x", booking("x", "Calle 1")).statusCode()).isEqualTo(500);
        bookNew("servientrega", "Calle 1");

        assertThat(http.send("DELETE", "/sandbox/carriers/envia/faults", null, Map.of()).statusCode()).isEqualTo(204);
        assertThat(book("envia", "x", booking("x", "Calle 1")).statusCode()).isEqualTo(201);
        assertThat(http.send("PUT", "/sandbox/carriers/envia/faults", "{\"failRate\": 2}", Map.of()).statusCode()).isEqualTo(400);
    }

    @Test
    void injectedLatencyDelaysTheAnswer() throws Exception {
        http.send("PUT", "/sandbox/carriers/servientrega/faults", "{\"latencyMs\": 400}", Map.of());
        long start = System.nanoTime();
        bookNew("servientrega", "Calle 1");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
        assertThat(json(http.get("/sandbox/carriers/servientrega/faults", Map.of())).path("latencyMs").asInt()).isEqualTo(400);
    }
}
