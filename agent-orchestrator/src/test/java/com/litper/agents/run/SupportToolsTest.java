package com.litper.agents.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.MessageParam;
import com.anthropic.models.messages.TextBlockParam;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.anthropic.models.messages.ToolUseBlockParam;
import com.anthropic.core.JsonValue;
import com.litper.common.contracts.AgentHandover;
import com.litper.common.contracts.InboundMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The tools' scoping and the memory's trimming, in plain Java. */
class SupportToolsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static InboundMessage messageWith(InboundMessage.Order... orders) {
        return new InboundMessage(UUID.randomUUID(), UUID.randomUUID(), "+573001234567", "Ana Gómez", "hola", "text", "wamid.1", Instant.now(),
                List.of(orders));
    }

    @Test
    void buyerOrdersAnswersOnlyTheSnapshotWhateverTheInputAsks() {
        InboundMessage.Order own = new InboundMessage.Order(UUID.randomUUID(), "EXCEPTION", "Cliente ausente", "SV1", "Servientrega", Instant.now());
        SupportTools tools = new SupportTools(messageWith(own), JSON);

        SupportTools.Result plain = tools.run(SupportTools.BUYER_ORDERS, Map.of());
        SupportTools.Result widened = tools.run(SupportTools.BUYER_ORDERS, Map.of("phone", "+573009999999", "storeId", UUID.randomUUID().toString(),
                "all", true));
        assertThat(widened).isEqualTo(plain);
        JsonNode answer = JSON.readTree(plain.content());
        assertThat(answer.path("buyerFirstName").asString()).isEqualTo("Ana");
        assertThat(answer.path("orders").size()).isEqualTo(1);
        assertThat(answer.path("orders").get(0).path("trackingNumber").asString()).isEqualTo("SV1");
        assertThat(answer.path("orders").get(0).path("reason").asString()).isEqualTo("Cliente ausente");
        assertThat(plain.content()).doesNotContain("+573001234567");
    }

    @Test
    void aMessageWithoutASnapshotHasNoOrders() {
        InboundMessage older = new InboundMessage(UUID.randomUUID(), UUID.randomUUID(), "+573001234567", null, "hola", "text", "wamid.2",
                Instant.now());
        JsonNode answer = JSON.readTree(new SupportTools(older, JSON).run(SupportTools.BUYER_ORDERS, Map.of()).content());
        assertThat(answer.path("orders").size()).isZero();
    }

    @Test
    void theHandOverToolTakesOnlyTheModelsReasonsAndAnUnknownToolIsAnErrorResult() {
        SupportTools tools = new SupportTools(messageWith(), JSON);
        assertThat(tools.run(SupportTools.HAND_OVER, Map.of("reason", "DEADLINE", "summary", "x")).error()).isTrue();
        assertThat(tools.run(SupportTools.HAND_OVER, Map.of("reason", "BUYER_ASKED")).error()).isTrue();
        assertThat(tools.handover()).isEmpty();
        assertThat(tools.run("list_all_orders", Map.of()).error()).isTrue();

        assertThat(tools.run(SupportTools.HAND_OVER, Map.of("reason", "OUT_OF_SCOPE", "summary", "Quiere cambiar la dirección.")).error()).isFalse();
        assertThat(tools.handover()).contains(new SupportTools.Handover(AgentHandover.Reason.OUT_OF_SCOPE, "Quiere cambiar la dirección."));
    }

    @Test
    void memoryIsTrimmedAtABuyersTurnNeverBetweenAToolUseAndItsResult() {
        List<MessageParam> messages = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            messages.add(MessageParam.ofUserOfContentBlockParams(List.of(ContentBlockParam.ofText(TextBlockParam.builder().text("pregunta " + i).build()))));
            messages.add(MessageParam.ofAssistantOfContentBlockParams(List.of(ContentBlockParam.ofToolUse(ToolUseBlockParam.builder().id("t" + i)
                    .name("buyer_orders").input(JsonValue.from(Map.of())).build()))));
            messages.add(MessageParam.ofUserOfContentBlockParams(List.of(ContentBlockParam.ofToolResult(ToolResultBlockParam.builder()
                    .toolUseId("t" + i).content("{}").build()))));
            messages.add(MessageParam.ofAssistant("respuesta " + i));
        }
        // 12 messages; keeping at most 6 would start at a tool result: the trim moves on to the next buyer's turn.
        List<MessageParam> kept = ConversationMemory.trim(messages, 6);
        assertThat(kept).hasSize(4);
        assertThat(kept.get(0).content().contentBlockParams().orElseThrow().get(0).text().orElseThrow().text()).isEqualTo("pregunta 2");
        assertThat(ConversationMemory.trim(messages, 8)).hasSize(8);
        assertThat(ConversationMemory.trim(messages, 8).get(0)).isEqualTo(messages.get(4));
    }

    @Test
    void theTimelineIsFetchedOnlyForAGuideOfTheSnapshot() {
        InboundMessage.Order own = new InboundMessage.Order(UUID.randomUUID(), "EXCEPTION", "Cliente ausente", "SV1", "Servientrega", Instant.now());
        List<String> fetched = new ArrayList<>();
        SupportTools tools = new SupportTools(messageWith(own), JSON, (guide, carrier) -> {
            fetched.add(guide + "/" + carrier);
            return Map.of("trackingNumber", guide, "events", List.of());
        });

        SupportTools.Result other = tools.run(SupportTools.TRACKING_TIMELINE, Map.of("trackingNumber", "CO999"));
        assertThat(other.error()).isTrue();
        assertThat(other.content()).contains("CO999").contains("no es de ningún pedido");
        assertThat(tools.run(SupportTools.TRACKING_TIMELINE, Map.of()).error()).isTrue();
        assertThat(fetched).as("nothing fetched for a guide outside the snapshot").isEmpty();

        SupportTools.Result mine = tools.run(SupportTools.TRACKING_TIMELINE, Map.of("trackingNumber", " sv1 "));
        assertThat(mine.error()).isFalse();
        assertThat(fetched).containsExactly("SV1/Servientrega");
        assertThat(JSON.readTree(mine.content()).path("trackingNumber").asString()).isEqualTo("SV1");
    }

    @Test
    void aTimelineThatCannotBeFetchedIsAnErrorResult() {
        InboundMessage.Order own = new InboundMessage.Order(UUID.randomUUID(), "SHIPPED", null, "SV2", "Servientrega", Instant.now());
        SupportTools tools = new SupportTools(messageWith(own), JSON, (guide, carrier) -> {
            throw new TrackingClient.Unavailable("El historial de la guía no está disponible ahora (503).", null);
        });
        SupportTools.Result result = tools.run(SupportTools.TRACKING_TIMELINE, Map.of("trackingNumber", "SV2"));
        assertThat(result.error()).isTrue();
        assertThat(result.content()).contains("503");
    }

    @Test
    void theToolDefinitionsAreTheSameForEveryRunAndOnlyTheLastCarriesTheCacheBreakpoint() {
        List<com.anthropic.models.messages.ToolUnion> tools = SupportTools.definitions();
        assertThat(SupportTools.definitions()).isEqualTo(tools);
        assertThat(tools.stream().map(t -> t.asTool().name())).contains(SupportTools.BUYER_ORDERS, SupportTools.TRACKING_TIMELINE,
                SupportTools.HAND_OVER);
        assertThat(tools.get(tools.size() - 1).asTool().cacheControl()).isPresent();
        assertThat(tools.subList(0, tools.size() - 1)).allSatisfy(t -> assertThat(t.asTool().cacheControl()).isEmpty());
    }
}
