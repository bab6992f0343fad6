package com.litper.chat.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.litper.common.contracts.SendWhatsapp;
import com.litper.common.contracts.WhatsappFailed;
import com.litper.common.contracts.WhatsappSent;
import com.litper.common.queue.TaskPriority;
import com.litper.common.queue.TaskQueue;
import com.litper.common.task.Tasks;
import com.litper.common.testing.Http;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * A person's replies: inside the buyer's 24-hour window free text, outside it only approved
 * templates; a reply is recorded with its send_whatsapp task in the outbox, and worker-service's
 * whatsapp_sent later fills in that same message.
 */
class RepliesTest extends InboxTestSupport {

    @Autowired
    Tasks tasks;

    @Autowired
    TaskQueue queue;

    @Test
    void aFreeTextReplyInsideTheWindowIsRecordedPendingWithOneSendTaskInTheOutbox() {
        UUID store = UUID.randomUUID();
        String ana = newSubject();
        UUID id = conversation(store, Instant.now().minus(Duration.ofHours(23)));
        String phone = (String) row(id).get("buyer_phone");

        Http.Response accepted = post(replies(id), agent(store, ana), "{\"text\":\"Hola Ana, ya revisé tu pedido: sale hoy.\"}");
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        assertThat(accepted.header("Location")).isEqualTo("/api/chat/conversations/" + id);
        JsonNode message = accepted.json().path("message");
        UUID messageId = UUID.fromString(message.path("id").asString());
        assertThat(message.path("status").asString()).isEqualTo("PENDING");
        assertThat(message.path("direction").asString()).isEqualTo("OUTBOUND");
        assertThat(message.path("author").asString()).isEqualTo(ana);
        JsonNode conversation = accepted.json().path("conversation");
        assertThat(conversation.path("controller").asString()).isEqualTo("HUMAN");
        assertThat(conversation.path("status").asString()).isEqualTo("PENDING");
        assertThat(conversation.path("assignee").asString()).isEqualTo(ana);
        assertThat(conversation.path("unread").asInt()).isZero();
        assertThat(conversation.path("serviceLevel").path("firstHumanResponseAt").asString()).isNotBlank();

        Map<String, Object> stored = jdbc.sql("SELECT * FROM chat.message WHERE id = :id").param("id", messageId).query().singleRow();
        assertThat(stored.get("conversation_id")).isEqualTo(id);
        assertThat(stored.get("status")).isEqualTo("PENDING");
        assertThat(stored.get("whatsapp_message_id")).isNull();
        assertThat(stored.get("body")).isEqualTo("Hola Ana, ya revisé tu pedido: sale hoy.");
        assertThat(stored.get("author")).isEqualTo(ana);

        List<Map<String, Object>> outbox = jdbc.sql("SELECT task_type, payload::text AS payload, dedup_key FROM chat.outbox"
                + " WHERE payload->>'chatMessageId' = :m").param("m", messageId.toString()).query().listOfRows();
        assertThat(outbox).hasSize(1);
        assertThat(outbox.get(0).get("task_type")).isEqualTo("send_whatsapp");
        assertThat(outbox.get(0).get("dedup_key")).isEqualTo("whatsapp:chat:" + messageId);
        SendWhatsapp send = tasks.codec().decode(tasks.contracts().of(SendWhatsapp.class), SendWhatsapp.class,
                (String) outbox.get(0).get("payload"));
        assertThat(send.to()).isEqualTo(phone);
        assertThat(send.text()).isEqualTo("Hola Ana, ya revisé tu pedido: sale hoy.");
        assertThat(send.freeText()).isTrue();
        assertThat(send.template()).isNull();
        assertThat(send.chatMessageId()).isEqualTo(messageId.toString());

        // It shows in the conversation, pending.
        JsonNode messages = get("/api/chat/conversations/" + id, owner(store)).json().path("messages");
        assertThat(messages.get(messages.size() - 1).path("id").asString()).isEqualTo(messageId.toString());
        assertThat(messages.get(messages.size() - 1).path("status").asString()).isEqualTo("PENDING");
    }

