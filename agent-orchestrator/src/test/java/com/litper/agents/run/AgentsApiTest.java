package com.litper.agents.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.litper.agents.settings.AgentSettings;
import com.litper.agents.settings.StoreSettings;
import com.litper.common.contracts.AgentHandover;
import com.litper.common.contracts.AgentReply;
import com.litper.common.security.Role;
import com.litper.common.testing.Http;
import com.litper.common.testing.TestTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /agents/*}: the settings (validation, roles, defaults, and their effect on buyers' runs), the
 * store's runs and transcripts, and try-it, each filtered by the token's store.
 */
class AgentsApiTest extends AgentsApiTestSupport {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Monday 2026-11-23 08:30 in Bogotá (UTC-5), and Sunday 2026-11-22 10:00. */
    private static final Instant MONDAY_0830 = Instant.parse("2026-11-23T13:30:00Z");
    private static final Instant SUNDAY_1000 = Instant.parse("2026-11-22T15:00:00Z");

    @Autowired
    StoreSettings storeSettings;

    // ---- settings ----

    @Test
    void aStoreThatNeverSavedSettingsReadsTheDefaults() {
        UUID store = UUID.randomUUID();
        Http.Response response = get("/agents/settings", token(store, Role.VIEWER));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(body.path("enabled").asBoolean()).isTrue();
        assertThat(body.path("tone").asString()).isEqualTo("CERCANO");
        assertThat(body.path("workingHours").isNull()).isTrue();
        assertThat(body.path("actions").values().stream().map(JsonNode::asString)).containsExactly("DELIVERY_CHANGE", "CANCEL_ORDER");
        assertThat(body.path("saved").asBoolean()).isFalse();
        assertThat(storeSettings.allows(store, "CANCEL_ORDER")).isTrue();
    }

    @Test
    void onlyTheOwnerChangesSettingsAndEveryoneElseOfTheStoreReadsThem() {
        UUID store = UUID.randomUUID();
        String body = """
                {"enabled": true, "tone": "FORMAL", "workingHours": {"days": ["MONDAY", "FRIDAY"], "from": "08:00", "to": "18:00"},
                 "actions": ["DELIVERY_CHANGE"]}""";
        assertProblem(send("PUT", "/agents/settings", token(store, Role.VIEWER), body), 403);
        assertProblem(send("PUT", "/agents/settings", token(store, Role.SUPPORT), body), 403);
        assertProblem(send("PUT", "/agents/settings", token(store, Role.INTEGRATION), body), 403);
        assertProblem(get("/agents/settings", TestTokens.operator()), 403);
        assertProblem(get("/agents/settings", token(store, Role.INTEGRATION)), 403);

        JsonNode saved = putSettings(store, body).json();
        assertThat(saved.path("tone").asString()).isEqualTo("FORMAL");
        assertThat(saved.path("saved").asBoolean()).isTrue();

        JsonNode read = get("/agents/settings", token(store, Role.SUPPORT)).json();
        assertThat(read.path("workingHours").path("days").values().stream().map(JsonNode::asString)).containsExactly("MONDAY", "FRIDAY");
        assertThat(read.path("workingHours").path("from").asString()).isEqualTo("08:00");
        assertThat(read.path("actions").values().stream().map(JsonNode::asString)).containsExactly("DELIVERY_CHANGE");
        AgentSettings settings = storeSettings.of(store);
        assertThat(settings.allows("DELIVERY_CHANGE")).isTrue();
        assertThat(settings.allows("CANCEL_ORDER")).isFalse();
        assertThat(settings.withinHours(MONDAY_0830)).isTrue();
        assertThat(settings.withinHours(SUNDAY_1000)).isFalse();
        // Another store still has the defaults.
        assertThat(get("/agents/settings", token(UUID.randomUUID(), Role.OWNER)).json().path("tone").asString()).isEqualTo("CERCANO");
    }

