package com.litper.chat.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.litper.common.contracts.AgentHandover;
import com.litper.common.contracts.AgentReply;
import com.litper.common.contracts.ConfirmOrderAction;
import com.litper.common.contracts.SendWhatsapp;
import com.litper.common.queue.TaskPriority;
import com.litper.common.queue.TaskQueue;
import com.litper.common.queue.TaskRequest;
import com.litper.common.task.Tasks;
import com.litper.common.testing.TestTokens;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The support agent's answers through chat-service's own worker: {@code agent_reply} reaches the
 * buyer only while the AI controls the conversation, {@code agent_handover} puts a person in control
 * and shows why; the buyer's message carries their orders to the agent.
 */
class AgentAnswersTest extends InboxTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    Tasks tasks;

    @Autowired
    TaskQueue queue;

    @Test
    void aReplyWhileTheAiControlsIsSentAsTheAgentsFreeTextOnce() {
        UUID store = UUID.randomUUID();
        UUID id = conversation(store, Instant.now().minus(Duration.ofMinutes(5)));
        UUID run = UUID.randomUUID();
        AgentReply reply = new AgentReply(id, store, "Hola Ana, tu pedido con guía SV123 de Servientrega va en camino.", run,
                List.of("wamid.x"), Instant.now());
        tasks.send(reply);
        await().atMost(WAIT).until(() -> answers(run).size() == 1);

        Map<String, Object> answer = answers(run).get(0);
        assertThat(answer.get("outcome")).isEqualTo("SENT");
        List<Map<String, Object>> messages = agentMessages(id);
        assertThat(messages).hasSize(1);
        assertThat(messages.get(0).get("body")).isEqualTo(reply.text());
        assertThat(messages.get(0).get("status")).isEqualTo("PENDING");
        assertThat(answer.get("message_id")).isEqualTo(messages.get(0).get("id"));
        JsonNode send = sendOf((UUID) messages.get(0).get("id"));
        assertThat(send.path("text").asString()).isEqualTo(reply.text());
        assertThat(send.path("sessionOpen").asBoolean()).isTrue();
        assertThat(send.path("template").isNull() || send.path("template").isMissingNode()).isTrue();
        Map<String, Object> row = row(id);
        assertThat(row.get("controller")).isEqualTo("AI");
        assertThat(row.get("status")).as("answered: waits for the buyer").isEqualTo("PENDING");

        // The same run again (a repeated task after the de-duplication window): nothing more is sent.
        UUID other = UUID.randomUUID();
        queue.enqueue(TaskRequest.of("agent_reply", tasks.codec().encode(tasks.contracts().of(AgentReply.class), reply), TaskPriority.HIGH));
        tasks.send(new AgentReply(id, store, "Otra respuesta", other, List.of("wamid.y"), Instant.now()));
        await().atMost(WAIT).until(() -> answers(other).size() == 1 && chatQueueIsIdle());
        assertThat(agentMessages(id)).hasSize(2);
        assertThat(agentMessages(id)).extracting(m -> m.get("body")).containsExactlyInAnyOrder(reply.text(), "Otra respuesta");
    }

    @Test
    void aReplyAfterAPersonTookOverIsDiscardedNeverSent() {
        UUID store = UUID.randomUUID();
        UUID id = conversation(store, Instant.now().minus(Duration.ofMinutes(5)));
        String person = newSubject();
        assertThat(post("/api/chat/conversations/" + id + "/take-over", agent(store, person), null).status()).isEqualTo(200);

        UUID run = UUID.randomUUID();
        tasks.send(new AgentReply(id, store, "Hola Ana, tu pedido va en camino.", run, List.of("wamid.x"), Instant.now()));
        await().atMost(WAIT).until(() -> answers(run).size() == 1);

        assertThat(answers(run).get(0).get("outcome")).isEqualTo("DISCARDED");
        assertThat(answers(run).get(0).get("detail")).isEqualTo("a person controls the conversation");
        assertThat(agentMessages(id)).isEmpty();
        assertThat(sendsTo(id)).isZero();
        assertThat(row(id).get("controller")).isEqualTo("HUMAN");
        assertThat(row(id).get("assignee")).isEqualTo(person);
    }

    @Test
    void theGoodbyeOfTheRunThatHandedOverIsSentEvenWhenTheHandoverCameFirst() {
        UUID store = UUID.randomUUID();
        UUID id = conversation(store, Instant.now().minus(Duration.ofMinutes(5)));
        UUID run = UUID.randomUUID();
        tasks.send(new AgentHandover(id, store, AgentHandover.Reason.BUYER_ASKED, "Pide una persona.", run));
        await().atMost(WAIT).until(() -> "HUMAN".equals(row(id).get("controller")));

        tasks.send(new AgentReply(id, store, "Listo, un asesor te escribirá pronto.", run, List.of("wamid.x"), Instant.now()));
        UUID later = UUID.randomUUID();
        tasks.send(new AgentReply(id, store, "Otra cosa", later, List.of("wamid.y"), Instant.now()));
        await().atMost(WAIT).until(() -> answers(run).stream().anyMatch(a -> "REPLY".equals(a.get("kind"))) && answers(later).size() == 1);
        assertThat(agentMessages(id)).extracting(m -> m.get("body")).containsExactly("Listo, un asesor te escribirá pronto.");
        assertThat(answers(later).get(0).get("outcome")).isEqualTo("DISCARDED");
    }

    @Test
    void aReplyAfterTheWindowClosedIsDiscardedAndAPersonTakesTheConversation() {
        UUID store = UUID.randomUUID();
        UUID id = conversation(store, Instant.now().minus(Duration.ofHours(25)));
        UUID run = UUID.randomUUID();
        tasks.send(new AgentReply(id, store, "Hola Ana.", run, List.of("wamid.x"), Instant.now()));
        await().atMost(WAIT).until(() -> "HUMAN".equals(row(id).get("controller")));
        assertThat(answers(run).get(0).get("outcome")).isEqualTo("DISCARDED");
        assertThat(agentMessages(id)).isEmpty();
        assertThat(row(id).get("handover_reason")).isEqualTo("WINDOW_CLOSED");
    }

    @Test
    void anActionsConfirmationIsSentAsReplyButtonsOnceOnlyWhileTheAiControlsInsideTheWindow() {
        UUID store = UUID.randomUUID();
        UUID id = conversation(store, Instant.now().minus(Duration.ofMinutes(5)));
        UUID action = UUID.randomUUID();
        List<SendWhatsapp.Button> buttons = List.of(new SendWhatsapp.Button("action:" + action + ":yes", "Sí, cambiar"),
                new SendWhatsapp.Button("action:" + action + ":no", "No"));
        ConfirmOrderAction confirm = new ConfirmOrderAction(id, store, action, "¿Confirmas este cambio en la entrega de tu pedido?", buttons,
                Instant.now());
        tasks.send(confirm);
        await().atMost(WAIT).until(() -> answers(action).size() == 1);

        assertThat(answers(action).get(0).get("kind")).isEqualTo("CONFIRMATION");
        assertThat(answers(action).get(0).get("outcome")).isEqualTo("SENT");
        List<Map<String, Object>> messages = agentMessages(id);
        assertThat(messages).hasSize(1);
        assertThat(messages.get(0).get("type")).isEqualTo("interactive");
        JsonNode send = sendOf((UUID) messages.get(0).get("id"));
        assertThat(send.path("text").asString()).isEqualTo(confirm.text());
        assertThat(send.path("sessionOpen").asBoolean()).isTrue();
        assertThat(send.path("buttons").get(0).path("id").asString()).isEqualTo("action:" + action + ":yes");
        assertThat(send.path("buttons").get(1).path("title").asString()).isEqualTo("No");
        // Delivered again (past the de-duplication window): nothing more is sent.
        queue.enqueue(TaskRequest.of("confirm_order_action", tasks.codec().encode(tasks.contracts().of(ConfirmOrderAction.class), confirm),
                TaskPriority.HIGH));
        await().atMost(WAIT).until(this::chatQueueIsIdle);
        assertThat(agentMessages(id)).hasSize(1);

        // A person took over: the buttons are not sent. The window closed: neither.
        String person = newSubject();
        assertThat(post("/api/chat/conversations/" + id + "/take-over", agent(store, person), null).status()).isEqualTo(200);
        UUID second = UUID.randomUUID();
        tasks.send(new ConfirmOrderAction(id, store, second, "¿Confirmas?", buttons, Instant.now()));
        UUID closed = conversation(store, Instant.now().minus(Duration.ofHours(25)));
        UUID third = UUID.randomUUID();
        tasks.send(new ConfirmOrderAction(closed, store, third, "¿Confirmas?", buttons, Instant.now()));
        await().atMost(WAIT).until(() -> answers(second).size() == 1 && answers(third).size() == 1);
        assertThat(answers(second).get(0).get("detail")).isEqualTo("a person controls the conversation");
        assertThat(answers(third).get(0).get("detail")).isEqualTo("the buyer's 24-hour window is closed");
        assertThat(agentMessages(id)).hasSize(1);
        assertThat(agentMessages(closed)).isEmpty();
        assertThat(row(closed).get("controller")).as("an unsent confirmation just expires").isEqualTo("AI");
    }

    @Test
    void aHandoverPutsAPersonInControlAndTheInboxShowsTheReasonAndSummary() {
        UUID store = UUID.randomUUID();
        String person = newSubject();
        assertThat(put("/api/chat/agents/me", agent(store, person), "{\"available\":true,\"maxOpen\":5}").status()).isEqualTo(200);
        UUID id = conversation(store, Instant.now().minus(Duration.ofMinutes(2)));
        try (SseClient stream = SseClient.open(http().uri("/api/chat/events"), TestTokens.bearer(owner(store)))) {
            await().atMost(WAIT).until(() -> !stream.named(EventStreams.READY).isEmpty());
            UUID run = UUID.randomUUID();
            tasks.send(new AgentHandover(id, store, AgentHandover.Reason.BUYER_ASKED, "Pide hablar con una persona sobre su devolución.", run));
            await().atMost(WAIT).until(() -> "HUMAN".equals(row(id).get("controller")));

            Map<String, Object> row = row(id);
            assertThat(row.get("assignee")).as("the round-robin's choice").isEqualTo(person);
            assertThat(row.get("handover_reason")).isEqualTo("BUYER_ASKED");
            JsonNode view = get("/api/chat/conversations/" + id, owner(store)).json().path("conversation");
            assertThat(view.path("controller").asString()).isEqualTo("HUMAN");
            assertThat(view.path("handover").path("reason").asString()).isEqualTo("BUYER_ASKED");
            assertThat(view.path("handover").path("summary").asString()).isEqualTo("Pide hablar con una persona sobre su devolución.");
            assertThat(view.path("handover").path("at").asString()).isNotBlank();
            await().atMost(WAIT).until(() -> stream.named(InboxEvents.CONVERSATION).stream()
                    .anyMatch(e -> e.data().contains(id.toString()) && e.data().contains("BUYER_ASKED")));

            // Handed back to the AI: the hand-over is history.
            assertThat(post("/api/chat/conversations/" + id + "/hand-back", owner(store), null).status()).isEqualTo(200);
            assertThat(row(id).get("handover_reason")).isNull();
            assertThat(get("/api/chat/conversations/" + id, owner(store)).json().path("conversation").path("handover").isNull()).isTrue();
        }
    }

    @Test
    void theSettingsReasonsNewInThisReleaseAreReadAndShown() {
        UUID store = UUID.randomUUID();
        for (AgentHandover.Reason reason : List.of(AgentHandover.Reason.AGENT_OFF, AgentHandover.Reason.OUTSIDE_HOURS)) {
            UUID id = conversation(store, Instant.now().minus(Duration.ofMinutes(2)));
            tasks.send(new AgentHandover(id, store, reason, "El agente está apagado. El comprador escribió: hola", UUID.randomUUID()));
            await().atMost(WAIT).until(() -> "HUMAN".equals(row(id).get("controller")));
            assertThat(get("/api/chat/conversations/" + id, owner(store)).json().path("conversation").path("handover").path("reason")
                    .asString()).isEqualTo(reason.name());
        }
    }

    @Test
    void aBuyersMessageCarriesTheirLatestOrdersWithTheStoreToTheAgent() {
        String phone = newPhone();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        for (int i = 0; i < 7; i++) {
            jdbc.sql("""
                            INSERT INTO chat.buyer_order (order_id, store_id, buyer_phone, last_event_at, last_event, tracking_number, carrier_name)
                            VALUES (:order, :store, :phone, :at, 'SHIPPED', :guide, 'Servientrega')""")
                    .param("order", UUID.randomUUID()).param("store", STORE_ID).param("phone", phone)
                    .param("at", Timestamp.from(now.minus(Duration.ofHours(i)))).param("guide", "SV" + i).update();
        }
        // Another store's order of the same buyer is not this conversation's.
        jdbc.sql("""
                        INSERT INTO chat.buyer_order (order_id, store_id, buyer_phone, last_event_at, last_event, tracking_number, carrier_name)
                        VALUES (:order, :store, :phone, :at, 'SHIPPED', 'OTHER-STORE', 'TCC')""")
                .param("order", UUID.randomUUID()).param("store", UUID.randomUUID()).param("phone", phone).param("at", Timestamp.from(now))
                .update();
        String wamid = buyerWrites(phone, "¿Dónde está mi pedido?", Instant.now());

        JsonNode payload = JSON.readTree(jdbc.sql("SELECT payload::text FROM chat.outbox WHERE task_type = 'inbound_message' "
                + "AND payload->>'whatsappMessageId' = :w").param("w", wamid).query(String.class).single());
        JsonNode orders = payload.path("orders");
        assertThat(orders.size()).isEqualTo(5);
        assertThat(orders.get(0).path("trackingNumber").asString()).isEqualTo("SV0");
        assertThat(orders.get(4).path("trackingNumber").asString()).isEqualTo("SV4");
        assertThat(orders.toString()).doesNotContain("OTHER-STORE");
    }

    private boolean chatQueueIsIdle() {
        return queue.leasedCount("chat") == 0 && queue.delayedCount("chat") == 0
                && java.util.Arrays.stream(TaskPriority.values()).allMatch(priority -> queue.depth("chat", priority) == 0);
    }

    private List<Map<String, Object>> answers(UUID run) {
        return jdbc.sql("SELECT * FROM chat.agent_answer WHERE run_id = :run").param("run", run).query().listOfRows();
    }

    private List<Map<String, Object>> agentMessages(UUID conversation) {
        return jdbc.sql("SELECT * FROM chat.message WHERE conversation_id = :c AND author = 'agent' ORDER BY created_at")
                .param("c", conversation).query().listOfRows();
    }

    private JsonNode sendOf(UUID message) {
        return JSON.readTree(jdbc.sql("SELECT payload::text FROM chat.outbox WHERE task_type = 'send_whatsapp' AND payload->>'chatMessageId' = :m")
                .param("m", message.toString()).query(String.class).single());
    }

    private long sendsTo(UUID conversation) {
        String phone = (String) row(conversation).get("buyer_phone");
        return jdbc.sql("SELECT count(*) FROM chat.outbox WHERE task_type = 'send_whatsapp' AND payload->>'to' = :p")
                .param("p", phone).query(Long.class).single();
    }
}
