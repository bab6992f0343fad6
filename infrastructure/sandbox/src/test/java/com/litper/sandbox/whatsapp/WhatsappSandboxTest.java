package com.litper.sandbox.whatsapp;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.litper.sandbox.SandboxHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.litper.sandbox.SandboxHttp;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
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
 * The Cloud API sandbox over real HTTP, with WireMock as chat-service's webhook: accepted sends and
 * the Graph errors worker-service classifies (190, 100, 132000, 132001, 131056, 130429), and status
 * notifications signed with the app secret, in the order sent → delivered → read.
 */
// Closed after the class: its webhooks must not keep retrying towards the stopped WireMock.
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "sandbox.whatsapp.access-token=test-token",
        "sandbox.whatsapp.app-secret=" + WhatsappSandboxTest.APP_SECRET,
        "sandbox.whatsapp.phone-number-id=" + WhatsappSandboxTest.NUMBER_ID,
        "sandbox.whatsapp.pair-interval=1s",
        "sandbox.whatsapp.status-delay=100ms",
        "sandbox.whatsapp.templates.promo_week.parameters=1",
        "sandbox.whatsapp.templates.promo_week.text=Hola {{1}}, esta semana envío gratis.",
        "sandbox.whatsapp.unreachable-numbers=+573009990000",
        "sandbox.webhooks.initial-backoff=100ms"})
class WhatsappSandboxTest {

    static final String APP_SECRET = "test-app-secret";
    static final String NUMBER_ID = "106540352242922";
    static final String MESSAGES = "/whatsapp/v21.0/" + NUMBER_ID + "/messages";
    static final Map<String, String> AUTH = Map.of("Authorization", "Bearer test-token");

    static final WireMockServer chat = new WireMockServer(wireMockConfig().dynamicPort());

    @DynamicPropertySource
    static void webhookUrl(DynamicPropertyRegistry registry) {
        if (!chat.isRunning()) {
            chat.start();
        }
        registry.add("sandbox.whatsapp.webhook-url", () -> chat.baseUrl() + "/webhooks/whatsapp");
    }

    @AfterAll
    static void stopWireMock() {
        chat.stop();
    }

    @LocalServerPort
    int port;

    SandboxHttp http;

    @BeforeEach
    void setUp() {
        http = new SandboxHttp(port);
        chat.stubFor(post(urlEqualTo("/webhooks/whatsapp")).willReturn(aResponse().withStatus(200).withBody("{\"messages\":0,\"statuses\":1}")));
    }

    @AfterEach
    void clearFaults() throws Exception {
        http.send("DELETE", "/sandbox/whatsapp/faults", null, Map.of());
    }

    static String buyer() {
        return "+5730" + (10_000_000 + ThreadLocalRandom.current().nextInt(89_999_999));
    }

    static String template(String to, String name, String language, String... parameters) {
        StringBuilder values = new StringBuilder();
        for (String parameter : parameters) {
            values.append(values.isEmpty() ? "" : ",").append("{\"type\":\"text\",\"text\":\"").append(parameter).append("\"}");
        }
        return """
                {"messaging_product":"whatsapp","recipient_type":"individual","to":"%s","type":"template",
                 "template":{"name":"%s","language":{"code":"%s"},"components":[{"type":"body","parameters":[%s]}]}}
                """.formatted(to.substring(1), name, language, values);
    }

    HttpResponse<String> send(String body) throws Exception {
        return http.send("POST", MESSAGES, body, AUTH);
    }

