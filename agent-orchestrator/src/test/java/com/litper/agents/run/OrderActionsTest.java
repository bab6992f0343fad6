package com.litper.agents.run;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.litper.agents.settings.AgentSettings;
import com.litper.agents.settings.StoreSettings;
import com.litper.agents.action.ActionTools;
import com.litper.agents.action.ButtonPresses;
import com.litper.agents.action.OrderActions;
import com.litper.common.contracts.AgentReply;
import com.litper.common.contracts.ApplyOrderAction;
import com.litper.common.contracts.ConfirmOrderAction;
import com.litper.common.contracts.InboundMessage;
import com.litper.common.contracts.OrderActionResult;
import com.litper.common.contracts.SendWhatsapp;
import com.litper.common.queue.Task;
import com.litper.common.queue.TaskListener;
import com.litper.common.queue.TaskQueue;
import com.litper.common.queue.TaskWorker;
import com.litper.common.queue.WorkerSettings;
import com.litper.common.task.ContractHandler;
import com.litper.common.task.ContractTaskHandler;
import com.litper.common.task.TaskPayload;
import com.litper.common.task.Tasks;
import com.litper.embedded.EmbeddedInfrastructure;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The agent's actions with side effects against the embedded PostgreSQL and Redis, with WireMock
 * playing Claude ({@link FakeClaude}): a proposal sends buttons and changes nothing; the buyer's press
 * confirms (once), declines, or comes too late; api-service's result is recorded and told. What the
 * agents send chat-service and api-service is read off the {@code chat} and {@code api} queues.
 */
@ExtendWith(EmbeddedInfrastructure.class)
@SpringBootTest(properties = {
        "litper.agents.run-deadline=6s",
        "litper.agents.gather-window=200ms",
        "litper.agents.busy-retry=200ms",
        "litper.anthropic.api-key=test-key",
        "litper.anthropic.model=claude-test"})
