package com.litper.chat.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.litper.common.queue.DeadLetter;
import com.litper.common.queue.TaskPriority;
import com.litper.common.queue.TaskQueue;
import com.litper.common.queue.TaskRequest;
import com.litper.common.testing.Http;
import com.litper.embedded.EmbeddedInfrastructure;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@code whatsapp_sent} through chat-service's own worker on the {@code chat} queue (application.yml),
 * against real PostgreSQL and Redis: the text of a message Litper sent is recorded whether its status
 * webhook came first or not, once, and a task that can never be recorded waits in the dead letters.
 * No default store here, so a number not listed has no store.
 */
@ExtendWith(EmbeddedInfrastructure.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "litper.chat.whatsapp.app-secret=" + WhatsappSentTest.APP_SECRET,
        "litper.chat.phone-number-stores." + WhatsappSentTest.MAPPED_NUMBER + "=" + WhatsappSentTest.MAPPED_STORE,
        "litper.chat.default-store-id="})
class WhatsappSentTest {

    static final String APP_SECRET = "sent-test-app-secret";
    static final String MAPPED_NUMBER = "106540352242922";
    static final String MAPPED_STORE = "2d7e9c41-8a3b-4f6e-b1d2-5c9a0e3f7b64";
    private static final String UNMAPPED_NUMBER = "999000111222333";
    private static final String QUEUE = "chat";
    private static final String TEXT = "Hola Ana, tu pedido con guía G-1 de Servientrega va en camino.";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TaskQueue queue;

