package com.litper.chat.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.litper.common.queue.Task;
import com.litper.common.queue.TaskHandler;
import com.litper.common.queue.TaskListener;
import com.litper.common.queue.TaskPriority;
import com.litper.common.queue.TaskQueue;
import com.litper.common.queue.TaskWorker;
import com.litper.common.queue.WorkerSettings;
import com.litper.common.testing.Http;
import com.litper.embedded.EmbeddedInfrastructure;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The WhatsApp webhook against real PostgreSQL and Redis: the handshake, the signature, what a
 * notification stores and enqueues, and that a refused one leaves nothing behind. Tasks go to the
 * {@code agents} queue (application.yml), which nothing consumes in these tests, so its depth shows
 * exactly what the webhook enqueued.
 */
@ExtendWith(EmbeddedInfrastructure.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "litper.chat.whatsapp.verify-token=" + WhatsappWebhookTest.VERIFY_TOKEN,
        "litper.chat.whatsapp.app-secret=" + WhatsappWebhookTest.APP_SECRET,
        "litper.chat.phone-number-stores." + WhatsappWebhookTest.MAPPED_NUMBER + "=" + WhatsappWebhookTest.MAPPED_STORE,
        "litper.chat.default-store-id=" + WhatsappWebhookTest.DEFAULT_STORE})
class WhatsappWebhookTest {

    static final String VERIFY_TOKEN = "test-verify-token";
    static final String APP_SECRET = "test-app-secret";
    static final String MAPPED_NUMBER = "106540352242922";
    static final String MAPPED_STORE = "6f1c2a3e-2b6d-4a8e-9a51-0c3d8e1f7a10";
    static final String DEFAULT_STORE = "0b8e4d92-5f3a-4c1e-8d7b-9e2a6c4f1d30";
    private static final String QUEUE = "agents";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TaskQueue queue;

    @Autowired
    StringRedisTemplate redis;

    @Autowired
    MeterRegistry meters;

    // ---- handshake ----

    @Test
    void theHandshakeWithTheVerifyTokenEchoesTheChallenge() {
        Http.Response response = handshake("subscribe", VERIFY_TOKEN, "1158201444");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("text/plain");
        assertThat(response.body()).isEqualTo("1158201444");
    }

    @Test
    void aHandshakeWithAWrongOrMissingTokenOrModeIs403() {
        assertProblem(handshake("subscribe", "wrong-token", "1158201444"), 403);
        assertProblem(handshake("subscribe", VERIFY_TOKEN + "x", "1158201444"), 403);
        assertProblem(handshake("subscribe", null, "1158201444"), 403);
        assertProblem(handshake("unsubscribe", VERIFY_TOKEN, "1158201444"), 403);
        assertProblem(handshake(null, VERIFY_TOKEN, "1158201444"), 403);
        assertProblem(handshake("subscribe", "", "1158201444"), 403);
    }

    // ---- signature ----

    @Test
    void aWrongOrMissingSignatureIs401AndNothingIsStoredOrEnqueued() {
        String wamid = newWamid();
        String body = textMessage(MAPPED_NUMBER, "573001234567", "Ana", wamid, "Hola");
        long before = depth();

        assertProblem(post(body, Map.of()), 401);
        assertProblem(post(body, Map.of("X-Hub-Signature-256", "")), 401);
        assertProblem(post(body, Map.of("X-Hub-Signature-256", "sha256=" + hmac("another-secret", body))), 401);
        assertProblem(post(body, Map.of("X-Hub-Signature-256", hmac(APP_SECRET, body))), 401);
        assertProblem(post(body, Map.of("X-Hub-Signature-256", "sha1=" + hmac(APP_SECRET, body))), 401);
        // Signed for another body: a tampered notification.
        assertProblem(post(body.replace("Hola", "Adiós"), Map.of("X-Hub-Signature-256", "sha256=" + hmac(APP_SECRET, body))), 401);

        assertNothingStored(wamid, before);
    }