// Its context runs a worker on the agents queue: closed after the class, so it takes no other class's tasks.
@DirtiesContext
class OrderActionsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    /** A store whose settings do not let the agent cancel orders. */
    private static final UUID NO_CANCELLATIONS = UUID.randomUUID();

    private static final FakeClaude CLAUDE = new FakeClaude();
    private static final List<TaskPayload> SENT = new CopyOnWriteArrayList<>();
    private static WireMockServer wiremock;
    private static TaskWorker others;

    @Autowired
    Tasks tasks;

    @Autowired
    TaskQueue queue;

    @Autowired
    OrderActions actions;

    @Autowired
    ButtonPresses presses;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    StoreSettings settings;

    @BeforeAll
    static void startClaude() {
        wiremock = new WireMockServer(wireMockConfig().dynamicPort().extensions(CLAUDE));
        wiremock.start();
        wiremock.stubFor(post(urlEqualTo("/v1/messages")).willReturn(aResponse().withTransformers(FakeClaude.NAME)));
    }

    @AfterAll
    static void stop() {
        if (others != null) {
            others.stop();
            others = null;
        }
        wiremock.stop();
    }

    @DynamicPropertySource
    static void claude(DynamicPropertyRegistry registry) {
        registry.add("litper.anthropic.base-url", () -> wiremock.baseUrl());
    }

    @BeforeEach
    void setUp() {
        CLAUDE.reset();
        if (others == null) {
            // chat-service's and api-service's side, reduced to what the agents sent them.
            others = new TaskWorker(queue, List.of(collect(AgentReply.class), collect(ConfirmOrderAction.class), collect(ApplyOrderAction.class)),
                    WorkerSettings.defaults().withQueues("chat", "api").withConcurrency(4), TaskListener.NONE);
            others.start();
        }
    }

    @Test
    void aBuyerAskingToChangeTheAddressGetsButtonsAndNothingChanges() {
        UUID conversation = UUID.randomUUID();
        UUID store = UUID.randomUUID();
        InboundMessage.Order order = order("SV100200300", "SHIPPED");
        tasks.send(message(conversation, store, "Cambia la dirección de mi pedido SV100200300 a Calle 5 # 10-20, barrio Laureles", order));

        ConfirmOrderAction confirm = await().atMost(WAIT).until(() -> sent(ConfirmOrderAction.class, conversation), l -> !l.isEmpty()).get(0);
        assertThat(confirm.storeId()).isEqualTo(store);
        assertThat(confirm.text()).contains("SV100200300").contains("Nueva dirección: Calle 5 # 10-20, barrio Laureles");
        assertThat(confirm.buttons()).extracting(SendWhatsapp.Button::title).containsExactly("Sí, cambiar", "No");
        assertThat(confirm.buttons().get(0).id()).isEqualTo("action:" + confirm.actionId() + ":yes");
        AgentReply reply = await().atMost(WAIT).until(() -> sent(AgentReply.class, conversation), l -> !l.isEmpty()).get(0);
        assertThat(reply.text()).contains("confirmes");
        assertThat(status(confirm.actionId())).isEqualTo("PROPOSED");
        assertThat(jdbc.sql("SELECT order_id FROM agents.order_action WHERE id = :id").param("id", confirm.actionId()).query(UUID.class).single())
                .isEqualTo(order.orderId());
        // The tool's definition reached the model, and nothing went to api-service.
        assertThat(CLAUDE.bodies().get(0)).contains("\"request_delivery_change\"").contains("\"cancel_order\"");
        assertThat(sentFor(ApplyOrderAction.class, a -> a.orderId().equals(order.orderId()))).isEmpty();
    }

    @Test
    void theToolsNameOnlyTheOrdersOfTheSnapshot() {
        InboundMessage own = message(UUID.randomUUID(), UUID.randomUUID(), "cancela", order("SV111111111", "SHIPPED"));
        ActionTools tools = actions.tools(own, UUID.randomUUID(), false);
        UUID othersOrder = UUID.randomUUID();

        ActionTools.Answer byGuide = tools.run(ActionTools.CANCEL, Map.of("order", "TCC999999999"));
        ActionTools.Answer byId = tools.run(ActionTools.CHANGE_DELIVERY, Map.of("order", othersOrder.toString(), "newAddress", "Calle 1 # 2-3"));
        ActionTools.Answer nothing = tools.run(ActionTools.CANCEL, Map.of());

        assertThat(List.of(byGuide, byId, nothing)).allSatisfy(a -> assertThat(a.error()).isTrue());
        assertThat(byGuide.content()).contains("no está entre los pedidos de este comprador");
        assertThat(count(own.conversationId())).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM agents.order_action WHERE order_id = :o").param("o", othersOrder).query(Long.class).single())
                .isZero();
    }

    @Test
    void aStoreWhosePolicyRefusesAnActionGetsNoProposal() {
        // The store's own settings (PUT /agents/settings) leave cancellations out.
        settings.save(NO_CANCELLATIONS, new AgentSettings(true, AgentSettings.Tone.CERCANO, null, Set.of("DELIVERY_CHANGE"), true), "owner");
        InboundMessage own = message(UUID.randomUUID(), NO_CANCELLATIONS, "cancela", order("SV888888888", "SHIPPED"));
        ActionTools tools = actions.tools(own, UUID.randomUUID(), false);

        ActionTools.Answer refused = tools.run(ActionTools.CANCEL, Map.of("order", "SV888888888"));

        assertThat(refused.error()).isTrue();
        assertThat(refused.content()).contains("no permite").contains("hand_over_to_person");
        assertThat(count(own.conversationId())).isZero();
        // The same store may still change a delivery: the policy decides per kind.
        assertThat(tools.run(ActionTools.CHANGE_DELIVERY, Map.of("order", "SV888888888", "newAddress", "Calle 9 # 9-99")).error()).isFalse();
    }

    @Test
    void aNewDateMustBeAFutureBusinessDayWithinTheBound() {
        InboundMessage own = message(UUID.randomUUID(), UUID.randomUUID(), "cambia", order("SV222222222", "SHIPPED"));
        ActionTools tools = actions.tools(own, UUID.randomUUID(), false);
        LocalDate today = LocalDate.now(ZoneId.of("America/Bogota"));
        LocalDate saturday = today.with(TemporalAdjusters.next(DayOfWeek.SATURDAY));
        LocalDate monday = today.with(TemporalAdjusters.next(DayOfWeek.MONDAY));

        assertThat(tools.run(ActionTools.CHANGE_DELIVERY, Map.of("order", "SV222222222", "newDeliveryDate", today.toString())).content())
                .contains("posterior a hoy");
        assertThat(tools.run(ActionTools.CHANGE_DELIVERY, Map.of("order", "SV222222222", "newDeliveryDate", saturday.toString())).content())
                .contains("día hábil");
        assertThat(tools.run(ActionTools.CHANGE_DELIVERY, Map.of("order", "SV222222222", "newDeliveryDate", today.plusDays(40).toString()))
                .content()).contains("como máximo 15 días");
        assertThat(tools.run(ActionTools.CHANGE_DELIVERY, Map.of("order", "SV222222222", "newDeliveryDate", "mañana")).error()).isTrue();
        assertThat(count(own.conversationId())).isZero();

        ActionTools.Answer ok = tools.run(ActionTools.CHANGE_DELIVERY, Map.of("order", "sv222222222", "newDeliveryDate", monday.toString()));
        assertThat(ok.error()).isFalse();
        assertThat(count(own.conversationId())).isOne();
    }

    @Test
    void aDeliveredOrderCannotBeChangedAndADryRunRecordsNothing() {
        InboundMessage own = message(UUID.randomUUID(), UUID.randomUUID(), "cancela", order("SV333333333", "DELIVERED"),
                order("SV444444444", "SHIPPED"));
        assertThat(actions.tools(own, UUID.randomUUID(), false).run(ActionTools.CANCEL, Map.of("order", "SV333333333")).content())
                .contains("ya fue entregado");

        ActionTools.Answer preview = actions.tools(own, UUID.randomUUID(), true).run(ActionTools.CANCEL, Map.of("order", "SV444444444"));

        assertThat(preview.error()).isFalse();
        assertThat(preview.content()).contains("Prueba").contains("¿Confirmas que cancelemos tu pedido con guía SV444444444?");
        assertThat(count(own.conversationId())).isZero();
        assertThat(sent(ConfirmOrderAction.class, own.conversationId())).isEmpty();
    }

    @Test
    void aConfirmationIsAppliedOnceWhateverThePressesAndTheResultIsTold() {
        InboundMessage own = message(UUID.randomUUID(), UUID.randomUUID(), "cancela", order("SV555555555", "SHIPPED"));
        UUID action = propose(own, ActionTools.CANCEL, Map.of("order", "SV555555555"));

        InboundMessage yes = press(own, "action:" + action + ":yes");
        tasks.send(yes);
        ApplyOrderAction apply = await().atMost(WAIT).until(() -> sentFor(ApplyOrderAction.class, a -> a.actionId().equals(action)),
                l -> !l.isEmpty()).get(0);
        assertThat(apply.kind()).isEqualTo(ApplyOrderAction.Kind.CANCEL);
        assertThat(apply.orderId()).isEqualTo(own.orders().get(0).orderId());
        assertThat(status(action)).isEqualTo("CONFIRMED");

        // The same press delivered again, and a second press: still one apply_order_action, and the second is told it was answered.
        assertThat(presses.handle(yes)).isTrue();
        InboundMessage again = press(own, "action:" + action + ":yes");
        assertThat(presses.handle(again)).isTrue();
        await().atMost(WAIT).until(() -> replyTo(again) != null);
        assertThat(replyTo(again).text()).contains("Ya habías respondido");
        assertThat(replyTo(yes).text()).contains("Ya lo estamos procesando");
        assertThat(sentFor(ApplyOrderAction.class, a -> a.actionId().equals(action))).hasSize(1);
        assertThat(status(action)).isEqualTo("CONFIRMED");

        // api-service refuses: the buyer reads why, once, even when the result comes twice.
        OrderActionResult refused = new OrderActionResult(action, own.storeId(), apply.orderId(), own.conversationId(),
                ApplyOrderAction.Kind.CANCEL, OrderActionResult.Outcome.REFUSED, "La transportadora ya recogió el pedido.", Instant.now());
        tasks.send(refused);
        await().atMost(WAIT).until(() -> "REFUSED".equals(status(action)));
        await().atMost(WAIT).until(() -> sent(AgentReply.class, own.conversationId()).stream().anyMatch(r -> r.text().startsWith("No pudimos")));
        AgentReply told = sent(AgentReply.class, own.conversationId()).stream().filter(r -> r.text().startsWith("No pudimos")).findFirst()
                .orElseThrow();
        assertThat(told.text()).isEqualTo("No pudimos cancelar tu pedido con guía SV555555555: La transportadora ya recogió el pedido."
                + " Si quieres, te paso con un asesor.");
        assertThat(told.inReplyTo()).containsExactly(yes.whatsappMessageId());
        assertThat(jdbc.sql("SELECT reason FROM agents.order_action WHERE id = :id").param("id", action).query(String.class).single())
                .isEqualTo("La transportadora ya recogió el pedido.");
    }

    @Test
    void aDeclineChangesNothing() {
        InboundMessage own = message(UUID.randomUUID(), UUID.randomUUID(), "cambia", order("SV666666666", "SHIPPED"));
        UUID action = propose(own, ActionTools.CHANGE_DELIVERY, Map.of("order", "SV666666666", "newAddress", "Carrera 7 # 8-9"));

        InboundMessage no = press(own, "action:" + action + ":no");
        tasks.send(no);

        await().atMost(WAIT).until(() -> replyTo(no) != null);
        assertThat(replyTo(no).text()).contains("no cambiamos nada");
        assertThat(status(action)).isEqualTo("DECLINED");
        assertThat(sentFor(ApplyOrderAction.class, a -> a.actionId().equals(action))).isEmpty();
    }

    @Test
    void anExpiredUnknownOrForeignPressChangesNothing() {
        InboundMessage own = message(UUID.randomUUID(), UUID.randomUUID(), "cambia", order("SV777777777", "SHIPPED"));
        UUID action = propose(own, ActionTools.CHANGE_DELIVERY, Map.of("order", "SV777777777", "newAddress", "Carrera 7 # 8-9"));

        // Another conversation presses this action's button; then nonsense ids.
        InboundMessage foreign = press(message(UUID.randomUUID(), own.storeId(), "hola"), "action:" + action + ":yes");
        InboundMessage unknown = press(own, "action:" + UUID.randomUUID() + ":yes");
        InboundMessage malformed = press(own, "action:not-a-uuid:maybe");
        List.of(foreign, unknown, malformed).forEach(presses::handle);
        await().atMost(WAIT).until(() -> replyTo(foreign) != null && replyTo(unknown) != null && replyTo(malformed) != null);
        assertThat(List.of(replyTo(foreign), replyTo(unknown), replyTo(malformed))).allSatisfy(r -> assertThat(r.text())
                .contains("No encuentro esa confirmación"));
        assertThat(status(action)).isEqualTo("PROPOSED");

        // Past its expiry (30 minutes by default), the buyer's own press is refused too.
        jdbc.sql("UPDATE agents.order_action SET expires_at = now() - interval '1 second' WHERE id = :id").param("id", action).update();
        InboundMessage late = press(own, "action:" + action + ":yes");
        presses.handle(late);
        await().atMost(WAIT).until(() -> replyTo(late) != null);
        assertThat(replyTo(late).text()).contains("ya venció");
        assertThat(status(action)).isEqualTo("EXPIRED");
        assertThat(sentFor(ApplyOrderAction.class, a -> a.actionId().equals(action))).isEmpty();
        // A button that is not an action's goes to the agent as any message.
        assertThat(presses.handle(press(own, "menu:1"))).isFalse();
    }

    private UUID propose(InboundMessage message, String tool, Map<String, Object> input) {
        ActionTools.Answer answer = actions.tools(message, UUID.randomUUID(), false).run(tool, input);
        assertThat(answer.error()).as(answer.content()).isFalse();
        return jdbc.sql("SELECT id FROM agents.order_action WHERE conversation_id = :c").param("c", message.conversationId())
                .query(UUID.class).single();
    }

    private String status(UUID action) {
        return jdbc.sql("SELECT status FROM agents.order_action WHERE id = :id").param("id", action).query(String.class).single();
    }

    private long count(UUID conversation) {
        return jdbc.sql("SELECT count(*) FROM agents.order_action WHERE conversation_id = :c").param("c", conversation).query(Long.class).single();
    }

    private static AgentReply replyTo(InboundMessage press) {
        return sentFor(AgentReply.class, r -> r.inReplyTo().contains(press.whatsappMessageId()) && !r.text().startsWith("No pudimos")).stream()
                .findFirst().orElse(null);
    }

    private static <T extends TaskPayload> List<T> sent(Class<T> type, UUID conversation) {
        return sentFor(type, p -> p instanceof AgentReply r ? r.conversationId().equals(conversation)
                : p instanceof ConfirmOrderAction c ? c.conversationId().equals(conversation)
                : p instanceof ApplyOrderAction a && a.conversationId().equals(conversation));
    }

    private static <T extends TaskPayload> List<T> sentFor(Class<T> type, java.util.function.Predicate<T> which) {
        return SENT.stream().filter(type::isInstance).map(type::cast).filter(which).toList();
    }

    private ContractTaskHandler<?> collect(Class<? extends TaskPayload> type) {
        return collector(type, SENT::add);
    }

    private <T extends TaskPayload> ContractTaskHandler<T> collector(Class<T> type, Consumer<TaskPayload> sink) {
        return new ContractTaskHandler<>(new ContractHandler<T>() {
            @Override
            public Class<T> contract() {
                return type;
            }

            @Override
            public void handle(T payload, Task task) {
                sink.accept(payload);
            }
        }, tasks.contracts(), tasks.codec());
    }

    private static InboundMessage message(UUID conversation, UUID store, String text, InboundMessage.Order... orders) {
        return new InboundMessage(conversation, store, "+573001112233", "Ana Gómez", text, "text", "wamid." + UUID.randomUUID(), Instant.now(),
                List.of(orders));
    }

    private static InboundMessage press(InboundMessage of, String buttonId) {
        return new InboundMessage(of.conversationId(), of.storeId(), of.from(), of.name(), "Sí, cambiar", "interactive",
                "wamid." + UUID.randomUUID(), Instant.now(), of.orders(), buttonId);
    }

    private static InboundMessage.Order order(String guide, String event) {
        return new InboundMessage.Order(UUID.randomUUID(), event, null, guide, "Servientrega", Instant.now().minusSeconds(3600));
    }
}
