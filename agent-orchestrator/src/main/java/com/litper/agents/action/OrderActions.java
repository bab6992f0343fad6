package com.litper.agents.action;

import com.litper.common.contracts.ApplyOrderAction;
import com.litper.common.contracts.ConfirmOrderAction;
import com.litper.common.contracts.InboundMessage;
import com.litper.common.contracts.SendWhatsapp;
import com.litper.common.task.Tasks;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The actions the support agent proposes on a buyer's orders ({@code agents.order_action}): a proposal
 * changes nothing; it is recorded {@code PROPOSED} and the buyer is asked to confirm with reply buttons
 * ({@code confirm_order_action} to chat-service). The buyer's press ({@link ButtonPresses}) and
 * api-service's result ({@link OrderActionResultHandler}) move it on; each move is one conditional
 * UPDATE, so two deliveries of a press or a result never move it twice.
 */
@Component
public class OrderActions {

    /** Prefix of the buttons' ids: {@code action:<id>:yes} / {@code action:<id>:no}. */
    static final String BUTTON_PREFIX = "action:";
    static final Locale SPANISH = Locale.forLanguageTag("es-CO");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEEE d 'de' MMMM", SPANISH);

    private final JdbcClient jdbc;
    private final Tasks tasks;
    private final ObjectProvider<ActionPolicy> policies;
    private final ActionProperties properties;
    private final JsonMapper json;
    private final Clock clock;

    private final boolean onlyDryRuns;

    @Autowired
    OrderActions(JdbcClient jdbc, Tasks tasks, ObjectProvider<ActionPolicy> policies, ActionProperties properties, JsonMapper json, Clock clock) {
        this(jdbc, tasks, policies, properties, json, clock, false);
    }

    private OrderActions(JdbcClient jdbc, Tasks tasks, ObjectProvider<ActionPolicy> policies, ActionProperties properties, JsonMapper json,
            Clock clock, boolean onlyDryRuns) {
        this.jdbc = jdbc;
        this.tasks = tasks;
        this.policies = policies;
        this.properties = properties;
        this.json = json;
        this.clock = clock;
        this.onlyDryRuns = onlyDryRuns;
    }

    /**
     * Actions whose tools always run dry (check, record and send nothing), with no database and no
     * queue: for running the agent outside the service, as the evaluation harness does.
     */
    public static OrderActions dryRunsOnly(ActionProperties properties, JsonMapper json, Clock clock) {
        return new OrderActions(null, null, new StaticListableBeanFactory().getBeanProvider(ActionPolicy.class), properties, json, clock, true);
    }

    /**
     * The action tools of one run, scoped to the orders of its newest message's snapshot (this store,
     * this buyer). {@code dryRun}: the tools check everything but record and send nothing.
     */
    public ActionTools tools(InboundMessage latest, UUID runId, boolean dryRun) {
        return new ActionTools(this, latest, runId, dryRun || onlyDryRuns, properties, clock);
    }

    boolean allows(UUID storeId, ApplyOrderAction.Kind kind) {
        return policies.orderedStream().allMatch(policy -> policy.allows(storeId, kind));
    }

    /**
     * Records the proposal and asks chat-service to send the buyer the buttons. Its id is derived from
     * the run, the kind and the order, so a run repeated after a crash proposes the same action once.
     */
    OrderAction propose(UUID runId, InboundMessage latest, InboundMessage.Order order, ApplyOrderAction.Kind kind, String newAddress,
            String newCity, LocalDate newDeliveryDate) {
        UUID id = UUID.nameUUIDFromBytes(("action:" + runId + ":" + kind + ":" + order.orderId()).getBytes(StandardCharsets.UTF_8));
        Instant now = clock.instant();
        OrderAction action = new OrderAction(id, latest.conversationId(), latest.storeId(), order.orderId(), order.trackingNumber(), kind,
                newAddress, newCity, newDeliveryDate, "PROPOSED", null, null, now.plus(properties.confirmFor()));
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("trackingNumber", order.trackingNumber());
        parameters.put("newAddress", newAddress);
        parameters.put("newCity", newCity);
        parameters.put("newDeliveryDate", newDeliveryDate == null ? null : newDeliveryDate.toString());
        jdbc.sql("""
                        INSERT INTO agents.order_action (id, conversation_id, store_id, order_id, run_id, kind, parameters, status, proposed_at,
                            expires_at)
                        VALUES (:id, :conversation, :store, :order, :run, :kind, CAST(:parameters AS jsonb), 'PROPOSED', :now, :expires)
                        ON CONFLICT (id) DO NOTHING""")
                .param("id", id).param("conversation", latest.conversationId()).param("store", latest.storeId())
                .param("order", order.orderId()).param("run", runId).param("kind", kind.name())
                .param("parameters", json.writeValueAsString(parameters)).param("now", Timestamp.from(now))
                .param("expires", Timestamp.from(action.expiresAt()))
                .update();
        tasks.send(new ConfirmOrderAction(latest.conversationId(), latest.storeId(), id, question(action), buttons(action), now));
        return action;
    }

