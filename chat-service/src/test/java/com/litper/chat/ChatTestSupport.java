package com.litper.chat;

import com.litper.common.queue.DeadLetter;
import com.litper.common.queue.TaskPriority;
import com.litper.common.queue.TaskQueue;
import com.litper.common.task.Tasks;
import com.litper.common.testing.Http;
import com.litper.embedded.EmbeddedInfrastructure;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * chat-service whole, with its own worker on the {@code chat} queue, against the embedded PostgreSQL
 * and Redis: signed WhatsApp webhooks in, tasks in, and what it wrote to its tables and its outbox.
 * {@link #OWN_NUMBER} serves one store, {@link #SHARED_NUMBER} two; numbers not listed belong to
 * {@link #DEFAULT_STORE}.
 */
@ExtendWith(EmbeddedInfrastructure.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "litper.chat.whatsapp.app-secret=" + ChatTestSupport.APP_SECRET,
        "litper.chat.phone-number-stores." + ChatTestSupport.OWN_NUMBER + "=" + ChatTestSupport.OWN_STORE,
        "litper.chat.phone-number-stores." + ChatTestSupport.SHARED_NUMBER + "=" + ChatTestSupport.FIRST_SHARING_STORE + ","
                + ChatTestSupport.SECOND_SHARING_STORE,
        "litper.chat.default-store-id=" + ChatTestSupport.DEFAULT_STORE})
public abstract class ChatTestSupport {

    public static final String APP_SECRET = "chat-test-app-secret";
    /** A WhatsApp number of one store. */
    public static final String OWN_NUMBER = "106540352200001";
    public static final String OWN_STORE = "3a0f6e2b-1c4d-4e8f-9a7b-5d2c1e0f9a01";
    public static final String DEFAULT_STORE = "3a0f6e2b-1c4d-4e8f-9a7b-5d2c1e0f9a0d";
    /** A WhatsApp number two stores share; the first listed takes buyers without recent activity. */
    public static final String SHARED_NUMBER = "106540352200002";
    public static final String FIRST_SHARING_STORE = "3a0f6e2b-1c4d-4e8f-9a7b-5d2c1e0f9a0b";
    public static final String SECOND_SHARING_STORE = "3a0f6e2b-1c4d-4e8f-9a7b-5d2c1e0f9a0c";
    protected static final String CHAT_QUEUE = "chat";
    protected static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcClient jdbc;

    @Autowired
    protected TaskQueue queue;

    @Autowired
    protected Tasks tasks;

    /** POSTs a webhook notification signed with the app secret. */
    protected Http.Response signedPost(String body) {
        Http http = Http.localhost(port);
        return http.send(HttpRequest.newBuilder(http.uri("/webhooks/whatsapp")).POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)),
                Map.of("Content-Type", "application/json", "X-Hub-Signature-256", "sha256=" + hmac(APP_SECRET, body)));
    }

    protected static String hmac(String secret, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A notification with one buyer's text message to {@code phoneNumberId}, sent at {@code epochSecond}. */
    protected static String buyerWrites(String phoneNumberId, String buyer, String wamid, String text, long epochSecond) {
        String digits = buyer.substring(1);
        return """
                {"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"value":{
                "messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"%s"},
                "contacts":[{"profile":{"name":"Ana"},"wa_id":"%s"}],
                "messages":[{"from":"%s","id":"%s","timestamp":"%d","type":"text","text":{"body":"%s"}}]},"field":"messages"}]}]}"""
                .formatted(phoneNumberId, digits, digits, wamid, epochSecond, text);
    }

    /** The {@code send_whatsapp} payloads chat-service wrote to its outbox for an order, in the order written. */
    protected List<JsonNode> sends(UUID orderId) {
        return jdbc.sql("SELECT payload::text FROM chat.outbox WHERE task_type = 'send_whatsapp' AND payload->>'orderId' = :order "
                        + "ORDER BY created_at")
                .param("order", orderId.toString()).query(String.class).list().stream().map(JSON::readTree).toList();
    }

    /** Every task of the chat queue has run (test classes run one at a time; a paused context's worker is stopped). */
    protected boolean chatQueueIsIdle() {
        return queue.leasedCount(CHAT_QUEUE) == 0 && queue.delayedCount(CHAT_QUEUE) == 0
                && Arrays.stream(TaskPriority.values()).allMatch(priority -> queue.depth(CHAT_QUEUE, priority) == 0);
    }

    protected Optional<DeadLetter> deadLetter(String taskId) {
        return queue.deadLetters(CHAT_QUEUE, 0, 1000).stream().filter(letter -> letter.task().id().equals(taskId)).findFirst();
    }

    protected static String newPhone() {
        return "+5732" + ThreadLocalRandom.current().nextLong(10_000_000L, 99_999_999L);
    }

    protected static String newWamid() {
        return "wamid.HBgM" + UUID.randomUUID().toString().replace("-", "");
    }
}
