package com.litper.chat.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.litper.chat.ChatTestSupport;
import com.litper.common.queue.TaskPriority;
import com.litper.common.testing.TestTokens;
import com.litper.common.testing.fuzz.FuzzRun;
import com.litper.common.testing.fuzz.HostileInput;
import com.litper.common.testing.fuzz.HostileRequest;
import com.litper.common.testing.fuzz.OpenApiOperations;
import com.litper.common.testing.fuzz.OperationFuzzer;
import com.litper.common.testing.fuzz.RawHttp;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * Hostile requests to chat-service's public endpoints (docs/reliability.md): the WhatsApp webhook
 * (unsigned garbage and validly signed hostile notifications in Meta's format, and the subscription
 * handshake) and every operation of docs/openapi-chat.yaml but the event stream, which stays open
 * by design. Never a 5xx, every refusal a problem+json, a refused request stores nothing: no row of
 * chat's tables, no task in the queues chat-service feeds.
 */
class ChatFuzzTest extends ChatTestSupport {

    private static final String WEBHOOK = "/webhooks/whatsapp";

    private List<String> tables() {
        return jdbc.sql("SELECT table_name FROM information_schema.tables WHERE table_schema = 'chat'"
                + " AND table_type = 'BASE TABLE' AND table_name <> 'flyway_schema_history' ORDER BY table_name").query(String.class).list();
    }

    /** Tasks waiting in the queues chat-service sends to (its own, which its worker empties, aside). */
    private long queued() {
        long total = 0;
        for (String name : queue.routing().queues()) {
            if (!name.equals(CHAT_QUEUE)) {
                total += Arrays.stream(TaskPriority.values()).mapToLong(p -> queue.depth(name, p)).sum();
            }
        }
        return total;
    }

    /** Row counts and queue lengths, once the outbox relay has handed over what earlier accepted requests wrote. */
    private Map<String, Long> stored(List<String> tables) {
        await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10)).atMost(Duration.ofSeconds(10)).until(() ->
                jdbc.sql("SELECT count(*) FROM chat.outbox WHERE sent_at IS NULL").query(Long.class).single() == 0);
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table : tables) {
            counts.put(table, jdbc.sql("SELECT count(*) FROM chat." + table).query(Long.class).single());
        }
        counts.put("queued", queued());
        return counts;
    }

    @Test
    void hostileRequestsAreRefusedWithAProblemAndStoreNothing() {
        String buyer = newPhone();
        String notification = buyerWrites(OWN_NUMBER, buyer, newWamid(), "Hola, ¿dónde está mi pedido?", Instant.now().getEpochSecond());
        assertThat(signedPost(notification).status()).isEqualTo(200);
        UUID store = UUID.fromString(OWN_STORE);
        String conversation = jdbc.sql("SELECT id::text FROM chat.conversation WHERE store_id = :store ORDER BY created_at DESC LIMIT 1")
                .param("store", store).query(String.class).single();

        List<OpenApiOperations.Operation> operations = new ArrayList<>(OpenApiOperations.read(Path.of("..", "docs", "openapi-chat.yaml")));
        // The event stream answers 200 and stays open: a hostile variant of it is fuzzed, never the valid one.
        operations.removeIf(operation -> operation.path().equals("/api/chat/events"));
        OpenApiOperations.Operation receive = new OpenApiOperations.Operation("POST", WEBHOOK, "whatsappNotification", List.of(),
                "application/json", notification, true);
        OpenApiOperations.Operation handshake = new OpenApiOperations.Operation("GET", WEBHOOK, "whatsappHandshake",
                List.of(new OpenApiOperations.Parameter("query", "hub.mode", "subscribe"),
                        new OpenApiOperations.Parameter("query", "hub.verify_token", "wrong-token"),
                        new OpenApiOperations.Parameter("query", "hub.challenge", "1158201444")), null, null, true);
        List<String> tables = tables();
        String owner = "Bearer " + TestTokens.owner(store);
        String support = "Bearer " + TestTokens.builder().store(store).subject("user:" + UUID.randomUUID())
                .roles(com.litper.common.security.Role.SUPPORT).sign();

        FuzzRun run = FuzzRun.start("chat-service", RawHttp.localhost(port), () -> stored(tables));
        HostileInput input = run.input();
        OperationFuzzer fuzzer = new OperationFuzzer(input, operation -> operation.anonymous() ? null : input.chance(0.5) ? owner : support)
                .pathParameter("id", conversation);
        while (run.goOn()) {
            int target = input.random().nextInt(10);
            HostileRequest request;
            if (target < 4) {
                request = fuzzer.next(receive);
                if (input.chance(0.6)) {
                    request = signed(request);
                }
            } else if (target < 5) {
                request = fuzzer.next(handshake);
            } else {
                request = fuzzer.next(input.pick(operations));
            }
            run.send(request);
        }
        run.assertNoFailures();
    }

    /** Found by fuzzing: text PostgreSQL cannot store and timestamps past Instant's range pass the part over, never a 500. */
    @Test
    void signedPartsWithUnstorableTextOrHugeTimestampsArePassedOver() {
        long now = Instant.now().getEpochSecond();
        List<String> hostile = List.of(
                buyerWrites(OWN_NUMBER, newPhone(), newWamid(), "Hola\\u0000", now),
                buyerWrites(OWN_NUMBER, newPhone(), newWamid(), "\\ud800", now),
                buyerWrites(OWN_NUMBER, newPhone(), newWamid(), "Hola", now).replace("\"timestamp\":\"" + now + "\"",
                        "\"timestamp\":9223372036854775807"),
                buyerWrites(OWN_NUMBER, newPhone(), newWamid(), "Hola", now).replace("\"type\":\"text\",\"text\":{\"body\":\"Hola\"}",
                        "\"type\":\"image\",\"image\":{\"caption\":\"\\u0000\"}"));
        Map<String, Long> before = stored(tables());
        for (String body : hostile) {
            var response = signedPost(body);
            assertThat(response.status()).as(body).isEqualTo(200);
            assertThat(response.json().path("messages").asInt()).as(body).isZero();
            assertThat(response.json().path("rejected").asInt()).as(body).isEqualTo(1);
        }
        assertThat(stored(tables())).isEqualTo(before);
    }

    private static HostileRequest signed(HostileRequest request) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(APP_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String signature = "sha256=" + HexFormat.of().formatHex(mac.doFinal(request.body()));
            return request.with("X-Hub-Signature-256", signature).labelled("signed");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
