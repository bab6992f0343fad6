package com.litper.sandbox.anthropic;

import static com.litper.sandbox.SandboxHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.litper.sandbox.SandboxHttp;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The Messages API sandbox over real HTTP: Anthropic's wire format, the scripted Spanish support
 * answers (tool use of the request's own tools, then text from the tool result), its errors, the
 * injected faults with {@code retry-after}, and the concurrency high-water mark.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "sandbox.anthropic.api-key=test-key", "sandbox.anthropic.retry-after=2s"})
class AnthropicSandboxTest {

    private static final Map<String, String> AUTH = Map.of("x-api-key", "test-key", "anthropic-version", "2023-06-01");
    private static final String TOOLS = """
            [{"name":"buyer_orders","description":"Los pedidos del comprador","input_schema":{"type":"object","properties":{}}},
             {"name":"hand_over_to_person","description":"Pasa la conversación a una persona","input_schema":{"type":"object",
              "properties":{"reason":{"type":"string"},"summary":{"type":"string"}},"required":["reason","summary"]},
              "cache_control":{"type":"ephemeral"}}]""";

    @LocalServerPort
    int port;

    SandboxHttp http;

    @BeforeEach
    void setUp() throws Exception {
        http = new SandboxHttp(port);
        http.send("DELETE", "/sandbox/anthropic/faults", null, Map.of());
        http.send("DELETE", "/sandbox/anthropic/requests", null, Map.of());
    }

    @AfterEach
    void clearFaults() throws Exception {
        http.send("DELETE", "/sandbox/anthropic/faults", null, Map.of());
    }

    private static final String TOOLS_WITH_TIMELINE = TOOLS.replaceFirst("\\[", """
            [{"name":"tracking_timeline","description":"El historial de un envío","input_schema":{"type":"object",
              "properties":{"trackingNumber":{"type":"string"}},"required":["trackingNumber"]}},""");
    private static final String ORDERS_TURNS = """
            [{"role":"user","content":[{"type":"text","text":"¿Qué pasó con mi pedido?"}]},
             {"role":"assistant","content":[{"type":"tool_use","id":"toolu_1","name":"buyer_orders","input":{}}]},
             {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":"{\\"buyerFirstName\\":\\"Ana\\",\\"orders\\":[{\\"trackingNumber\\":\\"SV123456789\\",\\"carrierName\\":\\"Servientrega\\",\\"lastEvent\\":\\"DELIVERED\\"},{\\"trackingNumber\\":\\"CO5550001\\",\\"carrierName\\":\\"Coordinadora\\",\\"lastEvent\\":\\"SHIPPED\\"}]}"}]}""";

    private HttpResponse<String> create(String messages, Map<String, String> headers) throws Exception {
        return create(TOOLS, messages, headers);
    }

    private HttpResponse<String> create(String tools, String messages, Map<String, String> headers) throws Exception {
        String body = """
                {"model":"claude-sonnet-4-5","max_tokens":512,
                 "system":[{"type":"text","text":"Eres el asistente de soporte de la tienda.","cache_control":{"type":"ephemeral"}}],
                 "tools":%s,"messages":%s}""".formatted(tools, messages);
        return http.send("POST", "/anthropic/v1/messages", body, headers);
    }