    static void assertGraphError(HttpResponse<String> answer, int status, int code) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
        JsonNode error = json(answer).path("error");
        assertThat(error.path("code").asInt()).as(answer.body()).isEqualTo(code);
        assertThat(error.path("type").asString()).isEqualTo("OAuthException");
        assertThat(error.path("message").asString()).isNotBlank();
        assertThat(error.path("fbtrace_id").asString()).isNotBlank();
    }

    List<JsonNode> messagesTo(String to) throws Exception {
        HttpResponse<String> answer = http.get("/sandbox/whatsapp/messages?to=" + URLEncoder.encode(to, StandardCharsets.UTF_8), Map.of());
        List<JsonNode> messages = new ArrayList<>();
        json(answer).path("messages").forEach(messages::add);
        return messages;
    }

    List<LoggedRequest> statusWebhooks(String messageId) {
        return chat.findAll(postRequestedFor(urlEqualTo("/webhooks/whatsapp")).withRequestBody(containing(messageId)));
    }

    @Test
    void aTemplateMessageIsAcceptedRecordedAndRendered() throws Exception {
        String to = buyer();
        HttpResponse<String> answer = send(template(to, "order_shipped", "es", "Ana", "SV123456789", "Servientrega"));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode body = json(answer);
        assertThat(body.path("messaging_product").asString()).isEqualTo("whatsapp");
        assertThat(body.path("contacts").path(0).path("input").asString()).isEqualTo(to.substring(1));
        assertThat(body.path("contacts").path(0).path("wa_id").asString()).isEqualTo(to.substring(1));
        String id = body.path("messages").path(0).path("id").asString();
        assertThat(id).startsWith("wamid.");

        HttpResponse<String> text = send("""
                {"messaging_product":"whatsapp","recipient_type":"individual","to":"%s","type":"text","text":{"body":"Hola"}}
                """.formatted(buyer().substring(1)));
        assertThat(text.statusCode()).isEqualTo(200);
        assertThat(json(text).path("messages").path(0).path("id").asString()).startsWith("wamid.").isNotEqualTo(id);

        List<JsonNode> listed = messagesTo(to);
        assertThat(listed).hasSize(1);
        JsonNode message = listed.get(0);
        assertThat(message.path("id").asString()).isEqualTo(id);
        assertThat(message.path("to").asString()).isEqualTo(to);
        assertThat(message.path("template").asString()).isEqualTo("order_shipped");
        assertThat(message.path("language").asString()).isEqualTo("es");
        assertThat(message.path("parameters").toString()).isEqualTo("[\"Ana\",\"SV123456789\",\"Servientrega\"]");
        assertThat(message.path("text").asString()).isEqualTo("Hola Ana, tu pedido ya fue despachado con Servientrega. Tu número de guía es SV123456789.");
        assertThat(message.path("receivedAt").asString()).isNotBlank();
        // "+" unencoded arrives as a space: the filter still finds the number.
        assertThat(json(http.get("/sandbox/whatsapp/messages?to=" + to, Map.of())).path("messages")).hasSize(1);

        String promo = buyer();
        assertThat(send(template(promo, "promo_week", "es", "Ana")).statusCode()).isEqualTo(200);
        assertThat(messagesTo(promo).get(0).path("text").asString()).isEqualTo("Hola Ana, esta semana envío gratis.");
    }

    @Test
    void aMissingOrWrongTokenIsA401GraphError() throws Exception {
        String body = template(buyer(), "order_delivered", "es", "Ana", "SV1", "Servientrega");
        assertGraphError(http.send("POST", MESSAGES, body, Map.of()), 401, 190);
        assertGraphError(http.send("POST", MESSAGES, body, Map.of("Authorization", "Bearer wrong")), 401, 190);
    }

    @Test
    void invalidRequestsGetTheCloudApisErrorCodes() throws Exception {
        String to = buyer();
        assertGraphError(send(template(to, "order_lost", "es", "Ana")), 404, 132001);
        assertGraphError(send(template(to, "order_shipped", "en_US", "Ana", "SV1", "Servientrega")), 404, 132001);
        HttpResponse<String> count = send(template(to, "order_exception", "es", "Ana", "SV1", "Servientrega"));
        assertGraphError(count, 400, 132000);
        assertThat(json(count).path("error").path("error_data").path("details").asString()).contains("(3)").contains("(4)");
        assertGraphError(send("{\"to\":\"573001234567\",\"type\":\"text\",\"text\":{\"body\":\"Hola\"}}"), 400, 100);
        assertGraphError(send("{\"messaging_product\":\"whatsapp\",\"to\":\"tres mil\",\"type\":\"text\",\"text\":{\"body\":\"Hola\"}}"), 400, 100);
        assertGraphError(send("{\"messaging_product\":\"whatsapp\",\"to\":\"573001234567\",\"type\":\"text\",\"text\":{}}"), 400, 100);
        assertGraphError(send("{\"messaging_product\":\"whatsapp\",\"to\":\"573001234567\",\"type\":\"sticker\"}"), 400, 100);
        assertGraphError(send("not json"), 400, 100);
        assertGraphError(http.send("POST", "/whatsapp/v21.0/999/messages", template(to, "order_shipped", "es", "A", "B", "C"), AUTH), 400, 100);
        assertThat(messagesTo(to)).isEmpty();
    }

    @Test
    void aSecondMessageToTheSameNumberTooSoonHitsThePairRateLimit() throws Exception {
        String to = buyer();
        assertThat(send(template(to, "order_shipped", "es", "Ana", "SV1", "Servientrega")).statusCode()).isEqualTo(200);
        assertGraphError(send(template(to, "order_out_for_delivery", "es", "Ana", "SV1", "Servientrega")), 400, 131056);
        // Another buyer is not held up.
        assertThat(send(template(buyer(), "order_shipped", "es", "Luis", "SV2", "Servientrega")).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200)).until(() ->
                send(template(to, "order_out_for_delivery", "es", "Ana", "SV1", "Servientrega")).statusCode() == 200);
        assertThat(messagesTo(to)).extracting(m -> m.path("template").asString())
                .containsExactly("order_shipped", "order_out_for_delivery");
    }

    @Test
    void injectedFaultsFailTheNextSendsWithTheChosenCodeThenSendsRecover() throws Exception {
        HttpResponse<String> set = http.send("PUT", "/sandbox/whatsapp/faults", "{\"failNext\": 1, \"errorCode\": 130429}", Map.of());
        assertThat(set.statusCode()).isEqualTo(200);
        assertGraphError(send(template(buyer(), "order_shipped", "es", "Ana", "SV1", "Servientrega")), 400, 130429);
        assertThat(send(template(buyer(), "order_shipped", "es", "Ana", "SV1", "Servientrega")).statusCode()).isEqualTo(200);

        http.send("PUT", "/sandbox/whatsapp/faults", "{\"failNext\": 1}", Map.of());
        assertGraphError(send(template(buyer(), "order_shipped", "es", "Ana", "SV1", "Servientrega")), 500, 131000);

        http.send("PUT", "/sandbox/whatsapp/faults", "{\"latencyMs\": 300}", Map.of());
        long start = System.nanoTime();
        assertThat(send(template(buyer(), "order_shipped", "es", "Ana", "SV1", "Servientrega")).statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(json(http.get("/sandbox/whatsapp/faults", Map.of())).path("latencyMs").asInt()).isEqualTo(300);
        assertThat(http.send("DELETE", "/sandbox/whatsapp/faults", null, Map.of()).statusCode()).isEqualTo(204);
        assertThat(json(http.get("/sandbox/whatsapp/faults", Map.of())).path("latencyMs").asInt()).isZero();
    }

    @Test
    void statusNotificationsAreSignedWithTheAppSecretAndArriveSentDeliveredRead() throws Exception {
        String to = buyer();
        String id = json(send(template(to, "order_delivered", "es", "Ana", "SV1", "Servientrega"))).path("messages").path(0).path("id").asString();

        await().atMost(Duration.ofSeconds(10)).until(() -> statusWebhooks(id).size() == 3);
        List<String> statuses = new ArrayList<>();
        long previous = 0;
        for (LoggedRequest webhook : statusWebhooks(id)) {
            assertThat(webhook.getHeader("X-Hub-Signature-256")).isEqualTo("sha256=" + SandboxHttp.hmacHex(APP_SECRET, webhook.getBodyAsString()));
            JsonNode notification = json(webhook.getBodyAsString());
            assertThat(notification.path("object").asString()).isEqualTo("whatsapp_business_account");
            JsonNode change = notification.path("entry").path(0).path("changes").path(0);
            assertThat(change.path("field").asString()).isEqualTo("messages");
            assertThat(change.path("value").path("metadata").path("phone_number_id").asString()).isEqualTo(NUMBER_ID);
            JsonNode status = change.path("value").path("statuses").path(0);
            assertThat(status.path("id").asString()).isEqualTo(id);
            assertThat(status.path("recipient_id").asString()).isEqualTo(to.substring(1));
            long timestamp = Long.parseLong(status.path("timestamp").asString());
            assertThat(timestamp).isGreaterThanOrEqualTo(previous);
            previous = timestamp;
            statuses.add(status.path("status").asString());
        }
        assertThat(statuses).containsExactly("sent", "delivered", "read");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(messagesTo(to).get(0).path("status").asString()).isEqualTo("read"));
    }

    @Test
    void aNumberNotOnWhatsappIsAcceptedThenReportedFailedWith131026() throws Exception {
        String id = json(send(template("+573009990000", "order_shipped", "es", "Ana", "SV1", "Servientrega")))
                .path("messages").path(0).path("id").asString();
        await().atMost(Duration.ofSeconds(10)).until(() -> statusWebhooks(id).size() == 1);
        JsonNode status = json(statusWebhooks(id).get(0).getBodyAsString()).path("entry").path(0).path("changes").path(0)
                .path("value").path("statuses").path(0);
        assertThat(status.path("status").asString()).isEqualTo("failed");
        assertThat(status.path("errors").path(0).path("code").asInt()).isEqualTo(131026);
    }

    static String text(String to, String body) {
        return """
                {"messaging_product":"whatsapp","recipient_type":"individual","to":"%s","type":"text","text":{"body":"%s"}}
                """.formatted(to.substring(1), body);
    }

    List<LoggedRequest> webhooksContaining(String text) {
        return chat.findAll(postRequestedFor(urlEqualTo("/webhooks/whatsapp")).withRequestBody(containing(text)));
    }

    @Test
    void aBuyersMessageIsPostedSignedInMetasShape() throws Exception {
        String from = buyer();
        HttpResponse<String> written = http.send("POST", "/sandbox/whatsapp/inbound",
                "{\"from\":\"" + from + "\",\"name\":\"Ana Gómez\",\"text\":\"Hola, ¿dónde está mi pedido?\"}", Map.of());
        assertThat(written.statusCode()).as(written.body()).isEqualTo(202);
        String id = json(written).path("id").asString();
        assertThat(id).startsWith("wamid.");

        await().atMost(Duration.ofSeconds(10)).until(() -> webhooksContaining(id).size() == 1);
        LoggedRequest webhook = webhooksContaining(id).get(0);
        assertThat(webhook.getHeader("X-Hub-Signature-256")).isEqualTo("sha256=" + SandboxHttp.hmacHex(APP_SECRET, webhook.getBodyAsString()));
        JsonNode value = json(webhook.getBodyAsString()).path("entry").path(0).path("changes").path(0).path("value");
        assertThat(value.path("metadata").path("phone_number_id").asString()).isEqualTo(NUMBER_ID);
        assertThat(value.path("contacts").path(0).path("profile").path("name").asString()).isEqualTo("Ana Gómez");
        assertThat(value.path("contacts").path(0).path("wa_id").asString()).isEqualTo(from.substring(1));
        JsonNode message = value.path("messages").path(0);
        assertThat(message.path("from").asString()).isEqualTo(from.substring(1));
        assertThat(message.path("id").asString()).isEqualTo(id);
        assertThat(message.path("type").asString()).isEqualTo("text");
        assertThat(message.path("text").path("body").asString()).isEqualTo("Hola, ¿dónde está mi pedido?");
        assertThat(Long.parseLong(message.path("timestamp").asString())).isPositive();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(json(http.get("/sandbox/whatsapp/inbound", Map.of()))
                .path("messages").toString()).contains(id).contains("delivered"));

        HttpResponse<String> bad = http.send("POST", "/sandbox/whatsapp/inbound", "{\"from\":\"12\",\"text\":\"\"}", Map.of());
        assertThat(bad.statusCode()).isEqualTo(400);
    }

    @Test
    void replyButtonsAreSentAndTheBuyerCanPressOne() throws Exception {
        String to = buyer();
        assertThat(http.send("POST", "/sandbox/whatsapp/inbound", "{\"from\":\"" + to + "\",\"text\":\"Cambia mi dirección\"}", Map.of())
                .statusCode()).isEqualTo(202);
        String buttons = """
                {"messaging_product":"whatsapp","recipient_type":"individual","to":"%s","type":"interactive",
                 "interactive":{"type":"button","body":{"text":"¿Confirmas el cambio?"},"action":{"buttons":[
                   {"type":"reply","reply":{"id":"action:1:yes","title":"Sí, cambiar"}},{"type":"reply","reply":{"id":"action:1:no","title":"No"}}]}}}
                """.formatted(to.substring(1));
        HttpResponse<String> sent = send(buttons);
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(200);
        String sentId = json(sent).path("messages").path(0).path("id").asString();
        JsonNode recorded = messagesTo(to).get(0);
        assertThat(recorded.path("type").asString()).isEqualTo("interactive");
        assertThat(recorded.path("text").asString()).isEqualTo("¿Confirmas el cambio?");
        assertThat(recorded.path("buttons").get(0).path("title").asString()).isEqualTo("Sí, cambiar");
        // Beyond WhatsApp's limits: a title over 20 characters, four buttons.
        Thread.sleep(1_100); // the pair rate limit of this test's sandbox (1 s)
        assertGraphError(send(buttons.replace("Sí, cambiar", "Sí, cambiar la dirección")), 400, 100);
        String four = buttons.replace("]}}}", ",{\"type\":\"reply\",\"reply\":{\"id\":\"b\",\"title\":\"B\"}},"
                + "{\"type\":\"reply\",\"reply\":{\"id\":\"c\",\"title\":\"C\"}}]}}}");
        assertGraphError(send(four), 400, 100);

        HttpResponse<String> pressed = http.send("POST", "/sandbox/whatsapp/inbound",
                "{\"from\":\"" + to + "\",\"buttonId\":\"action:1:yes\"}", Map.of());
        assertThat(pressed.statusCode()).as(pressed.body()).isEqualTo(202);
        String id = json(pressed).path("id").asString();
        await().atMost(Duration.ofSeconds(10)).until(() -> webhooksContaining(id).size() == 1);
        JsonNode message = json(webhooksContaining(id).get(0).getBodyAsString()).path("entry").path(0).path("changes").path(0).path("value")
                .path("messages").path(0);
        assertThat(message.path("type").asString()).isEqualTo("interactive");
        assertThat(message.path("context").path("id").asString()).isEqualTo(sentId);
        assertThat(message.path("interactive").path("type").asString()).isEqualTo("button_reply");
        assertThat(message.path("interactive").path("button_reply").path("id").asString()).isEqualTo("action:1:yes");
        assertThat(message.path("interactive").path("button_reply").path("title").asString()).isEqualTo("Sí, cambiar");

        HttpResponse<String> unknown = http.send("POST", "/sandbox/whatsapp/inbound", "{\"from\":\"" + to + "\",\"buttonId\":\"nope\"}",
                Map.of());
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(json(unknown).path("detail").asString()).contains("has a reply button with id 'nope'");
    }

    @Test
    void freeTextReachesABuyerOnlyWithin24HoursOfTheirLastMessage() throws Exception {
        String to = buyer();
        // Never wrote: accepted, then reported failed with 131047, as Meta does.
        String early = json(send(text(to, "Hola, te escribimos por tu pedido"))).path("messages").path(0).path("id").asString();
        await().atMost(Duration.ofSeconds(10)).until(() -> statusWebhooks(early).size() == 1);
        JsonNode failed = json(statusWebhooks(early).get(0).getBodyAsString()).path("entry").path(0).path("changes").path(0)
                .path("value").path("statuses").path(0);
        assertThat(failed.path("status").asString()).isEqualTo("failed");
        assertThat(failed.path("errors").path(0).path("code").asInt()).isEqualTo(131047);
        assertThat(messagesTo(to).get(0).path("errorCode").asInt()).isEqualTo(131047);
        // A template is business-initiated: it goes through outside the window.
        Thread.sleep(1_100); // the pair rate limit of this test's sandbox (1 s)
        String template = json(send(template(to, "order_delivered", "es", "Ana", "SV1", "Servientrega"))).path("messages").path(0).path("id").asString();
        await().atMost(Duration.ofSeconds(10)).until(() -> statusWebhooks(template).size() == 3);

        // The buyer writes: free text reaches them now.
        assertThat(http.send("POST", "/sandbox/whatsapp/inbound", "{\"from\":\"" + to + "\",\"text\":\"Gracias\"}", Map.of()).statusCode())
                .isEqualTo(202);
        Thread.sleep(1_100);
        String reply = json(send(text(to, "Con gusto, Ana"))).path("messages").path(0).path("id").asString();
        await().atMost(Duration.ofSeconds(10)).until(() -> statusWebhooks(reply).size() == 3);
        assertThat(statusWebhooks(reply)).noneMatch(webhook -> webhook.getBodyAsString().contains("131047"));
    }
}