    @Test
    void invalidSettingsAreA400NamingEachProblem() {
        UUID store = UUID.randomUUID();
        Http.Response response = send("PUT", "/agents/settings", token(store, Role.OWNER), """
                {"enabled": true, "tone": "AMABLE", "workingHours": {"days": ["MONDAY", "FUNDAY"], "from": "18:00", "to": "08:00"},
                 "actions": ["REFUND"]}""");
        assertProblem(response, 400);
        assertThat(response.json().path("detail").asString()).contains("'tone' must be one of [CERCANO, FORMAL]")
                .contains("'actions' may only hold [DELIVERY_CHANGE, CANCEL_ORDER], not 'REFUND'").contains("'FUNDAY'")
                .contains("'workingHours.from' (18:00) must be before 'workingHours.to' (08:00)");
        assertProblem(send("PUT", "/agents/settings", token(store, Role.OWNER), "{\"tone\": \"FORMAL\"}"), 400);
        assertProblem(send("PUT", "/agents/settings", token(store, Role.OWNER), "{\"enabled\": true, \"tone\": \"FORMAL\", \"actions\": [],"
                + " \"workingHours\": {\"days\": [], \"from\": \"8\", \"to\": \"18:00\"}}"), 400);
        assertThat(get("/agents/settings", token(store, Role.OWNER)).json().path("saved").asBoolean()).as("nothing saved").isFalse();
    }

    // ---- the settings on buyers' runs ----

