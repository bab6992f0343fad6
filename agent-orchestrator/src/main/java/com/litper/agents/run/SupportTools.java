package com.litper.agents.run;

import com.anthropic.core.JsonValue;
import com.anthropic.models.messages.CacheControlEphemeral;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolUnion;
import com.litper.agents.action.ActionTools;
import com.litper.common.contracts.AgentHandover;
import com.litper.common.contracts.InboundMessage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.json.JsonMapper;

/**
 * The agent's tools for one run, scoped by code to the run's conversation: the store and the buyer
 * are the task's, never the model's input. {@code buyer_orders} answers from the orders snapshot the
 * buyer's message carried (chat-service's {@code buyer_order} rows of this store and this buyer), and
 * no input widens it; {@code tracking_timeline} fetches a shipment's timeline from tracking-service only
 * for a guide of that snapshot (another guide is refused before anything is fetched);
 * {@code hand_over_to_person} only records that this conversation goes to a person.
 * A tool that fails answers an error result, so the model can still reply.
 */
final class SupportTools {

    static final String BUYER_ORDERS = "buyer_orders";
    static final String HAND_OVER = "hand_over_to_person";
    static final String TRACKING_TIMELINE = "tracking_timeline";

    /** Reasons the model may give; the run's own (unavailable, deadline) are not the model's to choose. */
    static final List<String> MODEL_REASONS = List.of(AgentHandover.Reason.BUYER_ASKED.name(), AgentHandover.Reason.OUT_OF_SCOPE.name(),
            AgentHandover.Reason.COMPLAINT.name());

    /** What a tool answered. */
    record Result(String content, boolean error) {
    }

    /** The model asked to hand the conversation over. */
    record Handover(AgentHandover.Reason reason, String summary) {
    }

    private final String buyerFirstName;
    private final List<InboundMessage.Order> orders;
    private final JsonMapper json;
    private final ActionTools actions;
    private final Timelines timelines;
    private Handover handover;

    /** A shipment's timeline from its owner, within the run's deadline (the run's {@link TrackingClient}). */
    @FunctionalInterface
    interface Timelines {
        Map<String, Object> of(String trackingNumber, String carrierName) throws TrackingClient.Unavailable;
    }

    /** The tools of a run answering {@code latest} and the messages before it: its snapshot is the newest. */
    SupportTools(InboundMessage latest, JsonMapper json) {
        this(latest, json, (guide, carrier) -> {
            throw new TrackingClient.Unavailable("El historial no está disponible.", null);
        }, null);
    }

    /** With tracking-service's timelines; without action tools (they answer an error). */
    SupportTools(InboundMessage latest, JsonMapper json, Timelines timelines) {
        this(latest, json, timelines, null);
    }

    /** With the run's action tools ({@code request_delivery_change}, {@code cancel_order}); without tracking-service. */
    SupportTools(InboundMessage latest, JsonMapper json, ActionTools actions) {
        this(latest, json, (guide, carrier) -> {
            throw new TrackingClient.Unavailable("El historial no está disponible.", null);
        }, actions);
    }

    /** A run's tools: timelines from tracking-service, and its action tools (null: they answer an error). */
    SupportTools(InboundMessage latest, JsonMapper json, Timelines timelines, ActionTools actions) {
        this.buyerFirstName = firstName(latest.name());
        this.orders = latest.orders() == null ? List.of() : List.copyOf(latest.orders());
        this.json = json;
        this.timelines = timelines;
        this.actions = actions;
    }

    /**
     * The tools' definitions, the same for every run (so they are part of the cached prompt prefix): the
     * last one carries the {@code cache_control} breakpoint, which caches the tools and the system prompt.
     */
    static List<ToolUnion> definitions() {
        Tool orders = Tool.builder()
                .name(BUYER_ORDERS)
                .description("Los pedidos del comprador de esta conversación con esta tienda (los más recientes, hasta 5): número de guía,"
                        + " transportadora, último estado (SHIPPED despachado, OUT_FOR_DELIVERY en reparto, EXCEPTION novedad con su motivo,"
                        + " DELIVERED entregado) y su fecha. Devuelve solo los pedidos de este comprador; no recibe parámetros.")
                .inputSchema(Tool.InputSchema.builder().properties(Tool.InputSchema.Properties.builder().build()).build())
                .build();
        Tool timeline = Tool.builder()
                .name(TRACKING_TIMELINE)
                .description("El historial completo de uno de los envíos de este comprador, según la transportadora: estado actual,"
                        + " motivo de la novedad si la hay, y cada evento (estado, descripción, motivo, fecha), del más antiguo al más"
                        + " reciente. Úsala cuando el comprador pregunta qué pasó con su pedido, por qué no le ha llegado o cuándo cambió"
                        + " de estado. Solo acepta una guía que devolvió buyer_orders.")
                .inputSchema(Tool.InputSchema.builder()
                        .properties(Tool.InputSchema.Properties.builder()
                                .putAdditionalProperty("trackingNumber", JsonValue.from(Map.of("type", "string",
                                        "description", "Número de guía de uno de los pedidos que devolvió buyer_orders")))
                                .build())
                        .required(List.of("trackingNumber"))
                        .build())
                .build();
        Tool handOver = Tool.builder()
                .name(HAND_OVER)
                .description("Pasa esta conversación a una persona del equipo de soporte de la tienda. Úsala cuando el comprador pide"
                        + " hablar con una persona, cuando pide algo que no puedes hacer (devoluciones, reembolsos, pagos, o un cambio"
                        + " o una cancelación que tus herramientas no permiten) o cuando está molesto o reclama.")
                .inputSchema(Tool.InputSchema.builder()
                        .properties(Tool.InputSchema.Properties.builder()
                                .putAdditionalProperty("reason", JsonValue.from(Map.of("type", "string", "enum", MODEL_REASONS,
                                        "description", "BUYER_ASKED: pidió una persona; OUT_OF_SCOPE: pide algo que no puedes hacer;"
                                                + " COMPLAINT: está molesto o reclama")))
                                .putAdditionalProperty("summary", JsonValue.from(Map.of("type", "string",
                                        "description", "Qué necesita el comprador, en una o dos frases, para la persona que lo atenderá")))
                                .build())
                        .required(List.of("reason", "summary"))
                        .build())
                .cacheControl(CacheControlEphemeral.builder().build())
                .build();
        List<ToolUnion> tools = new ArrayList<>(List.of(ToolUnion.ofTool(orders), ToolUnion.ofTool(timeline)));
        ActionTools.definitions().forEach(tool -> tools.add(ToolUnion.ofTool(tool)));
        tools.add(ToolUnion.ofTool(handOver)); // last: its cache_control breakpoint caches every tool before it
        return List.copyOf(tools);
    }