    @Test
    void aSentMessageIsRecordedWithItsTextAsSent() {
        assertThat(queue.routing().queueFor("whatsapp_sent")).isEqualTo(QUEUE);
        String template = newWamid();
        String freeText = newWamid();
        String textUnknown = newWamid();
        String phone = newPhone();
        Instant sentAt = Instant.parse("2026-11-25T15:00:00Z");

        enqueue(payload(template, phone, MAPPED_NUMBER, "\"order_out_for_delivery\"", quoted(TEXT), sentAt));
        enqueue(payload(freeText, phone, MAPPED_NUMBER, "null", quoted("Claro, te aviso apenas salga."), sentAt.plusSeconds(60)));
        enqueue(payload(textUnknown, phone, MAPPED_NUMBER, "\"hello\"", "null", sentAt.plusSeconds(120)));
        await().atMost(Duration.ofSeconds(20)).until(() -> messageCount(template) + messageCount(freeText) + messageCount(textUnknown) == 3);

        Map<String, Object> row = row(template);
        assertThat(row.get("direction")).isEqualTo("OUTBOUND");
        assertThat(row.get("status")).isEqualTo("SENT");
        assertThat(row.get("body")).isEqualTo(TEXT);
        assertThat(row.get("type")).isEqualTo("template");
        assertThat(instant(row.get("sent_at"))).isEqualTo(sentAt);
        assertThat(instant(row.get("status_at"))).isEqualTo(sentAt);
        assertThat(row.get("store_id")).isEqualTo(UUID.fromString(MAPPED_STORE));
        assertThat(row.get("buyer_phone")).isEqualTo(phone);
        assertThat(row.get("last_inbound_at")).as("a message sent does not open the buyer's window").isNull();

        assertThat(row(freeText).get("body")).isEqualTo("Claro, te aviso apenas salga.");
        assertThat(row(freeText).get("type")).isEqualTo("text");
        assertThat(row(textUnknown).get("body")).isEqualTo("template:hello");
        assertThat(row(textUnknown).get("type")).isEqualTo("template");
        assertThat(jdbc.sql("SELECT count(DISTINCT conversation_id) FROM chat.message WHERE whatsapp_message_id IN (:a, :b, :c)")
                .param("a", template).param("b", freeText).param("c", textUnknown).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void aTextArrivingAfterItsStatusesFillsInTheMessageAndKeepsItsStatus() {
        String wamid = newWamid();
        String phone = newPhone();
        assertThat(signedStatus(wamid, "sent", 1764082800, phone)).isEqualTo(200);
        assertThat(signedStatus(wamid, "delivered", 1764082810, phone)).isEqualTo(200);
        assertThat(row(wamid).get("body")).isNull();

        enqueue(payload(wamid, phone, MAPPED_NUMBER, "\"order_out_for_delivery\"", quoted(TEXT), Instant.ofEpochSecond(1764082801)));
        await().atMost(Duration.ofSeconds(20)).until(() -> row(wamid).get("body") != null);

        Map<String, Object> row = row(wamid);
        assertThat(messageCount(wamid)).isEqualTo(1);
        assertThat(row.get("body")).isEqualTo(TEXT);
        assertThat(row.get("type")).isEqualTo("template");
        assertThat(row.get("status")).isEqualTo("DELIVERED");
        assertThat(instant(row.get("status_at"))).isEqualTo(Instant.ofEpochSecond(1764082810));
        // WhatsApp's own "sent" time is kept over the sender's clock.
        assertThat(instant(row.get("sent_at"))).isEqualTo(Instant.ofEpochSecond(1764082800));

        // Statuses keep moving it forward afterwards, and the text stays.
        assertThat(signedStatus(wamid, "read", 1764082820, phone)).isEqualTo(200);
        assertThat(row(wamid).get("status")).isEqualTo("READ");
        assertThat(row(wamid).get("body")).isEqualTo(TEXT);
    }

    @Test
    void aRepeatedTaskChangesNothing() {
        String wamid = newWamid();
        String phone = newPhone();
        Instant sentAt = Instant.parse("2026-11-25T16:00:00Z");
        enqueue(payload(wamid, phone, MAPPED_NUMBER, "\"order_shipped\"", quoted(TEXT), sentAt));
        await().atMost(Duration.ofSeconds(20)).until(() -> messageCount(wamid) == 1);
        assertThat(signedStatus(wamid, "delivered", sentAt.getEpochSecond() + 5, phone)).isEqualTo(200);

        // Delivered again (another task id, past de-duplication), even with other contents: the recorded message stays as it is.
        String again = queue.enqueue(TaskRequest.of("whatsapp_sent",
                payload(wamid, phone, MAPPED_NUMBER, "null", quoted("otro texto"), sentAt.plusSeconds(30)), TaskPriority.NORMAL));
        await().atMost(Duration.ofSeconds(20)).until(this::chatQueueIsIdle);

        assertThat(deadLetter(again)).isEmpty();
        Map<String, Object> row = row(wamid);
        assertThat(messageCount(wamid)).isEqualTo(1);
        assertThat(row.get("body")).isEqualTo(TEXT);
        assertThat(row.get("type")).isEqualTo("template");
        assertThat(row.get("status")).isEqualTo("DELIVERED");
        assertThat(instant(row.get("sent_at"))).isEqualTo(sentAt);
    }

    @Test
    void aMessageSentForAStoreIsRecordedInThatStoresConversationWhateverTheNumber() {
        // Sent from a number without a store of its own: the payload names the store.
        String fromUnmapped = newWamid();
        String phone = newPhone();
        UUID store = UUID.randomUUID();
        enqueue(payload(fromUnmapped, phone, UNMAPPED_NUMBER, "\"order_shipped\"", quoted(TEXT), Instant.now(), store));
        // Its status came first and put it in the number's store's conversation; the text moves it to the store it was sent for.
        String statusFirst = newWamid();
        assertThat(signedStatus(statusFirst, "delivered", Instant.now().getEpochSecond(), phone)).isEqualTo(200);
        assertThat(row(statusFirst).get("store_id")).isEqualTo(UUID.fromString(MAPPED_STORE));
        enqueue(payload(statusFirst, phone, MAPPED_NUMBER, "\"order_delivered\"", quoted(TEXT), Instant.now(), store));

        await().atMost(Duration.ofSeconds(20)).until(() -> messageCount(fromUnmapped) == 1 && row(statusFirst).get("body") != null);
        assertThat(row(fromUnmapped).get("store_id")).isEqualTo(store);
        assertThat(row(fromUnmapped).get("buyer_phone")).isEqualTo(phone);
        assertThat(row(statusFirst).get("store_id")).isEqualTo(store);
        assertThat(row(statusFirst).get("status")).isEqualTo("DELIVERED");
        assertThat(messageCount(statusFirst)).isEqualTo(1);
    }

    @Test
    void aNumberWithoutAStoreIsADeadLetterNamingThePropertyToSet() {
        String wamid = newWamid();
        String id = queue.enqueue(TaskRequest.of("whatsapp_sent",
                payload(wamid, newPhone(), UNMAPPED_NUMBER, "\"order_shipped\"", quoted(TEXT), Instant.now()), TaskPriority.NORMAL));

        await().atMost(Duration.ofSeconds(20)).until(() -> deadLetter(id).isPresent());
        DeadLetter letter = deadLetter(id).orElseThrow();
        assertThat(letter.task().attempt()).as("failed at once, not after its retries").isEqualTo(1);
        assertThat(letter.lastError()).contains("litper.chat.phone-number-stores." + UNMAPPED_NUMBER).contains("litper.chat.default-store-id");
        assertThat(messageCount(wamid)).isZero();
    }

    @Test
    void anInvalidPayloadIsADeadLetterNamingTheFields() {
        String wamid = newWamid();
        String id = queue.enqueue(TaskRequest.of("whatsapp_sent", """
                {"messageId":"%s","to":"3001234567","phoneNumberId":"%s","template":null,"text":null}"""
                .formatted(wamid, MAPPED_NUMBER), TaskPriority.NORMAL));
        String unreadable = queue.enqueue(TaskRequest.of("whatsapp_sent", "{\"messageId\":\"" + wamid + "\",\"sentAt\":\"ayer\"}",
                TaskPriority.NORMAL));

        await().atMost(Duration.ofSeconds(20)).until(() -> deadLetter(id).isPresent() && deadLetter(unreadable).isPresent());
        assertThat(deadLetter(id).orElseThrow().lastError()).contains("to must be E.164", "textOrTemplate must be given", "sentAt must not be null")
                .doesNotContain("phoneNumberId").doesNotContain("3001234567");
        assertThat(deadLetter(unreadable).orElseThrow().lastError()).contains("whatsapp_sent payload is invalid at 'sentAt'");
        assertThat(messageCount(wamid)).isZero();
    }

    // ---- helpers ----

    private void enqueue(String payload) {
        String wamid = payload.substring(payload.indexOf("wamid."), payload.indexOf('"', payload.indexOf("wamid.")));
        // As worker-service enqueues it.
        queue.enqueue(TaskRequest.of("whatsapp_sent", payload, TaskPriority.NORMAL).deduplicatedBy("whatsapp-sent:" + wamid));
    }

    private static String payload(String wamid, String to, String phoneNumberId, String template, String text, Instant sentAt) {
        return """
                {"messageId":"%s","to":"%s","phoneNumberId":"%s","template":%s,"language":"es","text":%s,
                 "orderId":"%s","sentAt":"%s"}""".formatted(wamid, to, phoneNumberId, template, text, UUID.randomUUID(), sentAt);
    }

    private static String payload(String wamid, String to, String phoneNumberId, String template, String text, Instant sentAt, UUID storeId) {
        return """
                {"messageId":"%s","to":"%s","phoneNumberId":"%s","template":%s,"language":"es","text":%s,
                 "orderId":"%s","sentAt":"%s","storeId":"%s"}""".formatted(wamid, to, phoneNumberId, template, text, UUID.randomUUID(), sentAt,
                storeId);
    }

    private static String quoted(String text) {
        return "\"" + text + "\"";
    }

    private int signedStatus(String wamid, String status, long timestamp, String recipient) {
        String body = """
                {"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"value":{
                "messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"%s"},
                "statuses":[{"id":"%s","status":"%s","timestamp":"%d","recipient_id":"%s"}]},"field":"messages"}]}]}"""
                .formatted(MAPPED_NUMBER, wamid, status, timestamp, recipient.substring(1));
        Http http = Http.localhost(port);
        Http.Response response = http.send(HttpRequest.newBuilder(http.uri("/webhooks/whatsapp"))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)),
                Map.of("Content-Type", "application/json", "X-Hub-Signature-256", "sha256=" + hmac(body)));
        return response.status();
    }