    @Test
    void withTheAgentOffABuyersMessageGoesToAPersonWithoutAModelCall() {
        UUID store = UUID.randomUUID();
        putSettings(store, "{\"enabled\": false, \"tone\": \"CERCANO\", \"actions\": []}");
        UUID conversation = UUID.randomUUID();
        String marker = "apagado-" + UUID.randomUUID();
        tasks.send(message(conversation, store, "hola " + marker, Instant.now()));

        AgentHandover handover = awaitHandover(conversation);
        // Sent as AGENT_UNAVAILABLE until every chat-service knows AGENT_OFF; recorded precisely.
        assertThat(handover.reason()).isEqualTo(AgentHandover.Reason.AGENT_UNAVAILABLE);
        assertThat(handover.summary()).contains("apagado").contains(marker);
        Map<String, Object> run = awaitRun(conversation);
        assertThat(run.get("handover_reason")).isEqualTo("AGENT_OFF");
        assertThat(run.get("status")).isEqualTo("ESCALATED");
        assertThat(((Number) run.get("model_calls")).intValue()).isZero();
        assertThat(CLAUDE.bodies().stream().filter(b -> b.contains(marker))).isEmpty();
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3)).until(() -> !REPLIES.containsKey(conversation));
    }

    @Test
    void outsideWorkingHoursTheMessageGoesToAPersonAndWithinThemTheAgentAnswers() {
        UUID store = UUID.randomUUID();
        putSettings(store, """
                {"enabled": true, "tone": "CERCANO", "workingHours": {"days": ["MONDAY"], "from": "08:00", "to": "09:00"}, "actions": []}""");
        UUID sunday = UUID.randomUUID();
        String marker = "domingo-" + UUID.randomUUID();
        tasks.send(message(sunday, store, "¿dónde está mi pedido? " + marker, SUNDAY_1000, order("SV1", "Servientrega", "SHIPPED")));
        AgentHandover handover = awaitHandover(sunday);
        assertThat(handover.reason()).isEqualTo(AgentHandover.Reason.AGENT_UNAVAILABLE);
        assertThat(handover.summary()).contains("fuera del horario").contains("08:00 a 09:00");
        assertThat(awaitRun(sunday).get("handover_reason")).isEqualTo("OUTSIDE_HOURS");
        assertThat(CLAUDE.bodies().stream().filter(b -> b.contains(marker))).isEmpty();

        UUID monday = UUID.randomUUID();
        tasks.send(message(monday, store, "¿dónde está mi pedido?", MONDAY_0830, order("SV2", "Servientrega", "SHIPPED")));
        assertThat(awaitReply(monday).text()).contains("SV2");
        assertThat(HANDOVERS.get(monday)).isNull();
    }

    @Test
    void theSettingsReasonsGoOnTheWireOnlyWhenTurnedOn() {
        assertThat(new SettingsGate(false).onTheWire(AgentHandover.Reason.OUTSIDE_HOURS)).isEqualTo(AgentHandover.Reason.AGENT_UNAVAILABLE);
        assertThat(new SettingsGate(true).onTheWire(AgentHandover.Reason.OUTSIDE_HOURS)).isEqualTo(AgentHandover.Reason.OUTSIDE_HOURS);
        assertThat(new SettingsGate(true).onTheWire(AgentHandover.Reason.AGENT_OFF)).isEqualTo(AgentHandover.Reason.AGENT_OFF);
        assertThat(new SettingsGate(false).onTheWire(AgentHandover.Reason.BUYER_ASKED)).isEqualTo(AgentHandover.Reason.BUYER_ASKED);
    }

    @Test
    void theToneReachesTheRequestAfterTheCachedPrefixWhichStaysTheSameForEveryStore() {
        UUID formal = UUID.randomUUID();
        putSettings(formal, "{\"enabled\": true, \"tone\": \"FORMAL\", \"actions\": []}");
        UUID formalConversation = UUID.randomUUID();
        UUID closeConversation = UUID.randomUUID();
        tasks.send(message(formalConversation, formal, "¿Dónde está mi pedido? formal", Instant.now(), order("SV9", "Servientrega", "SHIPPED")));
        tasks.send(message(closeConversation, UUID.randomUUID(), "¿Dónde está mi pedido? cercano", Instant.now(),
                order("SV8", "Servientrega", "SHIPPED")));
        awaitReply(formalConversation);
        awaitReply(closeConversation);

        JsonNode formalBody = JSON.readTree(CLAUDE.bodies().stream().filter(b -> b.contains("pedido? formal")).findFirst().orElseThrow());
        JsonNode closeBody = JSON.readTree(CLAUDE.bodies().stream().filter(b -> b.contains("pedido? cercano")).findFirst().orElseThrow());
        // The cached prefix: the tools (breakpoint on the last) and the first system block (its own breakpoint), identical for both stores.
        assertThat(formalBody.path("tools")).isEqualTo(closeBody.path("tools"));
        assertThat(formalBody.path("tools").get(formalBody.path("tools").size() - 1).has("cache_control")).isTrue();
        assertThat(formalBody.path("system").get(0)).isEqualTo(closeBody.path("system").get(0));
        assertThat(formalBody.path("system").get(0).path("cache_control").path("type").asString()).isEqualTo("ephemeral");
        assertThat(formalBody.path("system").get(0).path("text").asString()).isEqualTo(SupportAgent.SYSTEM_PROMPT);
        // The tone: a second system block after the breakpoint, uncached.
        assertThat(formalBody.path("system")).hasSize(2);
        assertThat(formalBody.path("system").get(1).path("text").asString()).isEqualTo(AgentSettings.Tone.FORMAL.instruction());
        assertThat(formalBody.path("system").get(1).has("cache_control")).isFalse();
        assertThat(closeBody.path("system").get(1).path("text").asString()).isEqualTo(AgentSettings.Tone.CERCANO.instruction());
        String raw = CLAUDE.bodies().stream().filter(b -> b.contains("pedido? formal")).findFirst().orElseThrow();
        assertThat(raw.substring(0, raw.indexOf("\"messages\""))).doesNotContain("SV9").doesNotContain("Ana");
    }

    // ---- transcripts ----

    @Test
    void theStoresRunsAreListedNewestFirstPageByPageAndAnotherStoreSeesNone() {
        UUID store = UUID.randomUUID();
        String owner = token(store, Role.OWNER);
        List<String> runs = new ArrayList<>();
        UUID conversation = null;
        for (int i = 0; i < 3; i++) {
            JsonNode answer = tryIt(owner, "¿dónde está mi pedido? " + i, conversation).json();
            conversation = UUID.fromString(answer.path("conversationId").asString());
            runs.add(answer.path("runId").asString());
        }
        UUID buyerConversation = UUID.randomUUID();
        tasks.send(message(buyerConversation, store, "Quiero hablar con un asesor", Instant.now()));
        awaitHandover(buyerConversation);
        awaitRun(buyerConversation);

        String viewer = token(store, Role.VIEWER);
        JsonNode first = get("/agents/runs?limit=2", viewer).json();
        assertThat(first.path("items")).hasSize(2);
        assertThat(first.path("items").get(0).path("conversationId").asString()).isEqualTo(buyerConversation.toString());
        assertThat(first.path("items").get(0).path("tryIt").asBoolean()).isFalse();
        assertThat(first.path("items").get(0).path("handover").path("reason").asString()).isEqualTo("BUYER_ASKED");
        assertThat(first.path("items").get(1).path("id").asString()).isEqualTo(runs.get(2));
        JsonNode second = get("/agents/runs?limit=2&cursor=" + first.path("nextCursor").asString(), viewer).json();
        assertThat(second.path("items").values().stream().map(n -> n.path("id").asString())).containsExactly(runs.get(1), runs.get(0));
        assertThat(second.path("nextCursor").isNull()).isTrue();

        assertThat(get("/agents/runs?tryIt=true&conversationId=" + conversation, viewer).json().path("items")).hasSize(3);
        assertThat(get("/agents/runs?outcome=ESCALATED", viewer).json().path("items").values().stream().map(n -> n.path("id").asString()))
                .doesNotContainAnyElementsOf(runs).hasSize(1);
        assertProblem(get("/agents/runs?outcome=MAYBE", viewer), 400);
        assertProblem(get("/agents/runs?limit=0", viewer), 400);
        assertProblem(get("/agents/runs?cursor=nonsense", viewer), 400);

        // Another store: nothing listed, and the run is not found (404, as one that does not exist).
        String stranger = token(UUID.randomUUID(), Role.OWNER);
        assertThat(get("/agents/runs", stranger).json().path("items")).isEmpty();
        assertProblem(get("/agents/runs/" + runs.get(0), stranger), 404);
        assertThat(get("/agents/runs/" + runs.get(0), viewer).status()).isEqualTo(200);
    }

    @Test
    void aRunsTranscriptShowsTheStepsToolCallsTokensCostAndTiming() {
        UUID store = UUID.randomUUID();
        UUID conversation = UUID.randomUUID();
        tasks.send(message(conversation, store, "¿Dónde está mi pedido?", Instant.now(), order("CO123", "Coordinadora", "OUT_FOR_DELIVERY")));
        AgentReply reply = awaitReply(conversation);
        await().atMost(WAIT).until(() -> get("/agents/runs/" + reply.runId(), token(store, Role.VIEWER)).json().path("run")
                .path("status").asString().equals("ANSWERED"));

        JsonNode detail = get("/agents/runs/" + reply.runId(), token(store, Role.VIEWER)).json();
        JsonNode run = detail.path("run");
        assertThat(run.path("reply").asString()).isEqualTo(reply.text());
        assertThat(run.path("model").asString()).isEqualTo("claude-test");
        assertThat(run.path("modelCalls").asInt()).isEqualTo(2);
        assertThat(run.path("tokens").path("input").asLong()).isEqualTo(240);
        assertThat(run.path("tokens").path("output").asLong()).isEqualTo(60);
        assertThat(run.path("tokens").path("cacheWrite").asLong()).isEqualTo(1800);
        assertThat(run.path("tokens").path("cacheRead").asLong()).isZero();
        // 240 × 3 + 60 × 15 + 1800 × 3.75 per million tokens.
        assertThat(run.path("costUsd").asDouble()).isEqualTo((240 * 3 + 60 * 15 + 1800 * 3.75) / 1_000_000.0);
        assertThat(run.path("durationMs").asLong()).isNotNegative();
        assertThat(run.path("startedAt").asString()).isNotBlank();
        assertThat(detail.path("entries").values().stream().map(e -> e.path("role").asString()))
                .containsExactly("user", "assistant", "tool", "assistant");
        JsonNode call = detail.path("toolCalls").get(0);
        assertThat(call.path("name").asString()).isEqualTo("buyer_orders");
        assertThat(call.path("result").path("orders").get(0).path("trackingNumber").asString()).isEqualTo("CO123");
        assertThat(call.path("error").asBoolean()).isFalse();
    }

    // ---- try it ----

    @Test
    void tryItAnswersWithTheSampleBuyersOrdersSendsNothingToChatAndIsRecordedAsTryIt() {
        UUID store = UUID.randomUUID();
        putSettings(store, "{\"enabled\": false, \"tone\": \"FORMAL\", \"actions\": []}");
        Http.Response response = send("POST", "/agents/try-it", token(store, Role.SUPPORT), """
                {"message": "¿Dónde está mi pedido?", "buyer": {"name": "Carla Ruiz", "orders": [{"trackingNumber": "IR555",
                 "carrierName": "Interrapidísimo", "lastEvent": "EXCEPTION", "reason": "Dirección incompleta", "lastEventAt": "2026-11-26T15:00:00Z"}]}}""");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode answer = response.json();
        UUID conversation = UUID.fromString(answer.path("conversationId").asString());
        assertThat(answer.path("reply").asString()).contains("IR555").contains("Carla");
        assertThat(answer.path("handover").isNull()).isTrue();
        assertThat(answer.path("agentEnabled").asBoolean()).as("the switch is reported, not applied").isFalse();
        assertThat(answer.path("run").path("run").path("tryIt").asBoolean()).isTrue();
        assertThat(answer.path("run").path("toolCalls").get(0).path("result").path("orders").get(0).path("reason").asString())
                .isEqualTo("Dirección incompleta");
        assertThat(answer.path("run").path("run").path("tokens").path("input").asLong()).isEqualTo(240);
        // The store's tone applies.
        String body = CLAUDE.bodies().stream().filter(b -> b.contains("IR555") || b.contains("Dónde está mi pedido")).findFirst().orElseThrow();
        assertThat(body).contains(AgentSettings.Tone.FORMAL.instruction());

        // Continued: the same conversation, the earlier turns remembered.
        JsonNode next = tryIt(token(store, Role.OWNER), "Quiero hablar con un asesor", conversation).json();
        assertThat(next.path("conversationId").asString()).isEqualTo(conversation.toString());
        assertThat(next.path("handover").path("reason").asString()).isEqualTo("BUYER_ASKED");
        String second = CLAUDE.bodies().stream().filter(b -> b.contains("hablar con un asesor")).findFirst().orElseThrow();
        assertThat(second).contains("IR555");

        // Nothing reached chat-service: no reply, no hand-over, and no episode.
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                .until(() -> !REPLIES.containsKey(conversation) && !HANDOVERS.containsKey(conversation));
        assertThat(jdbc.sql("SELECT count(*) FROM agents.agent_run WHERE conversation_id = :c AND try_it").param("c", conversation)
                .query(Long.class).single()).isEqualTo(2);
        assertThat(jdbc.sql("SELECT count(*) FROM agents.agent_episode WHERE conversation_id = :c").param("c", conversation)
                .query(Long.class).single()).isZero();
    }

    @Test
    void tryItIsForOwnersAndSupportAndContinuesOnlyTheStoresOwnTryItConversations() {
        UUID store = UUID.randomUUID();
        String body = "{\"message\": \"hola\"}";
        assertProblem(send("POST", "/agents/try-it", token(store, Role.VIEWER), body), 403);
        assertProblem(send("POST", "/agents/try-it", token(store, Role.INTEGRATION), body), 403);
        assertProblem(send("POST", "/agents/try-it", token(store, Role.OWNER), "{}"), 400);
        assertProblem(send("POST", "/agents/try-it", token(store, Role.OWNER), """
                {"message": "hola", "buyer": {"orders": [{"lastEvent": "LOST", "lastEventAt": "ayer"}]}}"""), 400);

        UUID conversation = UUID.fromString(tryIt(token(store, Role.OWNER), "hola", null).json().path("conversationId").asString());
        Http.Response stranger = send("POST", "/agents/try-it", token(UUID.randomUUID(), Role.OWNER),
                "{\"message\": \"hola\", \"conversationId\": \"" + conversation + "\"}");
        assertProblem(stranger, 404);
        // A buyer's real conversation is not a try-it one.
        UUID real = UUID.randomUUID();
        tasks.send(message(real, store, "hola", Instant.now()));
        awaitReply(real);
        assertProblem(send("POST", "/agents/try-it", token(store, Role.OWNER), "{\"message\": \"hola\", \"conversationId\": \"" + real + "\"}"),
                404);
    }

    private Http.Response tryIt(String token, String text, UUID conversation) {
        String body = "{\"message\": \"" + text + "\"" + (conversation == null ? "" : ", \"conversationId\": \"" + conversation + "\"")
                + ", \"buyer\": {\"name\": \"Ana\", \"orders\": [{\"trackingNumber\": \"SV1\", \"carrierName\": \"Servientrega\","
                + " \"lastEvent\": \"SHIPPED\", \"lastEventAt\": \"2026-11-26T15:00:00Z\"}]}}";
        Http.Response response = send("POST", "/agents/try-it", token, body);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response;
    }
}