    @Test
    void theSignatureCoversTheRawBytesAsSent() {
        String wamid = newWamid();
        // Spacing, member order and escapes that re-serialising would change.
        String body = "{ \"entry\":[{\"id\":\"1\",\"changes\":[{\"value\":{\"messaging_product\":\"whatsapp\","
                + "\"metadata\":{\"display_phone_number\":\"15550000000\",\"phone_number_id\":\"" + MAPPED_NUMBER + "\"},"
                + "\"messages\":[{\"from\":\"573001234567\",\"id\":\"" + wamid + "\",\"timestamp\":\"1732550000\",\"type\":\"text\","
                + "\"text\":{\"body\":\"\\u00bfD\\u00f3nde est\\u00e1 mi pedido?\"}}]},\n \"field\":\"messages\"}]}],"
                + " \"object\" : \"whatsapp_business_account\" }";
        Http.Response response = signedPost(body);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(body(wamid)).isEqualTo("¿Dónde está mi pedido?");
    }

    // ---- malformed ----

    @Test
    void aBodyThatIsNoNotificationIs400AndNothingIsStored() {
        String wamid = newWamid();
        long before = depth();
        double refused = rejected("notification");
        assertProblem(signedPost("{\"object\": \"whatsapp_business_account\", \"entry\": [" + wamid), 400);
        assertProblem(signedPost("[\"" + wamid + "\"]"), 400);
        assertProblem(signedPost(""), 400);
        assertProblem(signedPost(textMessage(MAPPED_NUMBER, "573001234567", "Ana", wamid, "Hola")
                .replace("whatsapp_business_account", "page")), 400);

        Http.Response noEntry = signedPost("{\"object\": \"whatsapp_business_account\"}");
        assertProblem(noEntry, 400);
        assertThat(noEntry.json().path("errors").findValuesAsString("field")).containsExactly("entry");

        assertNothingStored(wamid, before);
        assertThat(rejected("notification")).isEqualTo(refused + 5);
    }

    @Test
    void eachEntryChangeMessageAndStatusIsReadOnItsOwnAndOnlyTheMalformedOnesArePassedOver() {
        String phone = newPhone();
        String good = newWamid();
        String alsoGood = newWamid();
        String noTimestamp = newWamid();
        String ofChangeWithoutNumber = newWamid();
        String badStatus = newWamid();
        String goodStatus = newWamid();
        String longText = "x".repeat(4097);
        double entries = rejected("entry");
        double changes = rejected("change");
        double messages = rejected("message");
        double statuses = rejected("status");
        String body = """
                {"object":"whatsapp_business_account","entry":[
                 {"id":"1","changes":[{"field":"messages","value":{"metadata":{"phone_number_id":"%1$s"},
                   "messages":[{"from":"%2$s","id":"%3$s","timestamp":"1732550000","type":"text","text":{"body":"Hola"}}]}}]},
                 "not an entry",
                 {"id":"3","changes":[{"field":"messages","value":{"metadata":{"phone_number_id":"%1$s"},
                   "messages":[{"from":"%2$s","id":"%4$s","type":"text","text":{"body":"%5$s"}},
                               {"from":"%2$s","id":"%6$s","timestamp":"1732550001","type":"text","text":{"body":"¿Y mi pedido?"}}],
                   "statuses":[{"id":"%7$s","status":"read","timestamp":"yesterday","recipient_id":"%2$s"},
                               {"id":"%8$s","status":"sent","timestamp":"1732550002","recipient_id":"%2$s"}]}},
                  {"field":"messages","value":{"metadata":{},
                   "messages":[{"from":"%2$s","id":"%9$s","timestamp":"1732550003","type":"text","text":{"body":"Hola"}}]}}]},
                 {"id":"4"}]}"""
                .formatted(MAPPED_NUMBER, phone, good, noTimestamp, longText, alsoGood, badStatus, goodStatus, ofChangeWithoutNumber);

        Http.Response response = signedPost(body);

        // Signed, so answered 200: Meta would only deliver the same bad parts again, and the good ones with them.
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().path("messages").asInt()).isEqualTo(2);
        assertThat(response.json().path("statuses").asInt()).isEqualTo(1);
        assertThat(response.json().path("rejected").asInt()).isEqualTo(5);
        assertThat(messageCount(good)).isEqualTo(1);
        assertThat(messageCount(alsoGood)).isEqualTo(1);
        assertThat(body(alsoGood)).isEqualTo("¿Y mi pedido?");
        assertThat(statusOf(goodStatus)).isEqualTo("SENT");
        assertThat(handedOff(good)).isTrue();
        assertThat(handedOff(alsoGood)).isTrue();
        assertThat(messageCount(noTimestamp)).isZero();
        assertThat(messageCount(badStatus)).isZero();
        assertThat(messageCount(ofChangeWithoutNumber)).isZero();
        assertThat(outboxRows(noTimestamp) + outboxRows(ofChangeWithoutNumber)).isZero();
        assertThat(outboxRows(good) + outboxRows(alsoGood)).isEqualTo(2);
        await().atMost(Duration.ofSeconds(10)).until(() -> outboxSent(good) && outboxSent(alsoGood));
        // "not an entry" and the entry without changes; the change without its number; the message and the status.
        assertThat(rejected("entry")).isEqualTo(entries + 2);
        assertThat(rejected("change")).isEqualTo(changes + 1);
        assertThat(rejected("message")).isEqualTo(messages + 1);
        assertThat(rejected("status")).isEqualTo(statuses + 1);

