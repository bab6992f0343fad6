package com.litper.agents.action;

import com.anthropic.core.JsonValue;
import com.anthropic.models.messages.Tool;
import com.litper.common.contracts.ApplyOrderAction;
import com.litper.common.contracts.InboundMessage;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The agent's tools with side effects, for one run: {@code request_delivery_change} and
 * {@code cancel_order}. Neither changes an order. Each proposes an action on one of the orders of the
 * run's snapshot (this store's orders of this buyer, as chat-service sent them): an order the
 * snapshot does not hold cannot be named, whatever the model writes. The buyer then confirms with a
 * reply button, and api-service applies or refuses it.
 */
public final class ActionTools {

    public static final String CHANGE_DELIVERY = "request_delivery_change";
    public static final String CANCEL = "cancel_order";
    public static final List<String> NAMES = List.of(CHANGE_DELIVERY, CANCEL);

    /** What a tool answered the model. */
    public record Answer(String content, boolean error) {
    }

    private final OrderActions actions;
    private final InboundMessage latest;
    private final List<InboundMessage.Order> orders;
    private final UUID runId;
    private final boolean dryRun;
    private final ActionProperties properties;
    private final Clock clock;

    ActionTools(OrderActions actions, InboundMessage latest, UUID runId, boolean dryRun, ActionProperties properties, Clock clock) {
        this.actions = actions;
        this.latest = latest;
        this.orders = latest.orders() == null ? List.of() : List.copyOf(latest.orders());
        this.runId = runId;
        this.dryRun = dryRun;
        this.properties = properties;
        this.clock = clock;
    }

    /** The tools' definitions, the same for every run (part of the cached prompt prefix). */
    public static List<Tool> definitions() {
        Map<String, Object> order = Map.of("type", "string",
                "description", "El número de guía (trackingNumber) o el orderId del pedido, tal como lo devuelve buyer_orders");
        Tool change = Tool.builder()
                .name(CHANGE_DELIVERY)
                .description("Propone cambiar la entrega de un pedido del comprador: una nueva fecha (un día hábil futuro) y/o una"
                        + " dirección corregida en el MISMO municipio. No cambia nada todavía: el comprador recibe un mensaje con botones"
                        + " para confirmar, y la tienda aplica el cambio solo si confirma. Da al menos newAddress o newDeliveryDate.")
                .inputSchema(Tool.InputSchema.builder()
                        .properties(Tool.InputSchema.Properties.builder()
                                .putAdditionalProperty("order", JsonValue.from(order))
                                .putAdditionalProperty("newAddress", JsonValue.from(Map.of("type", "string",
                                        "description", "La dirección completa corregida (calle, número, barrio), en el mismo municipio")))
                                .putAdditionalProperty("newCity", JsonValue.from(Map.of("type", "string",
                                        "description", "El municipio de la nueva dirección, si el comprador lo menciona")))
                                .putAdditionalProperty("newDeliveryDate", JsonValue.from(Map.of("type", "string",
                                        "description", "La nueva fecha de entrega, AAAA-MM-DD, un día hábil futuro")))
                                .build())
                        .required(List.of("order"))
                        .build())
                .build();
        Tool cancel = Tool.builder()
                .name(CANCEL)
                .description("Propone cancelar un pedido del comprador que la transportadora aún no ha recogido. No cancela nada todavía:"
                        + " el comprador recibe un mensaje con botones para confirmar, y la tienda lo cancela solo si confirma.")
                .inputSchema(Tool.InputSchema.builder()
                        .properties(Tool.InputSchema.Properties.builder().putAdditionalProperty("order", JsonValue.from(order)).build())
                        .required(List.of("order"))
                        .build())
                .build();
        return List.of(change, cancel);
    }