    @Test
    void anOrderQuestionIsAToolUseOfTheOrdersToolAndItsResultBecomesTheAnswer() throws Exception {
        HttpResponse<String> first = create("[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"¿Dónde está mi pedido?\"}]}]", AUTH);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        JsonNode message = json(first);
        assertThat(message.path("type").asString()).isEqualTo("message");
        assertThat(message.path("role").asString()).isEqualTo("assistant");
        assertThat(message.path("stop_reason").asString()).isEqualTo("tool_use");
        JsonNode toolUse = message.path("content").get(0);
        assertThat(toolUse.path("type").asString()).isEqualTo("tool_use");
        assertThat(toolUse.path("name").asString()).isEqualTo("buyer_orders");
        assertThat(toolUse.path("id").asString()).startsWith("toolu_");
        assertThat(first.headers().firstValue("anthropic-ratelimit-requests-remaining")).isPresent();
        assertThat(first.headers().firstValue("request-id").orElseThrow()).startsWith("req_");
        assertThat(message.path("usage").path("cache_creation_input_tokens").asLong()).isPositive();

        String id = toolUse.path("id").asString();
        HttpResponse<String> second = create("""
                [{"role":"user","content":[{"type":"text","text":"¿Dónde está mi pedido?"}]},
                 {"role":"assistant","content":[{"type":"tool_use","id":"%s","name":"buyer_orders","input":{}}]},
                 {"role":"user","content":[{"type":"tool_result","tool_use_id":"%s","content":"{\\"buyerFirstName\\":\\"Ana\\",\\"orders\\":[{\\"trackingNumber\\":\\"SV123456789\\",\\"carrierName\\":\\"Servientrega\\",\\"lastEvent\\":\\"OUT_FOR_DELIVERY\\"}]}"}]}]"""
                .formatted(id, id), AUTH);
        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        JsonNode answer = json(second);
        assertThat(answer.path("stop_reason").asString()).isEqualTo("end_turn");
        assertThat(answer.path("content").get(0).path("text").asString())
                .isEqualTo("Hola Ana, tu pedido con guía SV123456789 de Servientrega está en reparto y llega hoy a tu dirección.");
        // The same system prompt and tools: the cached prefix is read, not written again.
        assertThat(answer.path("usage").path("cache_read_input_tokens").asLong()).isPositive();
        assertThat(answer.path("usage").path("cache_creation_input_tokens").asLong()).isZero();
    }

    @Test
    void aComplaintIsHandedToAPersonAsAComplaint() throws Exception {
        String tools = """
                [{"name":"buyer_orders","description":"Los pedidos","input_schema":{"type":"object","properties":{}}},
                 {"name":"hand_over_to_person","description":"Persona","input_schema":{"type":"object","properties":{}}}]""";
        JsonNode answer = json(http.send("POST", "/anthropic/v1/messages", """
                {"model":"m","max_tokens":100,"tools":%s,"messages":[{"role":"user","content":"Esto es un pésimo servicio, nadie me responde"}]}"""
                .formatted(tools), AUTH));
        assertThat(answer.path("content").get(0).path("name").asString()).isEqualTo("hand_over_to_person");
        assertThat(answer.path("content").get(0).path("input").path("reason").asString()).isEqualTo("COMPLAINT");
        // Without the words of a complaint it is not one.
        JsonNode calm = json(http.send("POST", "/anthropic/v1/messages", """
                {"model":"m","max_tokens":100,"tools":%s,"messages":[{"role":"user","content":"¿dónde está mi pedido?"}]}"""
                .formatted(tools), AUTH));
        assertThat(calm.path("content").get(0).path("name").asString()).isEqualTo("buyer_orders");
    }