        // Delivered again, as Meta does when it missed the answer: nothing is stored twice.
        assertThat(signedPost(body).status()).isEqualTo(200);
        assertThat(messageCount(good) + messageCount(alsoGood)).isEqualTo(2);
        assertThat(outboxRows(good) + outboxRows(alsoGood)).isEqualTo(2);
    }

    @Test
    void otherChangesAndUnknownStatusesAreAcknowledgedAndIgnored() {
        String other = """
                {"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"account_update","value":{"event":"X"}}]}]}""";
        assertThat(signedPost(other).status()).isEqualTo(200);
        String wamid = newWamid();
        Http.Response deleted = signedPost(status(MAPPED_NUMBER, wamid, "deleted", 1732550000, "573001234567", null));
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
        assertThat(messageCount(wamid)).isZero();
    }

    // ---- inbound messages ----

    @Test
    void anInboundMessageIsStoredOnceAndHandedToTheAgentsOnceEvenWhenDeliveredTwice() {
        String wamid = newWamid();
        String phone = newPhone();
        String body = textMessage(MAPPED_NUMBER, phone, "Ana", wamid, "¿Dónde está mi pedido?");
        long before = depth();

        Http.Response first = signedPost(body);
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(first.json().path("messages").asInt()).isEqualTo(1);
        // Meta re-delivers when it missed the answer.
        assertThat(signedPost(body).status()).isEqualTo(200);

        assertThat(messageCount(wamid)).isEqualTo(1);
        Map<String, Object> message = jdbc.sql("""
                        SELECT m.direction, m.body, m.status, m.type, m.sent_at, m.handed_off_at, c.store_id, c.buyer_phone, c.buyer_name,
                            c.last_inbound_at, c.id AS conversation_id
                        FROM chat.message m JOIN chat.conversation c ON c.id = m.conversation_id WHERE m.whatsapp_message_id = :w""")
                .param("w", wamid).query().singleRow();
        assertThat(message.get("direction")).isEqualTo("INBOUND");
        assertThat(message.get("body")).isEqualTo("¿Dónde está mi pedido?");
        assertThat(message.get("status")).isEqualTo("RECEIVED");
        assertThat(message.get("type")).isEqualTo("text");
        assertThat(message.get("store_id")).isEqualTo(UUID.fromString(MAPPED_STORE));
        assertThat(message.get("buyer_phone")).isEqualTo("+" + phone);
        assertThat(message.get("buyer_name")).isEqualTo("Ana");
        assertThat(message.get("handed_off_at")).isNotNull();
        assertThat(lastInboundAt(phone)).isEqualTo(Instant.ofEpochSecond(1732550000));

        assertThat(outboxRows(wamid)).isEqualTo(1);
        // The outbox relay moves the committed task to Redis right after the commit.
        await().atMost(Duration.ofSeconds(10)).until(() -> depth() == before + 1);
        assertThat(redis.hasKey("litper:queue:{" + QUEUE + "}:dedup:wa-in:" + wamid)).isTrue();

        Task task = consume(wamid);
        assertThat(task.type()).isEqualTo("inbound_message");
        assertThat(task.priority()).isEqualTo(TaskPriority.HIGH);
        JsonNode payload = JSON.readTree(task.payload());
        assertThat(payload.path("conversationId").asString()).isEqualTo(message.get("conversation_id").toString());
        assertThat(payload.path("storeId").asString()).isEqualTo(MAPPED_STORE);
        assertThat(payload.path("from").asString()).isEqualTo("+" + phone);
        assertThat(payload.path("name").asString()).isEqualTo("Ana");
        assertThat(payload.path("text").asString()).isEqualTo("¿Dónde está mi pedido?");
        assertThat(payload.path("whatsappMessageId").asString()).isEqualTo(wamid);
        assertThat(Instant.parse(payload.path("receivedAt").asString())).isEqualTo(Instant.ofEpochSecond(1732550000));

        // A delivery after the hand-off (beyond the de-duplication window too) hands nothing on again.
        redis.delete("litper:queue:{" + QUEUE + "}:dedup:wa-in:" + wamid);
        long afterConsume = depth();
        assertThat(signedPost(body).status()).isEqualTo(200);
        assertThat(outboxRows(wamid)).as("no second task written for a message already handed off").isEqualTo(1);
        assertThat(depth()).isEqualTo(afterConsume);
        assertThat(messageCount(wamid)).isEqualTo(1);
    }

    @Test
    void aPressedReplyButtonReachesTheAgentsWithItsIdAndAMalformedOneIsPassedOver() {
        String phone = newPhone();
        String pressed = newWamid();
        String noId = newWamid();
        String noReply = newWamid();
        double messages = rejected("message");
        String body = """
                {"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{
                  "metadata":{"phone_number_id":"%1$s"},"contacts":[{"wa_id":"%2$s","profile":{"name":"Ana"}}],
                  "messages":[
                   {"from":"%2$s","id":"%3$s","timestamp":"1732550000","type":"interactive","context":{"from":"15550001111","id":"wamid.q"},
                    "interactive":{"type":"button_reply","button_reply":{"id":"action:5e8d1c2b-7a6f-4b3e-8d9c-2f1e0a9b8c7d:yes","title":"Sí, cambiar"}}},
                   {"from":"%2$s","id":"%4$s","timestamp":"1732550001","type":"interactive","interactive":{"type":"button_reply","button_reply":{"title":"No"}}},
                   {"from":"%2$s","id":"%5$s","timestamp":"1732550002","type":"interactive","interactive":{"type":"button_reply"}}]}}]}]}"""
                .formatted(MAPPED_NUMBER, phone, pressed, noId, noReply);

        Http.Response response = signedPost(body);

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().path("messages").asInt()).isEqualTo(1);
        assertThat(response.json().path("rejected").asInt()).isEqualTo(2);
        assertThat(rejected("message")).isEqualTo(messages + 2);
        assertThat(messageCount(noId) + messageCount(noReply)).isZero();
        assertThat(body(pressed)).isEqualTo("Sí, cambiar");
        JsonNode payload = JSON.readTree(consume(pressed).payload());
        assertThat(payload.path("type").asString()).isEqualTo("interactive");
        assertThat(payload.path("text").asString()).isEqualTo("Sí, cambiar");
        assertThat(payload.path("buttonId").asString()).isEqualTo("action:5e8d1c2b-7a6f-4b3e-8d9c-2f1e0a9b8c7d:yes");
    }

    @Test
    void aBuyersMessagesShareOneConversationWhoseWindowOnlyMovesForward() {
        String phone = newPhone();
        String newer = newWamid();
        String older = newWamid();
        assertThat(signedPost(textMessage(MAPPED_NUMBER, phone, "Ana", newer, "Hola", 1732560000)).status()).isEqualTo(200);
        assertThat(signedPost(textMessage(MAPPED_NUMBER, phone, null, older, "Antes", 1732550000)).status()).isEqualTo(200);

        assertThat(jdbc.sql("SELECT count(DISTINCT conversation_id) FROM chat.message WHERE whatsapp_message_id IN (:a, :b)")
                .param("a", newer).param("b", older).query(Long.class).single()).isEqualTo(1);
        assertThat(lastInboundAt(phone)).isEqualTo(Instant.ofEpochSecond(1732560000));
        assertThat(jdbc.sql("SELECT buyer_name FROM chat.conversation WHERE buyer_phone = :p").param("p", "+" + phone)
                .query(String.class).single()).isEqualTo("Ana");
    }

    @Test
    void aNumberWithoutItsOwnStoreGoesToTheDefaultStore() {
        String wamid = newWamid();
        String phone = newPhone();
        assertThat(signedPost(textMessage("999000111222333", phone, "Luis", wamid, "Buenas")).status()).isEqualTo(200);
        assertThat(jdbc.sql("SELECT store_id FROM chat.conversation WHERE buyer_phone = :p").param("p", "+" + phone)
                .query(UUID.class).single()).isEqualTo(UUID.fromString(DEFAULT_STORE));
    }

    @Test
    void whileRedisIsDownTheMessageIsAcceptedAndItsTaskReachesTheAgentsWhenRedisReturns() {
        String wamid = newWamid();
        String body = textMessage(MAPPED_NUMBER, newPhone(), "Ana", wamid, "Hola");
        EmbeddedInfrastructure.redis().stop();
        try {
            // The message and its task commit together in PostgreSQL: nothing asks Meta to deliver again.
            assertThat(signedPost(body).status()).isEqualTo(200);
            assertThat(messageCount(wamid)).isEqualTo(1);
            assertThat(handedOff(wamid)).isTrue();
            assertThat(outboxRows(wamid)).isEqualTo(1);
            assertThat(outboxSent(wamid)).isFalse();
        } finally {
            EmbeddedInfrastructure.redis().start();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> outboxSent(wamid));
        assertThat(redis.hasKey("litper:queue:{" + QUEUE + "}:dedup:wa-in:" + wamid)).isTrue();
        assertThat(consume(wamid).type()).isEqualTo("inbound_message");
        assertThat(messageCount(wamid)).isEqualTo(1);
    }

    // ---- statuses ----

    @Test
    void statusesMoveAnOutboundMessageForwardOnly() {
        String wamid = newWamid();
        String phone = newPhone();
        // The first news of a message worker-service sent: it is created, text unknown.
        assertThat(signedPost(status(MAPPED_NUMBER, wamid, "sent", 1732550000, phone, null)).status()).isEqualTo(200);
        Map<String, Object> created = jdbc.sql("""
                        SELECT m.direction, m.body, m.status, c.store_id, c.buyer_phone, c.last_inbound_at
                        FROM chat.message m JOIN chat.conversation c ON c.id = m.conversation_id WHERE m.whatsapp_message_id = :w""")
                .param("w", wamid).query().singleRow();
        assertThat(created.get("direction")).isEqualTo("OUTBOUND");
        assertThat(created.get("body")).isNull();
        assertThat(created.get("status")).isEqualTo("SENT");
        assertThat(created.get("store_id")).isEqualTo(UUID.fromString(MAPPED_STORE));
        assertThat(created.get("buyer_phone")).isEqualTo("+" + phone);
        assertThat(created.get("last_inbound_at")).as("a message sent does not open the buyer's window").isNull();

        assertThat(signedPost(status(MAPPED_NUMBER, wamid, "read", 1732550030, phone, null)).status()).isEqualTo(200);
        // Late and out of order: recorded nowhere, the message stays read.
        assertThat(signedPost(status(MAPPED_NUMBER, wamid, "delivered", 1732550010, phone, null)).status()).isEqualTo(200);
        assertThat(signedPost(status(MAPPED_NUMBER, wamid, "sent", 1732550000, phone, null)).status()).isEqualTo(200);
        assertThat(signedPost(status(MAPPED_NUMBER, wamid, "failed", 1732550040, phone, 131026)).status()).isEqualTo(200);

        assertThat(statusOf(wamid)).isEqualTo("READ");
        assertThat(statusAt(wamid)).isEqualTo(Instant.ofEpochSecond(1732550030));
        assertThat(messageCount(wamid)).isEqualTo(1);
        assertThat(jdbc.sql("SELECT error_code FROM chat.message WHERE whatsapp_message_id = :w").param("w", wamid)
                .query(Integer.class).optional()).isEmpty();
    }

    @Test
    void statusesInOrderAdvanceOneByOne() {
        String wamid = newWamid();
        String phone = newPhone();
        signedPost(status(MAPPED_NUMBER, wamid, "sent", 1732550000, phone, null));
        signedPost(status(MAPPED_NUMBER, wamid, "delivered", 1732550010, phone, null));
        assertThat(statusOf(wamid)).isEqualTo("DELIVERED");
        assertThat(statusAt(wamid)).isEqualTo(Instant.ofEpochSecond(1732550010));
        signedPost(status(MAPPED_NUMBER, wamid, "read", 1732550020, phone, null));
        assertThat(statusOf(wamid)).isEqualTo("READ");
    }

    @Test
    void aFailedStatusKeepsWhatsappsError() {
        String wamid = newWamid();
        String phone = newPhone();
        signedPost(status(MAPPED_NUMBER, wamid, "sent", 1732550000, phone, null));
        Http.Response failed = signedPost(status(MAPPED_NUMBER, wamid, "failed", 1732550005, phone, 131026));
        assertThat(failed.status()).as(failed.body()).isEqualTo(200);
        // Nothing moves a failed message afterwards.
        signedPost(status(MAPPED_NUMBER, wamid, "delivered", 1732550010, phone, null));

        Map<String, Object> row = jdbc.sql("SELECT status, error_code, error_title FROM chat.message WHERE whatsapp_message_id = :w")
                .param("w", wamid).query().singleRow();
        assertThat(row.get("status")).isEqualTo("FAILED");
        assertThat(row.get("error_code")).isEqualTo(131026);
        assertThat(row.get("error_title")).isEqualTo("Message undeliverable");
        assertThat(statusAt(wamid)).isEqualTo(Instant.ofEpochSecond(1732550005));
    }

    @Test
    void aStatusForABuyersMessageChangesNothing() {
        String wamid = newWamid();
        String phone = newPhone();
        signedPost(textMessage(MAPPED_NUMBER, phone, "Ana", wamid, "Hola"));
        assertThat(signedPost(status(MAPPED_NUMBER, wamid, "read", 1732550030, phone, null)).status()).isEqualTo(200);
        assertThat(statusOf(wamid)).isEqualTo("RECEIVED");
    }

    // ---- helpers ----

    private Http http() {
        return Http.localhost(port);
    }

    private Http.Response handshake(String mode, String token, String challenge) {
        StringBuilder query = new StringBuilder("/webhooks/whatsapp?x=1");
        if (mode != null) {
            query.append("&hub.mode=").append(encode(mode));
        }
        if (token != null) {
            query.append("&hub.verify_token=").append(encode(token));
        }
        if (challenge != null) {
            query.append("&hub.challenge=").append(encode(challenge));
        }
        return http().get(query.toString());
    }

    private Http.Response signedPost(String body) {
        return post(body, Map.of("X-Hub-Signature-256", "sha256=" + hmac(APP_SECRET, body)));
    }

    private Http.Response post(String body, Map<String, String> headers) {
        Map<String, String> all = new HashMap<>(headers);
        all.put("Content-Type", "application/json");
        return http().send(HttpRequest.newBuilder(http().uri("/webhooks/whatsapp"))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)), all);
    }

    static String hmac(String secret, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String textMessage(String phoneNumberId, String from, String name, String wamid, String text) {
        return textMessage(phoneNumberId, from, name, wamid, text, 1732550000);
    }

    private static String textMessage(String phoneNumberId, String from, String name, String wamid, String text, long timestamp) {
        String contacts = name == null ? "" : "\"contacts\":[{\"profile\":{\"name\":\"" + name + "\"},\"wa_id\":\"" + from + "\"}],";
        return """
                {"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"value":{
                "messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"%s"},%s
                "messages":[{"from":"%s","id":"%s","timestamp":"%d","type":"text","text":{"body":"%s"}}]},"field":"messages"}]}]}"""
                .formatted(phoneNumberId, contacts, from, wamid, timestamp, text);
    }

    private static String status(String phoneNumberId, String wamid, String status, long timestamp, String recipient, Integer errorCode) {
        String errors = errorCode == null ? "" : ",\"errors\":[{\"code\":" + errorCode
                + ",\"title\":\"Message undeliverable\",\"message\":\"Message undeliverable\"}]";
        return """
                {"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"value":{
                "messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"%s"},
                "statuses":[{"id":"%s","status":"%s","timestamp":"%d","recipient_id":"%s"%s}]},"field":"messages"}]}]}"""
                .formatted(phoneNumberId, wamid, status, timestamp, recipient, errors);
    }

    private static String newWamid() {
        return "wamid.HBgM" + UUID.randomUUID().toString().replace("-", "");
    }

    private static String newPhone() {
        return "5730" + ThreadLocalRandom.current().nextLong(10_000_000L, 99_999_999L);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private long depth() {
        return queue.depth(QUEUE, TaskPriority.HIGH) + queue.delayedCount(QUEUE);
    }

    private void assertNothingStored(String wamid, long depthBefore) {
        assertThat(messageCount(wamid)).isZero();
        assertThat(outboxRows(wamid)).isZero();
        assertThat(redis.hasKey("litper:queue:{" + QUEUE + "}:dedup:wa-in:" + wamid)).isFalse();
        assertThat(depth()).isEqualTo(depthBefore);
    }

    private long messageCount(String wamid) {
        return jdbc.sql("SELECT count(*) FROM chat.message WHERE whatsapp_message_id = :w").param("w", wamid).query(Long.class).single();
    }

    private String body(String wamid) {
        return jdbc.sql("SELECT body FROM chat.message WHERE whatsapp_message_id = :w").param("w", wamid).query(String.class).single();
    }

    private String statusOf(String wamid) {
        return jdbc.sql("SELECT status FROM chat.message WHERE whatsapp_message_id = :w").param("w", wamid).query(String.class).single();
    }

    private Instant statusAt(String wamid) {
        return jdbc.sql("SELECT status_at FROM chat.message WHERE whatsapp_message_id = :w").param("w", wamid)
                .query(java.time.OffsetDateTime.class).single().toInstant();
    }

    private double rejected(String part) {
        Counter counter = meters.find("litper.chat.webhook.rejected").tag("part", part).counter();
        return counter == null ? 0 : counter.count();
    }

    private long outboxRows(String wamid) {
        return jdbc.sql("SELECT count(*) FROM chat.outbox WHERE payload->>'whatsappMessageId' = :w").param("w", wamid)
                .query(Long.class).single();
    }

    private boolean outboxSent(String wamid) {
        return jdbc.sql("SELECT bool_and(sent_at IS NOT NULL) FROM chat.outbox WHERE payload->>'whatsappMessageId' = :w").param("w", wamid)
                .query(Boolean.class).single();
    }

    private boolean handedOff(String wamid) {
        return jdbc.sql("SELECT handed_off_at IS NOT NULL FROM chat.message WHERE whatsapp_message_id = :w").param("w", wamid)
                .query(Boolean.class).single();
    }

    private Instant lastInboundAt(String phone) {
        return jdbc.sql("SELECT last_inbound_at FROM chat.conversation WHERE buyer_phone = :p").param("p", "+" + phone)
                .query(java.time.OffsetDateTime.class).single().toInstant();
    }

    /** Takes the agents' queue's tasks with a test worker until the one for {@code wamid} arrives. */
    private Task consume(String wamid) {
        List<Task> received = new CopyOnWriteArrayList<>();
        TaskWorker consumer = new TaskWorker(queue, List.of(TaskHandler.of("inbound_message", received::add)),
                WorkerSettings.defaults().withQueues(QUEUE), TaskListener.NONE);
        consumer.start();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> received.stream().anyMatch(t -> t.payload().contains(wamid)));
        } finally {
            consumer.stop();
        }
        assertThat(received.stream().filter(t -> t.payload().contains(wamid))).hasSize(1);
        return received.stream().filter(t -> t.payload().contains(wamid)).findFirst().orElseThrow();
    }

    private static void assertProblem(Http.Response response, int status) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().path("status").asInt()).isEqualTo(status);
        assertThat(response.json().path("detail").asString()).isNotBlank();
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }
}