    public Answer run(String name, Map<String, Object> input) {
        ApplyOrderAction.Kind kind = CANCEL.equals(name) ? ApplyOrderAction.Kind.CANCEL : ApplyOrderAction.Kind.DELIVERY_CHANGE;
        Optional<InboundMessage.Order> named = order(input.get("order"));
        if (named.isEmpty()) {
            return new Answer("Ese pedido no está entre los pedidos de este comprador con esta tienda. Usa buyer_orders y da su"
                    + " trackingNumber u orderId.", true);
        }
        InboundMessage.Order order = named.get();
        if (!actions.allows(latest.storeId(), kind)) {
            return new Answer("Esta tienda no permite que el asistente " + (kind == ApplyOrderAction.Kind.CANCEL ? "cancele pedidos"
                    : "cambie entregas") + ". Ofrece pasar la conversación a un asesor (hand_over_to_person).", true);
        }
        if ("DELIVERED".equals(order.lastEvent())) {
            return new Answer("Ese pedido ya fue entregado: no se puede " + (kind == ApplyOrderAction.Kind.CANCEL ? "cancelar" : "cambiar su entrega")
                    + ".", true);
        }
        String address = null;
        String city = null;
        LocalDate date = null;
        if (kind == ApplyOrderAction.Kind.CANCEL) {
            if ("OUT_FOR_DELIVERY".equals(order.lastEvent())) {
                return new Answer("Ese pedido ya está en reparto: la transportadora lo recogió y no se puede cancelar.", true);
            }
        } else {
            Object givenAddress = input.get("newAddress");
            Object givenDate = input.get("newDeliveryDate");
            if (givenAddress instanceof String a && !a.isBlank()) {
                address = a.strip().replaceAll("\\s+", " ");
                if (address.length() < 5 || address.length() > 200) {
                    return new Answer("'newAddress' debe tener entre 5 y 200 caracteres.", true);
                }
            }
            if (address != null && input.get("newCity") instanceof String c && !c.isBlank()) {
                city = c.strip();
                if (city.length() > 100) {
                    return new Answer("'newCity' debe tener como máximo 100 caracteres.", true);
                }
            }
            if (givenDate instanceof String d && !d.isBlank()) {
                try {
                    date = LocalDate.parse(d.strip());
                } catch (DateTimeParseException e) {
                    return new Answer("'newDeliveryDate' debe ser una fecha AAAA-MM-DD.", true);
                }
                String problem = dateProblem(date);
                if (problem != null) {
                    return new Answer(problem, true);
                }
            }
            if (address == null && date == null) {
                return new Answer("Da 'newAddress' (en el mismo municipio), 'newDeliveryDate' (AAAA-MM-DD) o ambos.", true);
            }
        }
        if (dryRun) {
            OrderAction preview = new OrderAction(UUID.randomUUID(), latest.conversationId(), latest.storeId(), order.orderId(),
                    order.trackingNumber(), kind, address, city, date, "PROPOSED", null, null, clock.instant().plus(properties.confirmFor()));
            return new Answer("(Prueba: no se envió nada.) El comprador recibiría este mensaje con botones para confirmar: "
                    + OrderActions.question(preview), false);
        }
        actions.propose(runId, latest, order, kind, address, city, date);
        return new Answer("Listo: el comprador recibió un mensaje con botones para confirmar (" + (kind == ApplyOrderAction.Kind.CANCEL
                ? "cancelar" : "cambiar la entrega de") + " el pedido " + (order.trackingNumber() == null ? order.orderId() : order.trackingNumber())
                + "). Todavía no se ha cambiado nada. Dile en una frase corta que confirme con el botón; no repitas los detalles.", false);
    }

    /** A future business day (Monday to Friday) from tomorrow, within {@code max-days-ahead}; null when it is one. */
    String dateProblem(LocalDate date) {
        LocalDate today = LocalDate.now(clock.withZone(properties.zone()));
        if (!date.isAfter(today)) {
            return "'newDeliveryDate' debe ser posterior a hoy (" + today + ").";
        }
        if (date.isAfter(today.plusDays(properties.maxDaysAhead()))) {
            return "'newDeliveryDate' puede ser como máximo " + properties.maxDaysAhead() + " días después de hoy (" + today + ").";
        }
        if (date.getDayOfWeek() == DayOfWeek.SATURDAY || date.getDayOfWeek() == DayOfWeek.SUNDAY) {
            return "'newDeliveryDate' debe ser un día hábil (lunes a viernes); " + date + " es " + OrderActions.day(date) + ".";
        }
        return null;
    }

    /** The snapshot's order the model named by its guide or id; nothing outside the snapshot. */
    private Optional<InboundMessage.Order> order(Object named) {
        if (!(named instanceof String given) || given.isBlank()) {
            return Optional.empty();
        }
        String key = given.strip();
        return orders.stream().filter(o -> key.equalsIgnoreCase(o.orderId().toString())
                || (o.trackingNumber() != null && key.equalsIgnoreCase(o.trackingNumber()))).findFirst();
    }
}