    /** What the buyer reads above the buttons. */
    static String question(OrderAction action) {
        String order = action.trackingNumber() == null ? "tu pedido" : "tu pedido con guía " + action.trackingNumber();
        if (action.kind() == ApplyOrderAction.Kind.CANCEL) {
            return "¿Confirmas que cancelemos " + order + "? Si ya fue recogido por la transportadora no se podrá cancelar.";
        }
        StringBuilder text = new StringBuilder("¿Confirmas este cambio en la entrega de ").append(order).append('?');
        if (action.newAddress() != null) {
            text.append("\nNueva dirección: ").append(action.newAddress()).append(action.newCity() == null ? "" : ", " + action.newCity());
        }
        if (action.newDeliveryDate() != null) {
            text.append("\nNueva fecha: ").append(day(action.newDeliveryDate()));
        }
        return text.toString();
    }

    static List<SendWhatsapp.Button> buttons(OrderAction action) {
        String yes = action.kind() == ApplyOrderAction.Kind.CANCEL ? "Sí, cancelar" : "Sí, cambiar";
        return List.of(new SendWhatsapp.Button(BUTTON_PREFIX + action.id() + ":yes", yes),
                new SendWhatsapp.Button(BUTTON_PREFIX + action.id() + ":no", "No"));
    }

    static String day(LocalDate date) {
        return DAY.format(date);
    }

    Optional<OrderAction> find(UUID id) {
        return jdbc.sql("""
                        SELECT id, conversation_id, store_id, order_id, kind, parameters::text AS parameters, status, reason, pressed_message_id,
                            expires_at
                        FROM agents.order_action WHERE id = :id""")
                .param("id", id).query(this::row).optional();
    }

    /** Moves the action from {@code from} to {@code to}; false when it was no longer in {@code from} (someone else moved it). */
    boolean move(UUID id, String from, String to, String pressedMessageId) {
        return jdbc.sql("""
                        UPDATE agents.order_action SET status = :to, decided_at = now(),
                            pressed_message_id = coalesce(:pressed, pressed_message_id)
                        WHERE id = :id AND status = :from""")
                .param("id", id).param("from", from).param("to", to).param("pressed", pressedMessageId, java.sql.Types.VARCHAR)
                .update() == 1;
    }

    /** Records api-service's outcome on a confirmed action; false when it was recorded already. */
    boolean settle(UUID id, String outcome, String reason) {
        return jdbc.sql("""
                        UPDATE agents.order_action SET status = :outcome, reason = :reason, settled_at = now()
                        WHERE id = :id AND status = 'CONFIRMED'""")
                .param("id", id).param("outcome", outcome).param("reason", reason, java.sql.Types.VARCHAR).update() == 1;
    }

    /** The task that has api-service apply a confirmed action (de-duplicated by the action's id). */
    void apply(OrderAction action) {
        tasks.send(new ApplyOrderAction(action.id(), action.storeId(), action.orderId(), action.conversationId(), action.kind(),
                action.newAddress(), action.newCity(), action.newDeliveryDate(), clock.instant()));
    }

    private OrderAction row(ResultSet rs, int n) throws SQLException {
        JsonNode parameters = json.readTree(rs.getString("parameters"));
        String date = text(parameters, "newDeliveryDate");
        return new OrderAction(rs.getObject("id", UUID.class), rs.getObject("conversation_id", UUID.class),
                rs.getObject("store_id", UUID.class), rs.getObject("order_id", UUID.class), text(parameters, "trackingNumber"),
                ApplyOrderAction.Kind.valueOf(rs.getString("kind")), text(parameters, "newAddress"), text(parameters, "newCity"), date == null ? null : LocalDate.parse(date),
                rs.getString("status"), rs.getString("reason"), rs.getString("pressed_message_id"),
                rs.getTimestamp("expires_at").toInstant());
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }
}