    private static String hmac(String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(APP_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return java.util.HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, Object> row(String wamid) {
        return jdbc.sql("""
                        SELECT m.direction, m.body, m.type, m.status, m.status_at, m.sent_at, c.store_id, c.buyer_phone, c.last_inbound_at
                        FROM chat.message m JOIN chat.conversation c ON c.id = m.conversation_id WHERE m.whatsapp_message_id = :w""")
                .param("w", wamid).query().singleRow();
    }

    private static Instant instant(Object timestamp) {
        return ((java.sql.Timestamp) timestamp).toInstant();
    }

    private long messageCount(String wamid) {
        return jdbc.sql("SELECT count(*) FROM chat.message WHERE whatsapp_message_id = :w").param("w", wamid).query(Long.class).single();
    }

    private boolean chatQueueIsIdle() {
        return queue.depth(QUEUE, TaskPriority.NORMAL) == 0 && queue.delayedCount(QUEUE) == 0 && queue.leasedCount(QUEUE) == 0;
    }

    private Optional<DeadLetter> deadLetter(String taskId) {
        return queue.deadLetters(QUEUE, 0, 1000).stream().filter(letter -> letter.task().id().equals(taskId)).findFirst();
    }

    private static String newWamid() {
        return "wamid.HBgM" + UUID.randomUUID().toString().replace("-", "");
    }

    private static String newPhone() {
        return "+5731" + ThreadLocalRandom.current().nextLong(10_000_000L, 99_999_999L);
    }
}
