package com.litper.local;

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
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole flow in the local suite, with nothing typed after the order: one {@code POST
 * /api/orders} through the gateway → worker-service books it with the carrier sandbox → the sandbox
 * moves the shipment and calls tracking-service's webhook with signed events (one of them a
 * novedad) → tracking-service applies them and hands them to api-service → worker-service sends the
 * buyer's WhatsApp messages to the WhatsApp sandbox, which answers with signed status webhooks to
 * chat-service. The store then sees it all in {@code GET /api/orders/{id}}, in order; the buyer in
 * the public tracking lookup. Real PostgreSQL, Redis and the seven jars the build produced.
 */
@EndToEnd
class OrderFlowEndToEndTest {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String BUYER_PHONE = "+573004567890";
    /** The trace the order's request joins: the store's own span, as a traced client would send it. */
    private static final String TRACE_ID = "5e1f0a2b3c4d5e6f708192a3b4c5d6e7";
    private static final String STORE_SPAN_ID = "a1b2c3d4e5f60718";

    @Test
    void oneOrderIsBookedTrackedToItsDoorstepAndAnnouncedToTheBuyerInOrder() throws Exception {
        Path data = Files.createTempDirectory("litper-local-flow");
        int postgresPort = FreePorts.next();
        int sandboxPort = FreePorts.next();
        int traceViewerPort = FreePorts.next();
        ConfigurableApplicationContext suite = new SpringApplicationBuilder(LocalSuiteApplication.class).run(
                "--server.port=0",
                "--litper.local.project-root=../..",
                "--litper.local.data-directory=" + data,
                "--litper.local.postgres-port=" + postgresPort,
                "--litper.local.redis-port=" + FreePorts.next(),
                "--litper.local.service-port-base=" + LocalSuiteEndToEndTest.freeBase(),
                "--litper.local.sandbox-port=" + sandboxPort,
                "--litper.local.sandbox-step-interval=2s",
                "--litper.local.trace-viewer-port=" + traceViewerPort);
        List<ProcessHandle> processes = new ArrayList<>();
        try {
            int port = ((WebServerApplicationContext) suite).getWebServer().getPort();
            await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> suite.getBean(StartupReport.class).allReady());
            processes.addAll(suite.getBean(ServiceProcesses.class).processes());
            processes.addAll(suite.getBean(SandboxProcess.class).processes());
            processes.addAll(suite.getBean(LocalInfrastructure.class).processes());
            String key = Files.readString(data.resolve("demo-api-key")).strip();

            // The one request: an address with "novedad" takes the sandbox's route with a failed delivery attempt.
            String order = """
                    {"buyer": {"name": "Ana Gómez", "phone": "300 456 7890"},
                     "destination": {"address": "Calle 10 # 5-20 (novedad: portería)", "city": "Medellín"},
                     "items": [{"sku": "TSHIRT-M", "name": "Camiseta M", "quantity": 2, "unitPrice": 45000}],
                     "declaredValue": 90000, "cashOnDelivery": 90000}""";
            HttpResponse<String> created = send(port, "POST", "/api/orders", key, order,
                    Map.of("Idempotency-Key", "flow-1", "traceparent", "00-" + TRACE_ID + "-" + STORE_SPAN_ID + "-01"));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            String location = created.headers().firstValue("Location").orElseThrow();

            AtomicReference<JsonNode> seen = new AtomicReference<>();
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                JsonNode view = JSON.readTree(send(port, "GET", location, key, null, Map.of()).body());
                seen.set(view);
                assertThat(view.path("status").asString()).isEqualTo("DELIVERED");
                assertThat(view.path("messages").size()).isEqualTo(4);
            });
            JsonNode view = seen.get();

            JsonNode shipment = view.path("shipment");
            String guide = shipment.path("trackingNumber").asString();
            assertThat(shipment.path("carrier").asString()).isEqualTo("servientrega");
            assertThat(guide).startsWith("SV");
            assertThat(shipment.path("status").asString()).isEqualTo("DELIVERED");

            // Every carrier event, in the order things happened, as the carrier's webhooks reported them.
            // First the booking ("booked", Litper's own entry) and the carrier's "guía generada" (100),
            // which happened at the same moment; then the carrier's events in order.
            List<String> statuses = texts(view.path("timeline"), "status");
            List<String> codes = texts(view.path("timeline"), "carrierStatus");
            assertThat(statuses.subList(0, 2)).containsOnly("CREATED");
            assertThat(codes.subList(0, 2)).containsExactlyInAnyOrder("", "100");
            assertThat(statuses.subList(2, statuses.size())).containsExactly("PICKED_UP", "IN_TRANSIT", "IN_TRANSIT",
                    "OUT_FOR_DELIVERY", "EXCEPTION", "OUT_FOR_DELIVERY", "DELIVERED");
            assertThat(codes.subList(2, codes.size())).containsExactly("200", "300", "310", "400", "600", "400", "500");
            assertThat(view.path("timeline").get(6).path("reason").asString()).isEqualTo("Cliente ausente");

            // The buyer's messages, in order: shipped (once, though both the booking and the pickup
            // announce it), out for delivery (once, though the shipment went out twice), the novedad
            // with its reason, delivered.
            JsonNode messages = view.path("messages");
            assertThat(texts(messages, "template")).containsExactly("order_shipped", "order_out_for_delivery", "order_exception",
                    "order_delivered");
            assertThat(messages.get(0).path("text").asString()).contains(guide, "Servientrega");
            assertThat(messages.get(2).path("text").asString()).contains("Cliente ausente");
            List<Instant> sentAt = texts(messages, "sentAt").stream().map(Instant::parse).toList();
            assertThat(sentAt).isSorted();
            for (int i = 1; i < sentAt.size(); i++) {
                // WhatsApp's per-buyer pacing (litper.whatsapp.per-recipient-interval, 6 s).
                assertThat(Duration.between(sentAt.get(i - 1), sentAt.get(i))).isGreaterThanOrEqualTo(Duration.ofSeconds(5));
            }

            // What the buyer's phone got: the same messages, same ids, same order, as Cloud API templates.
            JsonNode phone = JSON.readTree(CLIENT.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + sandboxPort + "/sandbox/whatsapp/messages")).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).path("messages");
            assertThat(texts(phone, "id")).containsExactlyElementsOf(texts(messages, "messageId"));
            assertThat(texts(phone, "to")).allSatisfy(to -> assertThat(to).endsWith("3004567890"));
            assertThat(texts(phone, "type")).containsOnly("template");

            // chat-service stored each message, with its text (whatsapp_sent from worker-service) and
            // its delivery status (the signed status webhooks).
            try (Connection db = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + postgresPort + "/litper", "postgres", "")) {
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    for (JsonNode message : messages) {
                        String id = message.path("messageId").asString();
                        try (PreparedStatement statement = db.prepareStatement(
                                "SELECT status, body FROM chat.message WHERE whatsapp_message_id = ? AND direction = 'OUTBOUND'")) {
                            statement.setString(1, id);
                            try (ResultSet rs = statement.executeQuery()) {
                                assertThat(rs.next()).as("message %s in chat-service", id).isTrue();
                                assertThat(rs.getString(1)).as("message %s", id).isEqualTo("READ");
                                assertThat(rs.getString(2)).as("message %s", id).isEqualTo(message.path("text").asString());
                            }
                        }
                    }
                });
            }

            // The buyer's public lookup shows the same end.
            HttpResponse<String> lookup = send(port, "GET", shipment.path("trackingUrl").asString(), null, null, Map.of());
            assertThat(lookup.statusCode()).as(lookup.body()).isEqualTo(200);
            assertThat(JSON.readTree(lookup.body()).path("status").asString()).isEqualTo("DELIVERED");

            // The store retrying its request changes nothing.
            HttpResponse<String> again = send(port, "POST", "/api/orders", key, order, Map.of("Idempotency-Key", "flow-1"));
            assertThat(again.statusCode()).isEqualTo(201);
            assertThat(again.headers().firstValue("Location")).hasValue(location);
            assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
            JsonNode list = JSON.readTree(send(port, "GET", "/api/orders", key, null, Map.of()).body());
            assertThat(list.path("items").size()).isEqualTo(1);

            // The demo owner signs in with the password the launcher printed and sees the same order.
            String ownerPassword = Files.readString(data.resolve("demo-owner-password")).strip();
            HttpResponse<String> signedIn = signIn(port, "owner%40demo.litper.local", ownerPassword);
            assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(200);
            String ownerToken = JSON.readTree(signedIn.body()).path("access_token").asString();
            assertThat(JSON.readTree(send(port, "GET", "/api/orders", ownerToken, null, Map.of()).body()).path("items").size()).isEqualTo(1);
            // The local operator, and only an operator, reads worker-service's dead letters.
            String operatorPassword = Files.readString(data.resolve("operator-password")).strip();
            String operator = JSON.readTree(signIn(port, "local", operatorPassword).body()).path("access_token").asString();
            SuiteService worker = SuiteService.CATALOG.stream().filter(s -> s.name().equals("worker-service")).findFirst().orElseThrow();
            int workerPort = suite.getBean(ServiceProcesses.class).managementPort(worker);
            assertThat(send(suite.getBean(ServiceProcesses.class).port(worker), "GET", "/actuator/deadletters/worker", operator, null, Map.of())
                    .statusCode()).as("not on the application port").isEqualTo(404);
            assertThat(send(workerPort, "GET", "/actuator/deadletters/worker", null, null, Map.of()).statusCode()).isEqualTo(401);
            assertThat(send(workerPort, "GET", "/actuator/deadletters/worker", ownerToken, null, Map.of()).statusCode()).isEqualTo(403);
            assertThat(send(workerPort, "GET", "/actuator/deadletters/worker", operator, null, Map.of()).statusCode()).isEqualTo(200);

            buyerIsHeard(port, sandboxPort, ownerToken, location.substring(location.lastIndexOf('/') + 1), guide);
            buyerChangesTheAddress(port, sandboxPort, key);

            // After the whole flow, every metric the chart's alerts and dashboards name is one a service
            // exports (or is listed with the reason a healthy local run cannot export it).
            Map<String, Integer> managementPorts = new java.util.TreeMap<>();
            ServiceProcesses services = suite.getBean(ServiceProcesses.class);
            SuiteService.CATALOG.forEach(service -> managementPorts.put(service.name(), services.managementPort(service)));
            Set<String> exported = ChartMetrics.scrape(managementPorts);
            Map<String, Set<String>> referenced = ChartMetrics.referenced(Path.of("..", ".."));
            assertThat(referenced).containsKeys("litper_queue_wait_seconds_bucket", "litper_whatsapp_sends_total",
                    "resilience4j_circuitbreaker_state", "litper_agents_runs_in_flight");
            Map<String, Set<String>> unknown = new java.util.TreeMap<>(referenced);
            unknown.keySet().removeIf(name -> exported.contains(name) || ChartMetrics.external(name));
            assertThat(unknown).as("metrics named by the chart that no service exported after the flow (name → where it is used)").isEmpty();
            // A listed exception the suite does export is no exception: take it off the list.
            assertThat(ChartMetrics.NOT_FROM_THE_SUITE.keySet()).as("exceptions the services exported after all")
                    .noneMatch(exported::contains);
            theOrderIsOneTrace(traceViewerPort);
        } finally {
            suite.close();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> processes.stream().noneMatch(ProcessHandle::isAlive));
    }

    /**
     * The order's whole life is one trace in the local trace viewer (Zipkin): the store's request at
     * api-service, process_order and its carrier call at worker-service, shipment_booked and the
     * carrier's webhook events at tracking-service, the buyer's WhatsApp sends, every span's parent in
     * the trace (or the store's span, for the first).
     */
    private static void theOrderIsOneTrace(int traceViewerPort) throws Exception {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            HttpResponse<String> answer = CLIENT.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + traceViewerPort + "/api/v2/trace/" + TRACE_ID)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            List<JsonNode> spans = new ArrayList<>();
            JSON.readTree(answer.body()).forEach(spans::add);
            java.util.Set<String> ids = new java.util.HashSet<>();
            spans.forEach(span -> ids.add(span.path("id").asString()));
            assertThat(spans).allSatisfy(span -> assertThat(span.path("parentId").asString())
                    .as("parent of %s %s", span.path("localEndpoint").path("serviceName").asString(), span.path("name").asString())
                    .isIn(union(ids, STORE_SPAN_ID)));
            assertThat(spans).anySatisfy(span -> assertSpan(span, "api-service", "SERVER", "http post /api/orders"));
            assertThat(spans).anySatisfy(span -> assertSpan(span, "worker-service", "CONSUMER", "process_order"));
            assertThat(spans).anySatisfy(span -> {
                assertSpan(span, "worker-service", "CLIENT", "http post");
                assertThat(span.path("tags").path("http.url").asString()).contains("/carriers/servientrega/v1/shipments");
            });
            assertThat(spans).anySatisfy(span -> assertSpan(span, "tracking-service", "CONSUMER", "shipment_booked"));
            assertThat(spans).anySatisfy(span -> assertSpan(span, "tracking-service", "SERVER", "http post /webhooks/carriers/{carrier}"));
            assertThat(spans).anySatisfy(span -> assertSpan(span, "tracking-service", "CONSUMER", "carrier_event"));
            assertThat(spans).anySatisfy(span -> assertSpan(span, "worker-service", "CONSUMER", "send_whatsapp"));
            assertThat(spans).anySatisfy(span -> {
                assertSpan(span, "worker-service", "CLIENT", "http post");
                assertThat(span.path("tags").path("http.url").asString()).contains("/whatsapp/").endsWith("/messages");
            });
        });
    }

    private static void assertSpan(JsonNode span, String service, String kind, String name) {
        assertThat(span.path("localEndpoint").path("serviceName").asString()).isEqualTo(service);
        assertThat(span.path("kind").asString()).isEqualTo(kind);
        assertThat(span.path("name").asString()).isEqualTo(name);
    }

    private static java.util.Set<String> union(java.util.Set<String> ids, String more) {
        java.util.Set<String> all = new java.util.HashSet<>(ids);
        all.add(more);
        return all;
    }

    private static List<String> texts(JsonNode array, String field) {
        List<String> values = new ArrayList<>();
        array.forEach(node -> values.add(node.path(field).isNull() ? "" : node.path(field).asString()));
        return values;
    }

    /**
     * The delivered order's buyer in the store's inbox (docs/chat.md): outside the 24-hour window a
     * free reply is refused and a template goes through; the buyer writes, the inbox hears it live
     * (SSE through the gateway), a person takes over and replies, the buyer's phone gets it and its
     * delivery status comes back.
     */
    private static void buyerIsHeard(int port, int sandboxPort, String ownerToken, String orderId, String guide) throws Exception {
        // The order's notifications made the buyer's conversation in the demo store.
        AtomicReference<String> conversation = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode items = JSON.readTree(send(port, "GET", "/api/chat/conversations", ownerToken, null, Map.of()).body()).path("items");
            List<String> ids = new ArrayList<>();
            items.forEach(item -> {
                if (BUYER_PHONE.equals(item.path("buyerPhone").asString())) {
                    ids.add(item.path("id").asString());
                }
            });
            assertThat(ids).hasSize(1);
            conversation.set(ids.get(0));
        });
        String path = "/api/chat/conversations/" + conversation.get();
        JsonNode details = JSON.readTree(send(port, "GET", path, ownerToken, null, Map.of()).body());
        assertThat(details.path("orders").get(0).path("orderId").asString()).isEqualTo(orderId);
        assertThat(details.path("orders").get(0).path("lastEvent").asString()).isEqualTo("DELIVERED");
        assertThat(details.path("orders").get(0).path("trackingNumber").asString()).isEqualTo(guide);
        assertThat(details.path("conversation").path("serviceWindowOpen").asBoolean()).as("the buyer never wrote").isFalse();

        // Outside the buyer's window: free text is refused, naming the templates to use instead.
        HttpResponse<String> refused = send(port, "POST", path + "/messages", ownerToken, "{\"text\":\"Hola Ana, ¿todo bien?\"}", Map.of());
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(JSON.readTree(refused.body()).path("templates").toString()).contains("support_followup");
        HttpResponse<String> template = send(port, "POST", path + "/messages", ownerToken,
                "{\"template\":\"support_followup\",\"language\":\"es\",\"parameters\":[\"tu entrega\"]}", Map.of());
        assertThat(template.statusCode()).as(template.body()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(phone(sandboxPort).stream()
                .filter(m -> "support_followup".equals(m.path("template").asString())).map(m -> m.path("status").asString()))
                .containsExactly("read"));

        // A person's reply made a person the conversation's controller: the AI stays silent until handed back.
        JsonNode afterTemplate = JSON.readTree(send(port, "GET", path, ownerToken, null, Map.of()).body()).path("conversation");
        assertThat(afterTemplate.path("controller").asString()).isEqualTo("HUMAN");
        HttpResponse<String> handBack = send(port, "POST", path + "/hand-back", ownerToken, null, Map.of());
        assertThat(handBack.statusCode()).as(handBack.body()).isEqualTo(200);
        assertThat(JSON.readTree(handBack.body()).path("controller").asString()).isEqualTo("AI");

        // The inbox listens, through the gateway as the frontend does.
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        CompletableFuture<HttpResponse<Void>> stream = CLIENT.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/chat/events"))
                .header("Authorization", "Bearer " + ownerToken).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.fromLineSubscriber(new LineCollector(events)));
        try {
            await().atMost(Duration.ofSeconds(15)).until(() -> events.stream().anyMatch(line -> line.equals("event:ready")));

            // The buyer writes, and the inbox hears it live.
            buyerWrites(sandboxPort, "Hola, ¿dónde está mi pedido?");
            await().atMost(Duration.ofSeconds(30)).until(() -> events.stream()
                    .anyMatch(line -> line.startsWith("data:") && line.contains(conversation.get()) && line.contains("est\u00e1 mi pedido")));
        } finally {
            stream.cancel(true);
        }

        // The AI controls the conversation: the support agent (agent-orchestrator, on the sandbox's
        // Messages API) answers from the order's real data, which chat-service's task carried.
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(phone(sandboxPort).stream()
                .filter(m -> "text".equals(m.path("type").asString()) && m.path("text").asString().contains(guide))
                .map(m -> m.path("text").asString())).singleElement().satisfies(text -> assertThat(text).contains("Servientrega", "entregado")));
        // Its tracking_timeline tool read the shipment's events from tracking-service's public lookup.
        JsonNode modelCalls = JSON.readTree(CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sandboxPort
                + "/sandbox/anthropic/requests")).build(), HttpResponse.BodyHandlers.ofString()).body()).path("requests");
        assertThat(modelCalls.findValues("toolResults").stream().flatMap(results -> results.valueStream()).map(JsonNode::asString))
                .anySatisfy(result -> assertThat(result).contains("\"trackingNumber\":\"" + guide + "\"", "\"events\"", "DELIVERED"));

        // A person takes over (the AI stays silent from now on) and answers inside the window.
        HttpResponse<String> takeOver = send(port, "POST", path + "/take-over", ownerToken, null, Map.of());
        assertThat(takeOver.statusCode()).as(takeOver.body()).isEqualTo(200);
        assertThat(JSON.readTree(takeOver.body()).path("controller").asString()).isEqualTo("HUMAN");
        HttpResponse<String> reply = send(port, "POST", path + "/messages", ownerToken,
                "{\"text\":\"Claro Ana, ¿a qué dirección la enviamos?\"}", Map.of());
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(202);

        // The buyer's phone gets it as free text, and its delivery status flows back to the conversation.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(phone(sandboxPort).stream()
                .filter(m -> "Claro Ana, ¿a qué dirección la enviamos?".equals(m.path("text").asString()))
                .map(m -> m.path("type").asString() + ":" + m.path("status").asString())).containsExactly("text:read"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode messages = JSON.readTree(send(port, "GET", path, ownerToken, null, Map.of()).body()).path("messages");
            JsonNode last = messages.get(messages.size() - 1);
            assertThat(last.path("direction").asString()).isEqualTo("OUTBOUND");
            assertThat(last.path("body").asString()).isEqualTo("Claro Ana, ¿a qué dirección la enviamos?");
            assertThat(last.path("status").asString()).isEqualTo("READ");
        });
    }

    /**
     * Another buyer's order, which the sandbox's carrier keeps booked ("espera"), gets a new address:
     * the buyer asks the support agent, confirms with the reply button on their phone, and api-service
     * applies it (docs/agents.md, "Actions").
     */
    private static void buyerChangesTheAddress(int port, int sandboxPort, String key) throws Exception {
        String buyer = "+573005550101";
        HttpResponse<String> created = send(port, "POST", "/api/orders", key, """
                {"buyer": {"name": "Luis Pérez", "phone": "300 555 0101"},
                 "destination": {"address": "Calle 10 # 5-20 (espera)", "city": "Medellín"},
                 "items": [{"sku": "CAP-1", "name": "Gorra", "quantity": 1, "unitPrice": 30000}],
                 "declaredValue": 30000, "cashOnDelivery": 0}""", Map.of("Idempotency-Key", "flow-2"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String location = created.headers().firstValue("Location").orElseThrow();
        // Booked, and the buyer told (chat-service now knows the order and its guide).
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(phone(sandboxPort).stream()
                .filter(m -> buyer.equals(m.path("to").asString())).map(m -> m.path("template").asString())).contains("order_shipped"));
        String guide = JSON.readTree(send(port, "GET", location, key, null, Map.of()).body()).path("shipment").path("trackingNumber").asString();

        buyerWrites(sandboxPort, buyer, "Quiero cambiar la dirección de entrega del pedido " + guide
                + " a Calle 12 # 8-40, barrio Laureles, en Medellín");
        AtomicReference<String> yes = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            List<JsonNode> questions = phone(sandboxPort).stream().filter(m -> buyer.equals(m.path("to").asString())
                    && "interactive".equals(m.path("type").asString())).toList();
            assertThat(questions).hasSize(1);
            JsonNode question = questions.get(0);
            assertThat(question.path("text").asString()).contains(guide, "Nueva dirección: Calle 12 # 8-40, barrio Laureles");
            assertThat(question.path("buttons").get(0).path("title").asString()).isEqualTo("Sí, cambiar");
            yes.set(question.path("buttons").get(0).path("id").asString());
        });
        assertThat(JSON.readTree(send(port, "GET", location, key, null, Map.of()).body()).path("destination").path("address").asString())
                .as("nothing changes before the buyer confirms").isEqualTo("Calle 10 # 5-20 (espera)");

        press(sandboxPort, buyer, yes.get());
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            JsonNode order = JSON.readTree(send(port, "GET", location, key, null, Map.of()).body());
            assertThat(order.path("status").asString()).isEqualTo("BOOKED");
            assertThat(order.path("destination").path("address").asString()).isEqualTo("Calle 12 # 8-40, barrio Laureles");
            assertThat(texts(order.path("timeline"), "status")).contains("DELIVERY_CHANGED");
        });
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(phone(sandboxPort).stream()
                .filter(m -> buyer.equals(m.path("to").asString())).map(m -> m.path("text").asString()))
                .anySatisfy(text -> assertThat(text).startsWith("Listo: actualizamos la entrega de tu pedido con guía " + guide)));
    }

    private static void buyerWrites(int sandboxPort, String text) throws Exception {
        buyerWrites(sandboxPort, BUYER_PHONE, text);
    }

    /** The buyer presses a reply button of a message on their phone. */
    private static void press(int sandboxPort, String buyer, String buttonId) throws Exception {
        HttpResponse<String> pressed = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sandboxPort + "/sandbox/whatsapp/inbound"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"from\":\"" + buyer + "\",\"buttonId\":\"" + buttonId + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(pressed.statusCode()).as(pressed.body()).isEqualTo(202);
    }

    /** The buyer writes to the business on WhatsApp (the sandbox posts Meta's signed notification to chat-service). */
    private static void buyerWrites(int sandboxPort, String buyer, String text) throws Exception {
        HttpResponse<String> wrote = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sandboxPort + "/sandbox/whatsapp/inbound"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"from\":\"" + buyer + "\",\"name\":\"Ana Gómez\",\"text\":\"" + text + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(wrote.statusCode()).as(wrote.body()).isEqualTo(202);
    }

    /** What the sandbox's buyer phone received, in order. */
    private static List<JsonNode> phone(int sandboxPort) throws Exception {
        JsonNode messages = JSON.readTree(CLIENT.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + sandboxPort + "/sandbox/whatsapp/messages")).build(),
                HttpResponse.BodyHandlers.ofString()).body()).path("messages");
        List<JsonNode> list = new ArrayList<>();
        messages.forEach(list::add);
        return list;
    }

    /** Collects a streamed body's lines as they arrive. */
    private record LineCollector(BlockingQueue<String> lines) implements java.util.concurrent.Flow.Subscriber<String> {
        @Override
        public void onSubscribe(java.util.concurrent.Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            lines.add(line);
        }

        @Override
        public void onError(Throwable throwable) {
        }

        @Override
        public void onComplete() {
        }
    }

    static HttpResponse<String> signIn(int port, String username, String password) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/auth/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=password&username=" + username + "&password=" + password))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> send(int port, String method, String path, String key, String body, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::setHeader);
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