    @Test
    void freeTextOutsideTheWindowIs422ListingTheTemplatesAndChangesNothing() {
        UUID store = UUID.randomUUID();
        UUID id = conversation(store, Instant.now().minus(Duration.ofHours(24)).minusSeconds(1));
        String before = row(id).toString();

        Http.Response refused = post(replies(id), owner(store), "{\"text\":\"Hola, ¿sigues ahí?\"}");
        assertProblem(refused, 422);
        assertThat(refused.json().path("detail").asString()).contains("24-hour", "template");
        JsonNode templates = refused.json().path("templates");
        assertThat(templates.valueStream().map(t -> t.path("name").asString()).toList())
                .contains("support_followup", "order_shipped", "order_out_for_delivery", "order_delivered", "order_exception");
        JsonNode followup = templates.valueStream().filter(t -> t.path("name").asString().equals("support_followup")).findFirst().orElseThrow();
        assertThat(followup.path("language").asString()).isEqualTo("es");
        assertThat(followup.path("parameters").size()).isEqualTo(1);
        assertThat(followup.path("text").asString()).contains("{{1}}");

        assertThat(row(id).toString()).isEqualTo(before);
        assertThat(jdbc.sql("SELECT count(*) FROM chat.message WHERE conversation_id = :id AND direction = 'OUTBOUND'").param("id", id)
                .query(Long.class).single()).isZero();

        // The clock moves, never sleeps: the same buyer inside the window a moment earlier would have been answered.
        UUID recent = conversation(store, Instant.now().minus(Duration.ofHours(23)));
        clock.advance(Duration.ofHours(1).plusSeconds(5));
        assertProblem(post(replies(recent), owner(store), "{\"text\":\"Hola\"}"), 422);
    }

    @Test
    void aBuyerWhoNeverWroteGetsOnlyTemplates() {
        String phone = newPhone();
        deliver(statusOf(newWamid(), "delivered", Instant.now(), phone, null));
        UUID id = conversationOf(phone);
        Http.Response refused = post(replies(id), owner(STORE_ID), "{\"text\":\"Hola\"}");
        assertProblem(refused, 422);
        assertThat(refused.json().path("detail").asString()).contains("never written");
    }

    @Test
    void aTemplateReplyIsAcceptedAtAnyTime() {
        UUID store = UUID.randomUUID();
        UUID id = conversation(store, Instant.now().minus(Duration.ofDays(3)));
        Http.Response accepted = post(replies(id), owner(store), """
                {"template":"support_followup","language":"es","parameters":["tu devolución fue aprobada"]}""");
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        JsonNode message = accepted.json().path("message");
        assertThat(message.path("type").asString()).isEqualTo("template");
        assertThat(message.path("body").asString()).isEqualTo(
                "Hola, te escribimos de la tienda sobre tu consulta: tu devolución fue aprobada. Responde a este mensaje para continuar.");

        String payload = jdbc.sql("SELECT payload::text FROM chat.outbox WHERE payload->>'chatMessageId' = :m")
                .param("m", message.path("id").asString()).query(String.class).single();
        SendWhatsapp send = tasks.codec().decode(tasks.contracts().of(SendWhatsapp.class), SendWhatsapp.class, payload);
        assertThat(send.template()).isEqualTo("support_followup");
        assertThat(send.language()).isEqualTo("es");
        assertThat(send.parameters()).containsExactly("tu devolución fue aprobada");
        assertThat(send.freeText()).as("sent as the template").isFalse();

        // Inside the window too.
        UUID recent = conversation(store, Instant.now().minusSeconds(60));
        assertThat(post(replies(recent), owner(store), """
                {"template":"order_shipped","language":"es","parameters":["Ana","CO123","Coordinadora"]}""").status()).isEqualTo(202);
    }