    Result run(String name, Map<String, Object> input) {
        try {
            return switch (name) {
                case BUYER_ORDERS -> buyerOrders();
                case HAND_OVER -> handOver(input);
                case TRACKING_TIMELINE -> trackingTimeline(input);
                case ActionTools.CHANGE_DELIVERY, ActionTools.CANCEL -> {
                    if (actions == null) {
                        yield new Result("La herramienta " + name + " no está disponible en esta conversación.", true);
                    }
                    ActionTools.Answer answer = actions.run(name, input);
                    yield new Result(answer.content(), answer.error());
                }
                default -> new Result("Herramienta desconocida: " + name + ". Usa " + BUYER_ORDERS + " o " + HAND_OVER + ".", true);
            };
        } catch (RuntimeException e) {
            return new Result("La herramienta " + name + " falló: " + e.getMessage(), true);
        }
    }

    Optional<Handover> handover() {
        return Optional.ofNullable(handover);
    }

    /** The buyer's orders as the snapshot holds them, whatever the input: the tool cannot name another buyer or store. */
    private Result buyerOrders() {
        List<Map<String, Object>> listed = new ArrayList<>();
        for (InboundMessage.Order order : orders) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("orderId", order.orderId().toString());
            entry.put("trackingNumber", order.trackingNumber());
            entry.put("carrierName", order.carrierName());
            entry.put("lastEvent", order.lastEvent());
            entry.put("reason", order.reason());
            entry.put("lastEventAt", order.lastEventAt().toString());
            listed.add(entry);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("buyerFirstName", buyerFirstName);
        answer.put("orders", listed);
        return new Result(json.writeValueAsString(answer), false);
    }

    /** The timeline of one of the snapshot's guides; any other guide is refused without a lookup. */
    private Result trackingTimeline(Map<String, Object> input) {
        Object asked = input.get("trackingNumber");
        if (!(asked instanceof String guide) || guide.isBlank()) {
            return new Result("'trackingNumber' es obligatorio: una guía de las que devolvió " + BUYER_ORDERS + ".", true);
        }
        Optional<InboundMessage.Order> order = orders.stream()
                .filter(o -> o.trackingNumber() != null && o.trackingNumber().equalsIgnoreCase(guide.strip())).findFirst();
        if (order.isEmpty()) {
            return new Result("La guía " + guide.strip() + " no es de ningún pedido de este comprador con esta tienda; solo puedes consultar"
                    + " las guías que devuelve " + BUYER_ORDERS + ".", true);
        }
        try {
            return new Result(json.writeValueAsString(timelines.of(order.get().trackingNumber(), order.get().carrierName())), false);
        } catch (TrackingClient.Unavailable e) {
            return new Result(e.getMessage(), true);
        }
    }

    private Result handOver(Map<String, Object> input) {
        Object reason = input.get("reason");
        Object summary = input.get("summary");
        if (!(reason instanceof String r) || !MODEL_REASONS.contains(r)) {
            return new Result("'reason' debe ser uno de " + MODEL_REASONS + ".", true);
        }
        if (!(summary instanceof String s) || s.isBlank()) {
            return new Result("'summary' es obligatorio: qué necesita el comprador, en una o dos frases.", true);
        }
        handover = new Handover(AgentHandover.Reason.valueOf(r), s.length() <= 1000 ? s.strip() : s.substring(0, 1000));
        return new Result("Listo: una persona del equipo tomará esta conversación. Despídete brevemente y dile al comprador que un asesor"
                + " le escribirá pronto.", false);
    }

    /** The first word of the buyer's WhatsApp name, or null. */
    static String firstName(String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        return name.strip().split("\\s+")[0];
    }
}
