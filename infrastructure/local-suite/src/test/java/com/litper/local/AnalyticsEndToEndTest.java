package com.litper.local;

import static com.litper.local.OrderFlowEndToEndTest.send;
import static com.litper.local.OrderFlowEndToEndTest.signIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.litper.embedded.EndToEnd;
import com.litper.embedded.FreePorts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * analytics-service in the local suite, fed by the orders themselves (docs/analytics.md): three
 * orders from Bogotá to Medellín (two cash on delivery) go to their doorsteps through the carrier
 * sandbox; then the store sees their volume and deliveries in its KPIs and their cash collected in
 * its ledger, the operator imports the carriers' settlement files from the sandbox and they
 * reconcile, a KPI report downloads through its signed link, and the owner's rule BEST_MEASURED
 * books the route's next order with the carrier measured best. Real PostgreSQL, Redis, the sandbox
 * and the four services an order and its numbers go through.
 */
@EndToEnd
class AnalyticsEndToEndTest {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration LONG = Duration.ofMinutes(3);

    @Test
    void ordersBecomeKpisCashThatReconcilesAReportAndTheCarrierOfTheNextOrder() throws Exception {
        Path data = Files.createTempDirectory("litper-local-analytics");
        int sandboxPort = FreePorts.next();
        ConfigurableApplicationContext suite = new SpringApplicationBuilder(LocalSuiteApplication.class).run(
                "--server.port=0",
                "--litper.local.project-root=../..",
                "--litper.local.data-directory=" + data,
                "--litper.local.postgres-port=" + FreePorts.next(),
                "--litper.local.redis-port=" + FreePorts.next(),
                "--litper.local.service-port-base=" + LocalSuiteEndToEndTest.freeBase(),
                "--litper.local.services=api-service,tracking-service,analytics-service,worker-service",
                "--litper.local.sandbox-port=" + sandboxPort,
                "--litper.local.sandbox-step-interval=2s",
                "--litper.local.trace-viewer=false");
        List<ProcessHandle> processes = new ArrayList<>();
        try {
            int port = ((WebServerApplicationContext) suite).getWebServer().getPort();
            await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> suite.getBean(StartupReport.class).allReady());
            processes.addAll(suite.getBean(ServiceProcesses.class).processes());
            processes.addAll(suite.getBean(SandboxProcess.class).processes());
            processes.addAll(suite.getBean(LocalInfrastructure.class).processes());
            String key = Files.readString(data.resolve("demo-api-key")).strip();
            String ownerPassword = Files.readString(data.resolve("demo-owner-password")).strip();
            String operatorPassword = Files.readString(data.resolve("operator-password")).strip();
            Tokens tokens = new Tokens(port, ownerPassword, operatorPassword);
            String today = LocalDate.now(ZoneId.of("America/Bogota")).toString();

            // Three orders on the route Bogotá (11) → Medellín (05): two with the store's usual carrier
            // (servientrega), one cash on delivery and one prepaid; one cash on delivery with coordinadora.
            String usualCod = order(port, key, "an-1", 90_000, null, "11001");
            String usualPrepaid = order(port, key, "an-2", 0, null, "11001");
            String coordinadoraCod = order(port, key, "an-3", 60_000, "coordinadora", "11001");
            Map<String, String> guides = new java.util.HashMap<>();
            await().atMost(LONG).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                for (String id : List.of(usualCod, usualPrepaid, coordinadoraCod)) {
                    JsonNode view = JSON.readTree(send(port, "GET", "/api/orders/" + id, key, null, Map.of()).body());
                    assertThat(view.path("status").asString()).as("order %s", id).isEqualTo("DELIVERED");
                    guides.put(id, view.path("shipment").path("trackingNumber").asString());
                }
            });
            assertThat(guides.get(usualCod)).startsWith("SV");
            assertThat(guides.get(coordinadoraCod)).startsWith("CO");

            // (a) The store's KPIs: volume and deliveries per carrier, and the cash on delivery.
            await().atMost(LONG).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                HttpResponse<String> kpis = send(port, "GET", "/api/analytics/kpis?from=" + today + "&to=" + today + "&groupBy=carrier",
                        tokens.owner(), null, Map.of());
                assertThat(kpis.statusCode()).as(kpis.body()).isEqualTo(200);
                JsonNode body = JSON.readTree(kpis.body());
                JsonNode total = body.path("total");
                assertThat(total.path("shipments").asInt()).as(kpis.body()).isEqualTo(3);
                assertThat(total.path("delivered").asInt()).isEqualTo(3);
                assertThat(total.path("deliveryRate").asDouble()).isEqualTo(1.0);
                assertThat(total.path("codShipments").asInt()).isEqualTo(2);
                assertThat(total.path("codAmount").asLong()).isEqualTo(150_000);
                assertThat(total.path("attemptedWithPromise").asInt()).as("the carriers' promised dates arrived").isEqualTo(3);
                Map<String, Integer> byCarrier = new java.util.TreeMap<>();
                body.path("groups").forEach(g -> byCarrier.put(g.path("carrier").asString(), g.path("delivered").asInt()));
                assertThat(byCarrier).isEqualTo(Map.of("coordinadora", 1, "servientrega", 2));
            });

            // (b) Cash on delivery: collected at the door, owed to the store.
            await().atMost(LONG).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                HttpResponse<String> cash = send(port, "GET", "/api/analytics/cod/orders/" + usualCod, tokens.owner(), null, Map.of());
                assertThat(cash.statusCode()).as(cash.body()).isEqualTo(200);
                JsonNode path = JSON.readTree(cash.body());
                assertThat(path.path("trackingNumber").asString()).isEqualTo(guides.get(usualCod));
                assertThat(path.path("amountToCollect").asLong()).isEqualTo(90_000);
                assertThat(path.path("collected").path("amount").asLong()).isEqualTo(90_000);
                JsonNode balance = JSON.readTree(send(port, "GET", "/api/analytics/cod/balance", tokens.owner(), null, Map.of()).body());
                assertThat(balance.path("balance").asLong()).as(balance.toString()).isEqualTo(150_000);
                assertThat(balance.path("byKind").path("COLLECTED").asLong()).isEqualTo(150_000);
            });
            assertThat(send(port, "GET", "/api/analytics/cod/orders/" + usualPrepaid, tokens.owner(), null, Map.of()).statusCode())
                    .as("a prepaid order has no cash path").isEqualTo(404);

            // (c) The carriers' settlement files of the day, from the sandbox, imported by the operator.
            for (String carrier : List.of("servientrega", "coordinadora")) {
                HttpResponse<String> file = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sandboxPort
                        + "/sandbox/carriers/" + carrier + "/settlements?date=" + today)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(file.statusCode()).as(file.body()).isEqualTo(200);
                HttpResponse<String> storeTries = send(port, "POST", "/api/analytics/cod/settlements?carrier=" + carrier, tokens.owner(),
                        file.body(), Map.of("Content-Type", "text/csv"));
                assertThat(storeTries.statusCode()).as("operators only").isEqualTo(403);
                HttpResponse<String> imported = send(port, "POST", "/api/analytics/cod/settlements?carrier=" + carrier, tokens.operator(),
                        file.body(), Map.of("Content-Type", "text/csv"));
                assertThat(imported.statusCode()).as(imported.body()).isEqualTo(201);
                JsonNode answer = JSON.readTree(imported.body());
                assertThat(answer.path("lines").asInt()).as(imported.body()).isEqualTo(1);
                assertThat(answer.path("postedGuides").asInt()).as(imported.body()).isEqualTo(1);
                assertThat(answer.path("unknownGuides").size()).isZero();
            }
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                HttpResponse<String> reconciliation = send(port, "GET", "/api/analytics/cod/reconciliation?from=" + today + "&to=" + today,
                        tokens.owner(), null, Map.of());
                assertThat(reconciliation.statusCode()).as(reconciliation.body()).isEqualTo(200);
                JsonNode body = JSON.readTree(reconciliation.body());
                Map<String, JsonNode> byGuide = new java.util.HashMap<>();
                body.path("guides").forEach(g -> byGuide.put(g.path("trackingNumber").asString(), g));
                assertThat(byGuide).containsOnlyKeys(guides.get(usualCod), guides.get(coordinadoraCod));
                for (JsonNode guide : byGuide.values()) {
                    assertThat(guide.path("flags").size()).as(guide.toString()).isZero();
                    assertThat(guide.path("remitted").isNull()).as(guide.toString()).isFalse();
                    assertThat(guide.path("difference").asLong()).as(guide.toString()).isZero();
                }
                assertThat(byGuide.get(guides.get(usualCod)).path("collected").asLong()).isEqualTo(90_000);
                body.path("counts").properties().forEach(count -> assertThat(count.getValue().asInt()).as(count.getKey()).isZero());
            });
            JsonNode cashPath = JSON.readTree(send(port, "GET", "/api/analytics/cod/orders/" + usualCod, tokens.owner(), null, Map.of()).body());
            // servientrega's sandbox terms: 11,500 pesos of freight and 2.5 % of the collection.
            assertThat(cashPath.path("deductions").path("freight").asLong()).isEqualTo(11_500);
            assertThat(cashPath.path("deductions").path("codCommission").asLong()).isEqualTo(2_250);
            assertThat(cashPath.path("remitted").path("amount").asLong()).isEqualTo(90_000 - 11_500 - 2_250);
            assertThat(cashPath.path("netToStore").asLong()).isEqualTo(90_000 - 11_500 - 2_250);

            // (d) A KPI report, built by its task and downloaded through its signed link without a token.
            HttpResponse<String> requested = send(port, "POST", "/api/analytics/reports", tokens.owner(),
                    "{\"kind\": \"KPIS\", \"format\": \"CSV\", \"from\": \"" + today + "\", \"to\": \"" + today + "\"}", Map.of());
            assertThat(requested.statusCode()).as(requested.body()).isEqualTo(202);
            String statusUrl = JSON.readTree(requested.body()).path("statusUrl").asString();
            AtomicReference<String> link = new AtomicReference<>();
            await().atMost(LONG).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                JsonNode report = JSON.readTree(send(port, "GET", statusUrl, tokens.owner(), null, Map.of()).body());
                assertThat(report.path("status").asString()).as(report.toString()).isEqualTo("READY");
                link.set(report.path("download").path("url").asString());
            });
            HttpResponse<String> csv = send(port, "GET", link.get(), null, null, Map.of());
            assertThat(csv.statusCode()).as(csv.body()).isEqualTo(200);
            assertThat(csv.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/csv"));
            assertThat(csv.headers().firstValue("Content-Disposition")).hasValueSatisfying(disposition -> assertThat(disposition)
                    .contains("litper-indicadores-" + today + "-a-" + today + ".csv"));
            List<String> rows = csv.body().lines().toList();
            assertThat(rows).as(csv.body()).anySatisfy(row -> assertThat(row.toLowerCase()).startsWith("servientrega,2,2,0,"))
                    .anySatisfy(row -> assertThat(row.toLowerCase()).startsWith("coordinadora,1,1,0,"));
            assertThat(send(port, "GET", link.get().replaceAll("signature=[^&]+", "signature=AAAA"), null, null, Map.of()).statusCode())
                    .as("an altered link").isEqualTo(403);

            // (e) The owner's rule: the carrier measured best on the route. Every shipment was on time, so
            // the freight decides: coordinadora (13,500 between departments) beats servientrega (13,900),
            // though servientrega has more shipments measured there.
            HttpResponse<String> rule = send(port, "PUT", "/api/analytics/carrier-rule", tokens.owner(),
                    "{\"mode\": \"BEST_MEASURED\", \"minSample\": 1, \"windowDays\": 7, \"costWeight\": 1}", Map.of());
            assertThat(rule.statusCode()).as(rule.body()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                JsonNode choices = JSON.readTree(send(port, "GET", "/api/analytics/carrier-rule/choices", tokens.owner(), null, Map.of()).body());
                List<String> routes = new ArrayList<>();
                choices.path("routes").forEach(r -> routes.add(r.path("origin").asString() + "-" + r.path("destination").asString() + " "
                        + r.path("carrier").asString() + " " + r.path("basis").asString() + " " + r.path("sample").asInt()));
                assertThat(routes).as(choices.toString()).containsExactly("11-05 coordinadora STORE 1");
            });
            // The route's next order goes to coordinadora; an order of unknown origin (route 00-05, unmeasured)
            // still goes to the store's usual carrier.
            String measured = order(port, key, "an-4", 0, null, "11001");
            String unmeasured = order(port, key, "an-5", 0, null, null);
            await().atMost(LONG).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                JsonNode first = JSON.readTree(send(port, "GET", "/api/orders/" + measured, key, null, Map.of()).body());
                JsonNode second = JSON.readTree(send(port, "GET", "/api/orders/" + unmeasured, key, null, Map.of()).body());
                assertThat(first.path("shipment").path("carrier").asString()).as(first.toString()).isEqualTo("coordinadora");
                assertThat(second.path("shipment").path("carrier").asString()).as(second.toString()).isEqualTo("servientrega");
            });

            // The launcher's reports signing key: the link signed before a crash of analytics-service
            // still downloads once the suite has started it again.
            assertThat(Files.readString(data.resolve("reports-signing-secret")).strip()).hasSizeGreaterThanOrEqualTo(32);
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("reports-signing-secret"))))
                    .isEqualTo("rw-------");
            SuiteService analytics = SuiteService.CATALOG.stream().filter(s -> s.name().equals("analytics-service")).findFirst().orElseThrow();
            long killed = suite.getBean(ServiceProcesses.class).kill(analytics);
            await().atMost(Duration.ofSeconds(30)).until(() -> ProcessHandle.of(killed).map(p -> !p.isAlive()).orElse(true));
            await().atMost(LONG).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                HttpResponse<String> again = send(port, "GET", link.get(), null, null, Map.of());
                assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
                assertThat(again.body()).isEqualTo(csv.body());
            });
            processes.addAll(suite.getBean(ServiceProcesses.class).processes());
            assertThat(Files.readString(suite.getBean(ServiceProcesses.class).logFile(analytics))).doesNotContain("signing-secret is not set");
        } finally {
            suite.close();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> processes.stream().noneMatch(ProcessHandle::isAlive));
    }

    /** Places an order to Medellín with the store's API key; returns its id. */
    private static String order(int port, String key, String idempotencyKey, long cashOnDelivery, String preferredCarrier, String origin)
            throws Exception {
        String body = """
                {"buyer": {"name": "Marta Ruiz", "phone": "300 777 1%s"},
                 "destination": {"address": "Carrera 43A # 1-50", "city": "Medellín"},
                 "items": [{"sku": "BAG-1", "name": "Bolso", "quantity": 1, "unitPrice": %d}],
                 "declaredValue": %d, "cashOnDelivery": %d%s%s}""".formatted(
                idempotencyKey.substring(idempotencyKey.length() - 1) + "00",
                Math.max(cashOnDelivery, 50_000), Math.max(cashOnDelivery, 50_000), cashOnDelivery,
                preferredCarrier == null ? "" : ", \"preferredCarrier\": \"" + preferredCarrier + "\"",
                origin == null ? "" : ", \"origin\": {\"municipalityCode\": \"" + origin + "\"}");
        HttpResponse<String> created = send(port, "POST", "/api/orders", key, body, Map.of("Idempotency-Key", idempotencyKey));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return JSON.readTree(created.body()).path("id").asString();
    }

    /** The demo owner's and the local operator's access tokens, signed in afresh (a token lives 5 minutes). */
    private record Tokens(int port, String ownerPassword, String operatorPassword) {

        String owner() throws Exception {
            return token("owner%40demo.litper.local", ownerPassword);
        }

        String operator() throws Exception {
            return token("local", operatorPassword);
        }

        private String token(String username, String password) throws Exception {
            HttpResponse<String> signedIn = signIn(port, username, password);
            assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(200);
            return JSON.readTree(signedIn.body()).path("access_token").asString();
        }
    }
}
