package com.litper.chat.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.litper.common.security.Role;
import com.litper.common.testing.Http;
import com.litper.common.testing.TestTokens;
import com.litper.embedded.EmbeddedInfrastructure;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What the inbox's tests share, against real PostgreSQL and Redis: one application context (the same
 * properties everywhere), the WhatsApp webhook for buyers' messages to {@link #STORE} (its number
 * {@link #NUMBER}), conversations written straight into the tables for stores of their own (so a
 * list holds exactly what a test made), tokens of each role, and a clock tests move.
 */
@ExtendWith(EmbeddedInfrastructure.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "litper.chat.whatsapp.app-secret=" + InboxTestSupport.APP_SECRET,
        "litper.chat.phone-number-stores." + InboxTestSupport.NUMBER + "=" + InboxTestSupport.STORE,
        "litper.chat.default-store-id="})
@Import(InboxTestSupport.Clocks.class)
abstract class InboxTestSupport {

    static final String APP_SECRET = "inbox-test-app-secret";
    /** The business number whose buyers' messages go to {@link #STORE}. */
    static final String NUMBER = "107700112233445";
    static final String STORE = "5a0f4c2e-7d1b-4e3a-9c8f-2b6d1e0a9f31";
    static final UUID STORE_ID = UUID.fromString(STORE);

    @TestConfiguration(proxyBeanMethods = false)
    static class Clocks {
        @Bean
        @Primary
        MovableClock movableClock() {
            return new MovableClock();
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MovableClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    Http http() {
        return Http.localhost(port);
    }

    // ---- tokens ----

    static String owner(UUID store) {
        return TestTokens.owner(store);
    }

    /** A support agent of the store with a subject of their own, as api-service issues them. */
    static String agent(UUID store, String subject) {
        return TestTokens.builder().store(store).subject(subject).roles(Role.SUPPORT).sign();
    }

    static String role(UUID store, Role role) {
        return TestTokens.store(store, role);
    }

    static String newSubject() {
        return "user:" + UUID.randomUUID();
    }

    // ---- calls ----

    Http.Response get(String path, String token) {
        return http().get(path, TestTokens.bearer(token));
    }

    Http.Response send(String method, String path, String token, String json) {
        Map<String, String> headers = new HashMap<>(TestTokens.bearer(token));
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.noBody();
        if (json != null) {
            headers.put("Content-Type", "application/json");
            body = HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8);
        }
        return http().send(HttpRequest.newBuilder(http().uri(path)).method(method, body), headers);
    }

    Http.Response post(String path, String token, String json) {
        return send("POST", path, token, json);
    }

    Http.Response put(String path, String token, String json) {
        return send("PUT", path, token, json);
    }

    static void assertProblem(Http.Response response, int status) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().path("status").asInt()).isEqualTo(status);
        assertThat(response.json().path("detail").asString()).isNotBlank();
    }

    // ---- buyers' messages through the webhook (store STORE) ----

    /** Posts a signed notification of a buyer's text message; answers its WhatsApp id. */
    String buyerWrites(String phone, String text, Instant sentAt) {
        String wamid = newWamid();
        deliver(textMessage(phone, wamid, text, sentAt));
        return wamid;
    }

    void deliver(String body) {
        Http.Response response = http().send(HttpRequest.newBuilder(http().uri("/webhooks/whatsapp"))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)),
                Map.of("Content-Type", "application/json", "X-Hub-Signature-256", "sha256=" + hmac(body)));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
    }

    static String textMessage(String phone, String wamid, String text, Instant sentAt) {
        return """
                {"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"value":{
                "messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"%s"},
                "contacts":[{"profile":{"name":"Ana Gómez"},"wa_id":"%s"}],
                "messages":[{"from":"%s","id":"%s","timestamp":"%d","type":"text","text":{"body":"%s"}}]},"field":"messages"}]}]}"""
                .formatted(NUMBER, phone.substring(1), phone.substring(1), wamid, sentAt.getEpochSecond(), text);
    }

    static String statusOf(String wamid, String status, Instant at, String phone, Integer errorCode) {
        String errors = errorCode == null ? "" : ",\"errors\":[{\"code\":" + errorCode
                + ",\"title\":\"Message undeliverable\",\"message\":\"Message undeliverable\"}]";
        return """
                {"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"value":{
                "messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"%s"},
                "statuses":[{"id":"%s","status":"%s","timestamp":"%d","recipient_id":"%s"%s}]},"field":"messages"}]}]}"""
                .formatted(NUMBER, wamid, status, at.getEpochSecond(), phone.substring(1), errors);
    }

    private static String hmac(String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(APP_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The conversation of {@link #STORE} with the buyer. */
    UUID conversationOf(String phone) {
        return jdbc.sql("SELECT id FROM chat.conversation WHERE store_id = :s AND buyer_phone = :p")
                .param("s", STORE_ID).param("p", phone).query(UUID.class).single();
    }

    // ---- conversations written straight into the tables ----

    /**
     * An open conversation of {@code store} whose buyer last wrote at {@code lastInbound} (one unread
     * message), as the webhook leaves it; answers its id.
     */
    UUID conversation(UUID store, Instant lastInbound) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                        INSERT INTO chat.conversation (id, store_id, buyer_phone, buyer_name, last_inbound_at, status, last_message_at, unread)
                        VALUES (:id, :store, :phone, 'Ana Gómez', :at, 'OPEN', :at, 1)""")
                .param("id", id).param("store", store).param("phone", newPhone()).param("at", utc(lastInbound)).update();
        jdbc.sql("""
                        INSERT INTO chat.message (id, conversation_id, direction, whatsapp_message_id, type, body, status, sent_at, status_at,
                            handed_off_at)
                        VALUES (:id, :conversation, 'INBOUND', :wamid, 'text', 'Hola, ¿dónde está mi pedido?', 'RECEIVED', :at, :at, :at)""")
                .param("id", UUID.randomUUID()).param("conversation", id).param("wamid", newWamid()).param("at", utc(lastInbound))
                .update();
        return id;
    }

    Map<String, Object> row(UUID conversation) {
        return jdbc.sql("SELECT * FROM chat.conversation WHERE id = :id").param("id", conversation).query().singleRow();
    }

    static Instant instant(Object timestamp) {
        return timestamp == null ? null : ((Timestamp) timestamp).toInstant();
    }

    static OffsetDateTime utc(Instant time) {
        return OffsetDateTime.ofInstant(time, ZoneOffset.UTC);
    }

    static String newWamid() {
        return "wamid.HBgM" + UUID.randomUUID().toString().replace("-", "");
    }

    static String newPhone() {
        return "+5732" + ThreadLocalRandom.current().nextLong(10_000_000L, 99_999_999L);
    }
}
