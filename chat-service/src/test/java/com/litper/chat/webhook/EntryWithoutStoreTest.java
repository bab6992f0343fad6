package com.litper.chat.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.litper.common.testing.Http;
import com.litper.embedded.EmbeddedInfrastructure;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A notification one of whose entries is for a number without a store (no default store here): the
 * other entries are stored, the notification is answered 503 so Meta delivers it again, and what was
 * stored is not stored twice when it does.
 */
@ExtendWith(EmbeddedInfrastructure.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "litper.chat.whatsapp.app-secret=" + EntryWithoutStoreTest.APP_SECRET,
        "litper.chat.phone-number-stores." + EntryWithoutStoreTest.MAPPED_NUMBER + "=3c5e7a90-1b2d-4f6e-8a9c-0d1e2f3a4b5c",
        "litper.chat.default-store-id="})
class EntryWithoutStoreTest {

    static final String APP_SECRET = "entry-test-app-secret";
    static final String MAPPED_NUMBER = "106540352200003";
    private static final String UNMAPPED_NUMBER = "999000111222444";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Test
    void theOtherEntriesAreStoredAndTheNotificationIs503UntilTheNumberHasAStore() {
        String phone = "5731" + ThreadLocalRandom.current().nextLong(10_000_000L, 99_999_999L);
        String stored = "wamid.HBgM" + UUID.randomUUID().toString().replace("-", "");
        String waiting = "wamid.HBgM" + UUID.randomUUID().toString().replace("-", "");
        String body = """
                {"object":"whatsapp_business_account","entry":[
                 {"id":"1","changes":[{"field":"messages","value":{"metadata":{"phone_number_id":"%s"},
                   "messages":[{"from":"%s","id":"%s","timestamp":"1732550000","type":"text","text":{"body":"Hola"}}]}}]},
                 {"id":"2","changes":[{"field":"messages","value":{"metadata":{"phone_number_id":"%s"},
                   "messages":[{"from":"%s","id":"%s","timestamp":"1732550000","type":"text","text":{"body":"Hola"}}]}}]}]}"""
                .formatted(MAPPED_NUMBER, phone, stored, UNMAPPED_NUMBER, phone, waiting);

        Http.Response response = signedPost(body);
        assertThat(response.status()).as(response.body()).isEqualTo(503);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.header("Retry-After")).isNotBlank();
        assertThat(response.json().path("detail").asString()).contains(UNMAPPED_NUMBER);
        assertThat(count("SELECT count(*) FROM chat.message WHERE whatsapp_message_id = :w", stored)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM chat.message WHERE whatsapp_message_id = :w", waiting)).isZero();

        // Meta delivers it again: the stored entry changes nothing.
        assertThat(signedPost(body).status()).isEqualTo(503);
        assertThat(count("SELECT count(*) FROM chat.message WHERE whatsapp_message_id = :w", stored)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM chat.outbox WHERE payload->>'whatsappMessageId' = :w", stored)).isEqualTo(1);
    }

    private long count(String sql, String wamid) {
        return jdbc.sql(sql).param("w", wamid).query(Long.class).single();
    }

    private Http.Response signedPost(String body) {
        Http http = Http.localhost(port);
        return http.send(HttpRequest.newBuilder(http.uri("/webhooks/whatsapp")).POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)),
                Map.of("Content-Type", "application/json", "X-Hub-Signature-256", "sha256=" + WhatsappWebhookTest.hmac(APP_SECRET, body)));
    }
}