    @Test
    void anUnknownTemplateIs422AndWrongParametersOrAmbiguousRepliesAre400() {
        UUID store = UUID.randomUUID();
        UUID id = conversation(store, Instant.now().minusSeconds(60));
        Http.Response unknown = post(replies(id), owner(store), "{\"template\":\"promo_black_friday\",\"language\":\"es\"}");
        assertProblem(unknown, 422);
        assertThat(unknown.json().path("templates").size()).isGreaterThanOrEqualTo(5);
        assertProblem(post(replies(id), owner(store), "{\"template\":\"support_followup\",\"language\":\"en\",\"parameters\":[\"x\"]}"), 422);

        Http.Response count = post(replies(id), owner(store), "{\"template\":\"order_shipped\",\"language\":\"es\",\"parameters\":[\"Ana\"]}");
        assertProblem(count, 400);
        assertThat(count.json().path("detail").asString()).contains("takes 3 parameters");
        assertProblem(post(replies(id), owner(store), "{\"text\":\"Hola\",\"template\":\"support_followup\",\"language\":\"es\"}"), 400);
        assertProblem(post(replies(id), owner(store), "{}"), 400);
        assertProblem(post(replies(id), owner(store), "{\"text\":\"   \"}"), 400);
        assertProblem(post(replies(id), owner(store), "{\"text\":\"" + "a".repeat(4097) + "\"}"), 400);
        assertThat(jdbc.sql("SELECT count(*) FROM chat.message WHERE conversation_id = :id AND direction = 'OUTBOUND'").param("id", id)
                .query(Long.class).single()).isZero();
        assertThat(row(id).get("controller")).isEqualTo("AI");
    }