    @Test
    void aBuyerAskingToChangeTheAddressOrToCancelGetsTheActionToolsOnTheirOrder() throws Exception {
        String tools = """
                [{"name":"buyer_orders","description":"Los pedidos","input_schema":{"type":"object","properties":{}}},
                 {"name":"request_delivery_change","description":"Cambio de entrega","input_schema":{"type":"object","properties":{}}},
                 {"name":"cancel_order","description":"Cancelar","input_schema":{"type":"object","properties":{}}},
                 {"name":"hand_over_to_person","description":"Persona","input_schema":{"type":"object","properties":{}}}]""";
        String ask = "Quiero cambiar la dirección de entrega a Calle 80 # 10-20, barrio Chicó, en Bogotá";
        JsonNode first = json(http.send("POST", "/anthropic/v1/messages", """
                {"model":"m","max_tokens":100,"tools":%s,"messages":[{"role":"user","content":"%s"}]}""".formatted(tools, ask), AUTH));
        assertThat(first.path("content").get(0).path("name").asString()).as("the orders first").isEqualTo("buyer_orders");

        String id = first.path("content").get(0).path("id").asString();
        JsonNode second = json(http.send("POST", "/anthropic/v1/messages", """
                {"model":"m","max_tokens":100,"tools":%s,"messages":[{"role":"user","content":"%s"},
                 {"role":"assistant","content":[{"type":"tool_use","id":"%s","name":"buyer_orders","input":{}}]},
                 {"role":"user","content":[{"type":"tool_result","tool_use_id":"%s","content":"{\\"orders\\":[{\\"orderId\\":\\"o-1\\",\\"trackingNumber\\":\\"SV123456789\\"}]}"}]}]}"""
                .formatted(tools, ask, id, id), AUTH));
        JsonNode change = second.path("content").get(0);
        assertThat(change.path("name").asString()).isEqualTo("request_delivery_change");
        assertThat(change.path("input").path("order").asString()).isEqualTo("SV123456789");
        assertThat(change.path("input").path("newAddress").asString()).isEqualTo("Calle 80 # 10-20, barrio Chicó");
        assertThat(change.path("input").path("newCity").asString()).isEqualTo("Bogotá");

        String changeId = change.path("id").asString();
        JsonNode third = json(http.send("POST", "/anthropic/v1/messages", """
                {"model":"m","max_tokens":100,"tools":%s,"messages":[{"role":"user","content":"%s"},
                 {"role":"assistant","content":[{"type":"tool_use","id":"%s","name":"request_delivery_change","input":{}}]},
                 {"role":"user","content":[{"type":"tool_result","tool_use_id":"%s","content":"Listo: el comprador recibió botones"}]}]}"""
                .formatted(tools, ask, changeId, changeId), AUTH));
        assertThat(third.path("content").get(0).path("text").asString()).contains("confirmes con el botón");

        JsonNode cancel = json(http.send("POST", "/anthropic/v1/messages", """
                {"model":"m","max_tokens":100,"tools":%s,"messages":[{"role":"user","content":"Por favor cancela el pedido SV987654321"}]}"""
                .formatted(tools), AUTH));
        assertThat(cancel.path("content").get(0).path("name").asString()).isEqualTo("cancel_order");
        assertThat(cancel.path("content").get(0).path("input").path("order").asString()).isEqualTo("SV987654321");
    }

    @Test
    void withATimelineToolTheOrdersAreFollowedByTheFirstOrdersTimelineAndItsEventsBecomeTheAnswer() throws Exception {
        JsonNode ask = json(create(TOOLS_WITH_TIMELINE, ORDERS_TURNS + "]", AUTH));
        assertThat(ask.path("stop_reason").asString()).isEqualTo("tool_use");
        assertThat(ask.path("content").get(0).path("name").asString()).isEqualTo("tracking_timeline");
        assertThat(ask.path("content").get(0).path("input").path("trackingNumber").asString()).isEqualTo("SV123456789");

        String timelineTurns = ORDERS_TURNS + """
                ,{"role":"assistant","content":[{"type":"tool_use","id":"toolu_2","name":"tracking_timeline","input":{"trackingNumber":"SV123456789"}}]},
                 {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_2",%s}]}]""";
        JsonNode answer = json(create(TOOLS_WITH_TIMELINE, timelineTurns.formatted("""
                "content":"{\\"trackingNumber\\":\\"SV123456789\\",\\"carrierName\\":\\"Servientrega\\",\\"status\\":\\"DELIVERED\\",\\"events\\":[{\\"status\\":\\"PICKED_UP\\",\\"description\\":\\"Recogida en bodega\\",\\"occurredAt\\":\\"2026-11-25T15:00:00Z\\"},{\\"status\\":\\"DELIVERED\\",\\"description\\":\\"Entregado\\",\\"occurredAt\\":\\"2026-11-26T17:30:00Z\\"}]}\""""), AUTH));
        assertThat(answer.path("stop_reason").asString()).isEqualTo("end_turn");
        assertThat(answer.path("content").get(0).path("text").asString())
                .isEqualTo("Hola Ana, tu pedido con guía SV123456789 de Servientrega fue entregado. Su recorrido: Recogida en bodega el 25/11"
                        + " 10:00; Entregado el 26/11 12:30. Además, el pedido con guía CO5550001 de Coordinadora fue despachado y va en camino.");

        // A failed timeline: the answer comes from the orders.
        JsonNode fallback = json(create(TOOLS_WITH_TIMELINE, timelineTurns.formatted("\"content\":\"no disponible\",\"is_error\":true"), AUTH));
        assertThat(fallback.path("content").get(0).path("text").asString()).startsWith("Hola Ana, tu pedido con guía SV123456789 de Servientrega fue entregado;");
    }