    @Test
    void theTemplatesAreListed() {
        Http.Response listed = get("/api/chat/templates", owner(UUID.randomUUID()));
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.json().valueStream().map(t -> t.path("name").asString()).toList()).contains("support_followup", "order_exception");
    }

    @Test
    void afterAPersonRepliedTheAiIsNoLongerHandedTheBuyersMessages() {
        String phone = newPhone();
        String first = buyerWrites(phone, "Hola", Instant.now().minusSeconds(30));
        UUID id = conversationOf(phone);
        assertThat(post(replies(id), agent(STORE_ID, newSubject()), "{\"text\":\"Hola, soy Luis de la tienda.\"}").status()).isEqualTo(202);
        String second = buyerWrites(phone, "Gracias Luis", Instant.now());
        assertThat(inboundTasks(first)).isEqualTo(1);
        assertThat(inboundTasks(second)).isZero();
        assertThat(row(id).get("status")).as("the buyer answered").isEqualTo("OPEN");
    }

    @Test
    void whatsappSentFillsTheRepliesOwnMessage() {
        String phone = newPhone();
        buyerWrites(phone, "Hola", Instant.now().minusSeconds(30));
        UUID id = conversationOf(phone);
        UUID reply = UUID.fromString(post(replies(id), owner(STORE_ID), "{\"text\":\"Hola, ¿en qué te ayudo?\"}").json()
                .path("message").path("id").asString());
        String wamid = newWamid();
        Instant sentAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);

        sendWhatsappSent(wamid, phone, reply, sentAt);
        await().atMost(Duration.ofSeconds(20)).until(() -> wamid.equals(messageRow(reply).get("whatsapp_message_id")));
        assertThat(messageRow(reply).get("status")).isEqualTo("SENT");
        assertThat(instant(messageRow(reply).get("sent_at"))).isEqualTo(sentAt);
        assertThat(rowsOf(wamid)).isEqualTo(1);

        // Its statuses move it on as any sent message's.
        deliver(statusOf(wamid, "read", sentAt.plusSeconds(5), phone, null));
        assertThat(messageRow(reply).get("status")).isEqualTo("READ");
        assertThat(outboundCount(id)).isEqualTo(1);
    }

    @Test
    void aStatusBeforeWhatsappSentEndsAsOneMessageTheReply() {
        String phone = newPhone();
        buyerWrites(phone, "Hola", Instant.now().minusSeconds(30));
        UUID id = conversationOf(phone);
        UUID reply = UUID.fromString(post(replies(id), owner(STORE_ID), "{\"text\":\"Te aviso en un rato.\"}").json()
                .path("message").path("id").asString());
        String wamid = newWamid();
        Instant sentAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        deliver(statusOf(wamid, "sent", sentAt, phone, null));
        deliver(statusOf(wamid, "delivered", sentAt.plusSeconds(2), phone, null));
        assertThat(outboundCount(id)).as("the status created a message of its own for now").isEqualTo(2);

        sendWhatsappSent(wamid, phone, reply, sentAt.minusSeconds(1));
        await().atMost(Duration.ofSeconds(20)).until(() -> wamid.equals(messageRow(reply).get("whatsapp_message_id")));
        assertThat(rowsOf(wamid)).isEqualTo(1);
        assertThat(outboundCount(id)).isEqualTo(1);
        Map<String, Object> row = messageRow(reply);
        assertThat(row.get("status")).isEqualTo("DELIVERED");
        assertThat(instant(row.get("status_at"))).isEqualTo(sentAt.plusSeconds(2));
        assertThat(instant(row.get("sent_at"))).as("WhatsApp's own time").isEqualTo(sentAt);
        assertThat(row.get("body")).isEqualTo("Te aviso en un rato.");
    }

    @Test
    void aReplyWhatsappRefusesForGoodIsShownFailedWithWhatsappsError() {
        String phone = newPhone();
        buyerWrites(phone, "Hola", Instant.now().minusSeconds(30));
        UUID id = conversationOf(phone);
        UUID reply = UUID.fromString(post(replies(id), owner(STORE_ID), "{\"text\":\"Hola, ¿en qué te ayudo?\"}").json()
                .path("message").path("id").asString());
        String sendTask = UUID.randomUUID().toString();

        // What worker-service reports when WhatsApp refuses it (the window closed while it waited).
        tasks.send(new WhatsappFailed(sendTask, phone, NUMBER, STORE_ID, null, null, null, "Hola, ¿en qué te ayudo?", 131047,
                "Re-engagement message", Instant.now(), reply.toString()));
        await().atMost(Duration.ofSeconds(20)).until(() -> "FAILED".equals(messageRow(reply).get("status")));
        assertThat(messageRow(reply).get("error_code")).isEqualTo(131047);
        assertThat(outboundCount(id)).as("the reply itself failed, no second message").isEqualTo(1);
        JsonNode shown = get("/api/chat/conversations/" + id, owner(STORE_ID)).json().path("messages");
        JsonNode last = shown.get(shown.size() - 1);
        assertThat(last.path("id").asString()).isEqualTo(reply.toString());
        assertThat(last.path("failure").path("code").asInt()).isEqualTo(131047);
        assertThat(last.path("failure").path("title").asString()).isEqualTo("Re-engagement message");
    }

    // ---- helpers ----

    private static String replies(UUID conversation) {
        return "/api/chat/conversations/" + conversation + "/messages";
    }

    /** What worker-service enqueues once WhatsApp accepted the reply. */
    private void sendWhatsappSent(String wamid, String phone, UUID reply, Instant sentAt) {
        tasks.send(new WhatsappSent(wamid, phone, NUMBER, null, null, "texto", null, sentAt, STORE_ID, reply.toString()));
        assertThat(queue.routing().queueFor("whatsapp_sent")).isEqualTo("chat");
    }

    private Map<String, Object> messageRow(UUID id) {
        return jdbc.sql("SELECT * FROM chat.message WHERE id = :id").param("id", id).query().singleRow();
    }

    private long rowsOf(String wamid) {
        return jdbc.sql("SELECT count(*) FROM chat.message WHERE whatsapp_message_id = :w").param("w", wamid).query(Long.class).single();
    }

    private long outboundCount(UUID conversation) {
        return jdbc.sql("SELECT count(*) FROM chat.message WHERE conversation_id = :id AND direction = 'OUTBOUND'").param("id", conversation)
                .query(Long.class).single();
    }

    private long inboundTasks(String wamid) {
        return jdbc.sql("SELECT count(*) FROM chat.outbox WHERE task_type = 'inbound_message' AND payload->>'whatsappMessageId' = :w")
                .param("w", wamid).query(Long.class).single();
    }
}