    @Test
    void aBuyerAskingForAPersonGetsTheHandOverToolAndOtherwiseAShortText() throws Exception {
        JsonNode handover = json(create("[{\"role\":\"user\",\"content\":\"Quiero hablar con un asesor\"}]",
                Map.of("Authorization", "Bearer test-key", "anthropic-version", "2023-06-01")));
        assertThat(handover.path("stop_reason").asString()).isEqualTo("tool_use");
        assertThat(handover.path("content").get(0).path("name").asString()).isEqualTo("hand_over_to_person");
        assertThat(handover.path("content").get(0).path("input").path("reason").asString()).isEqualTo("BUYER_ASKED");

        JsonNode hello = json(create("[{\"role\":\"user\",\"content\":\"Hola, buenas tardes\"}]", AUTH));
        assertThat(hello.path("stop_reason").asString()).isEqualTo("end_turn");
        assertThat(hello.path("content").get(0).path("text").asString()).contains("asistente de la tienda");
    }

    @Test
    void errorsComeInAnthropicsFormat() throws Exception {
        HttpResponse<String> noKey = create("[{\"role\":\"user\",\"content\":\"hola\"}]", Map.of("anthropic-version", "2023-06-01"));
        assertThat(noKey.statusCode()).isEqualTo(401);
        assertThat(json(noKey).path("error").path("type").asString()).isEqualTo("authentication_error");

        HttpResponse<String> noVersion = create("[{\"role\":\"user\",\"content\":\"hola\"}]", Map.of("x-api-key", "test-key"));
        assertThat(noVersion.statusCode()).isEqualTo(400);

        HttpResponse<String> orphan = create("[{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_x\",\"content\":\"{}\"}]}]", AUTH);
        assertThat(orphan.statusCode()).isEqualTo(400);
        assertThat(json(orphan).path("type").asString()).isEqualTo("error");
        assertThat(json(orphan).path("error").path("type").asString()).isEqualTo("invalid_request_error");
        assertThat(json(orphan).path("error").path("message").asString()).contains("tool_use_id");
    }

    @Test
    void injectedFaultsAnswer429And529WithRetryAfterThenSucceed() throws Exception {
        assertThat(http.send("PUT", "/sandbox/anthropic/faults", "{\"failNext\":1,\"failStatus\":429}", Map.of()).statusCode()).isEqualTo(200);
        HttpResponse<String> limited = create("[{\"role\":\"user\",\"content\":\"hola\"}]", AUTH);
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("retry-after")).contains("2");
        assertThat(json(limited).path("error").path("type").asString()).isEqualTo("rate_limit_error");

        http.send("PUT", "/sandbox/anthropic/faults", "{\"failNext\":1}", Map.of());
        HttpResponse<String> overloaded = create("[{\"role\":\"user\",\"content\":\"hola\"}]", AUTH);
        assertThat(overloaded.statusCode()).isEqualTo(529);
        assertThat(json(overloaded).path("error").path("type").asString()).isEqualTo("overloaded_error");

        assertThat(create("[{\"role\":\"user\",\"content\":\"hola\"}]", AUTH).statusCode()).isEqualTo(200);
    }

    @Test
    void theRequestListCountsHowManyWereAnsweredAtOnce() throws Exception {
        http.send("PUT", "/sandbox/anthropic/faults", "{\"latencyMs\":400}", Map.of());
        List<CompletableFuture<Integer>> calls = new ArrayList<>();
        java.util.concurrent.ExecutorService callers = java.util.concurrent.Executors.newFixedThreadPool(4);
        for (int i = 0; i < 4; i++) {
            calls.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return create("[{\"role\":\"user\",\"content\":\"hola\"}]", AUTH).statusCode();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, callers));
        }
        assertThat(calls.stream().map(CompletableFuture::join)).containsOnly(200);
        callers.shutdown();
        JsonNode list = json(http.get("/sandbox/anthropic/requests", Map.of()));
        assertThat(list.path("requests").size()).isEqualTo(4);
        assertThat(list.path("highWater").asInt()).isBetween(2, 4);
        assertThat(list.path("inFlight").asInt()).isZero();
        assertThat(list.path("requests").get(0).path("lastUserText").asString()).isEqualTo("hola");
    }
}
