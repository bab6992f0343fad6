package com.litper.sandbox.anthropic;

import java.text.Normalizer;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sandbox's model: scripted Spanish answers to a support conversation, enough for Litper's agent
 * to take its real paths. Plain Java; tool names are taken from the request's {@code tools}.
 *
 * <ul>
 *   <li>the last user turn carries a tool result: text built from it (the buyer-orders tool's orders:
 *       guide, carrier and status; a hand-over: "un asesor te escribirá"), except that after the orders
 *       a {@code tool_use} of the timeline tool (when the request has one) asks for the first order's
 *       timeline, and its events become the answer (a failed timeline: the answer comes from the orders);
 *   <li>the buyer names a guide ("guía SV123…") and the request has a timeline tool: a {@code tool_use} of it;
 *   <li>the buyer asks for a person ("asesor", "persona", "humano"): a {@code tool_use} of the hand-over tool;
 *   <li>the buyer asks to cancel, or to change the delivery's address ("calle/carrera … ", optionally "en &lt;ciudad&gt;") or
 *       date (YYYY-MM-DD or a weekday): the orders tool first (unless a guide is named), then {@code cancel_order} or
 *       {@code request_delivery_change} for the first order; afterwards "confirm with the button";
 *   <li>the buyer asks about an order ("pedido", "guía", "dónde", "envío", …): a {@code tool_use} of the orders tool;
 *   <li>anything else: a short text answer.
 * </ul>
 */
final class ScriptedClaude {

    private static final Pattern ASKS_FOR_PERSON = Pattern.compile("\\b(asesor|asesora|persona|humano|humana|agente)\\b");
    /** A complaint: a person should take it. */
    private static final Pattern COMPLAINS = Pattern.compile("(pesimo|queja|reclamo|molest|indignad|estafa|nadie me responde)");
    /** "It says delivered but I got nothing". */
    private static final Pattern NOT_RECEIVED = Pattern.compile("no (he |lo |la |me )?(ha )?(recibido|recibi|llegado|llego)");
    private static final Pattern ASKS_ABOUT_ORDER = Pattern.compile("(pedido|orden|guia|donde|envio|paquete|llega|entrega|order)");
    private static final Pattern ORDERS_TOOL = Pattern.compile("(order|pedido)");
    private static final Pattern HANDOVER_TOOL = Pattern.compile("(hand|person|human|asesor|escal)");
    private static final Pattern ASKS_TO_CANCEL = Pattern.compile("\\bcancel");
    private static final Pattern ASKS_TO_CHANGE = Pattern.compile("(cambi|corrig|modific)\\w*\\b.*\\b(direccion|fecha|entrega|dia)");
    private static final Pattern ADDRESS = Pattern.compile(
            "(?i)\\b((?:calle|carrera|cra|cl|kr|avenida|av|diagonal|transversal|dg|tv)\\.?\\s+[0-9].*?)(?:\\s+(?:para|el)\\s+(?:el\\s+)?(?:[0-9]{4}-|lunes|martes|mi[eé]rcoles|jueves|viernes).*)?[.!?]?$");
    private static final Pattern CITY = Pattern.compile(",?\\s+en\\s+(\\p{Lu}[\\p{L}.]+(?:\\s+\\p{Lu}[\\p{L}.]+)*)$");
    private static final Pattern ISO_DATE = Pattern.compile("\\b([0-9]{4}-[0-9]{2}-[0-9]{2})\\b");
    private static final Map<String, java.time.DayOfWeek> WEEKDAYS = Map.of("lunes", java.time.DayOfWeek.MONDAY, "martes",
            java.time.DayOfWeek.TUESDAY, "miercoles", java.time.DayOfWeek.WEDNESDAY, "jueves", java.time.DayOfWeek.THURSDAY, "viernes",
            java.time.DayOfWeek.FRIDAY);
    private static final Pattern TIMELINE_TOOL = Pattern.compile("(timeline|historial|rastreo)");
    /** A guide number as buyers type it: letters then digits, or a long run of digits. */
    private static final Pattern GUIDE = Pattern.compile("\\b([A-Za-z]{2,4}-?\\d{5,}|\\d{8,})\\b");
    private static final ZoneId BOGOTA = ZoneId.of("America/Bogota");
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d/MM HH:mm", Locale.ROOT);

    /** An answer: content blocks as the wire carries them, and the stop reason. */
    record Answer(List<Map<String, Object>> content, String stopReason) {

        static Answer text(String text) {
            return new Answer(List.of(Map.of("type", "text", "text", text)), "end_turn");
        }

        static Answer toolUse(String name, Map<String, Object> input) {
            String id = "toolu_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
            return new Answer(List.of(Map.of("type", "tool_use", "id", id, "name", name, "input", input)), "tool_use");
        }
    }

    private final JsonMapper json;

    ScriptedClaude(JsonMapper json) {
        this.json = json;
    }

    /** The answer to a request already checked by {@link MessagesApiController}: its last message is the user's. */
    Answer answer(JsonNode request) {
        JsonNode messages = request.path("messages");
        JsonNode last = messages.get(messages.size() - 1);
        List<JsonNode> results = blocks(last, "tool_result");
        Optional<String> timeline = tool(request, TIMELINE_TOOL);
        if (!results.isEmpty()) {
            JsonNode result = results.get(0);
            String tool = toolNameOf(messages, result.path("tool_use_id").asString());
            if (tool != null && TIMELINE_TOOL.matcher(tool).find()) {
                return afterTimeline(request, messages, result);
            }
            // After the orders, the first order's timeline, unless the buyer asked to change or cancel it (the action follows).
            String asked = plain(buyerText(messages));
            boolean asksForAction = ASKS_TO_CANCEL.matcher(asked).find() || ASKS_TO_CHANGE.matcher(asked).find();
            if (!asksForAction && timeline.isPresent() && tool != null && ORDERS_TOOL.matcher(tool).find()
                    && !result.path("is_error").asBoolean(false)) {
                Optional<String> guide = firstGuide(resultText(result));
                if (guide.isPresent()) {
                    return Answer.toolUse(timeline.get(), Map.of("trackingNumber", guide.get()));
                }
            }
            return afterTool(request, tool, result);
        }
        String said = plain(text(last));
        Optional<String> handover = tool(request, HANDOVER_TOOL);
        Optional<String> orders = tool(request, ORDERS_TOOL);
        if (ASKS_FOR_PERSON.matcher(said).find() && handover.isPresent()) {
            return Answer.toolUse(handover.get(), Map.of("reason", "BUYER_ASKED",
                    "summary", "El comprador pide hablar con una persona: " + shorten(text(last), 200)));
        }
        if (COMPLAINS.matcher(said).find() && handover.isPresent()) {
            return Answer.toolUse(handover.get(), Map.of("reason", "COMPLAINT",
                    "summary", "Queja del comprador: " + shorten(text(last), 200)));
        }
        Optional<Answer> action = action(request, text(last), null);
        if (action.isPresent()) {
            return action.get();
        }
        if ((ASKS_TO_CANCEL.matcher(said).find() || ASKS_TO_CHANGE.matcher(said).find()) && orders.isPresent()
                && tool(request, Pattern.compile("cancel_order")).isPresent()) {
            if (ASKS_TO_CHANGE.matcher(said).find() && !ASKS_TO_CANCEL.matcher(said).find() && changeOf(text(last)).isEmpty()) {
                return Answer.text("Claro. ¿Cuál es la nueva dirección completa (calle, número y barrio, en el mismo municipio) o la fecha"
                        + " en que prefieres recibirlo?");
            }
            return Answer.toolUse(orders.get(), Map.of()); // the action follows, on the order the tool returns
        }
        java.util.regex.Matcher named = GUIDE.matcher(text(last));
        if (named.find() && timeline.isPresent()) {
            return Answer.toolUse(timeline.get(), Map.of("trackingNumber", named.group(1).toUpperCase(Locale.ROOT)));
        }
        if (ASKS_ABOUT_ORDER.matcher(said).find() && orders.isPresent()) {
            return Answer.toolUse(orders.get(), Map.of());
        }
        return Answer.text("Hola, soy el asistente de la tienda. Puedo contarte dónde está tu pedido o pasarte con un asesor. ¿En qué te ayudo?");
    }

    private Answer afterTool(JsonNode request, String tool, JsonNode result) {
        boolean action = tool != null && (tool.equals("cancel_order") || tool.equals("request_delivery_change"));
        if (action) {
            return result.path("is_error").asBoolean(false) ? Answer.text("No puedo hacer ese cambio: " + shorten(resultText(result), 300))
                    : Answer.text("Te envié un mensaje para que lo confirmes con el botón" + orderNamedIn(resultText(result))
                            + ". No cambio nada hasta que confirmes.");
        }
        if (result.path("is_error").asBoolean(false)) {
            return Answer.text("Lo siento, no pude consultar eso ahora. Un asesor de la tienda te ayudará pronto.");
        }
        if (tool != null && HANDOVER_TOOL.matcher(tool).find()) {
            return Answer.text("Listo, ya le pasé tu caso" + orderNamedIn(summaryOfHandover(request.path("messages")))
                    + " a un asesor de la tienda; te escribirá pronto por aquí.");
        }
        JsonNode data;
        try {
            data = json.readTree(resultText(result));
        } catch (JacksonException e) {
            return Answer.text("Esto es lo que encontré: " + shorten(resultText(result), 500));
        }
        // The buyer asked for an action before the orders were known: now it names the first order.
        String asked = buyerText(request.path("messages"));
        String first = data.path("orders").path(0).path("trackingNumber").asString(null);
        if (first == null && data.path("orders").path(0).has("orderId")) {
            first = data.path("orders").path(0).path("orderId").asString();
        }
        if (first != null) {
            Optional<Answer> proposed = action(request, asked, first);
            if (proposed.isPresent()) {
                return proposed.get();
            }
        }
        String name = data.path("buyerFirstName").asString("");
        String greeting = name.isBlank() ? "Hola" : "Hola " + name;
        JsonNode orders = data.path("orders");
        if (!orders.isArray() || orders.isEmpty()) {
            return Answer.text(greeting + ", no encuentro pedidos tuyos con esta tienda. ¿Me compartes tu número de guía?");
        }
        List<String> lines = new ArrayList<>();
        for (JsonNode order : orders) {
            lines.add("tu pedido con guía " + order.path("trackingNumber").asString("(sin guía aún)") + " de "
                    + order.path("carrierName").asString("la transportadora") + " " + status(order));
        }
        return Answer.text(greeting + ", " + String.join("; ", lines) + ".");
    }

    /** The summary of the latest hand-over the model asked for in this conversation, or "". */
    private static String summaryOfHandover(JsonNode messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            for (JsonNode use : blocks(messages.get(i), "tool_use")) {
                if (HANDOVER_TOOL.matcher(use.path("name").asString("")).find()) {
                    return use.path("input").path("summary").asString("");
                }
            }
        }
        return "";
    }

    /** " (pedido SV123456789)" for the first guide a tool's answer names, else nothing. */
    private static String orderNamedIn(String text) {
        java.util.regex.Matcher guide = GUIDE.matcher(text);
        return guide.find() ? " (pedido " + guide.group(1) + ")" : "";
    }

    private static String status(JsonNode order) {
        return status(order.path("lastEvent").asString(""), order.path("reason").asString("sin detalle"));
    }

    private static String status(String status, String reason) {
        return switch (status) {
            case "SHIPPED", "IN_TRANSIT" -> "fue despachado y va en camino";
            case "PICKED_UP" -> "ya lo recogió la transportadora";
            case "OUT_FOR_DELIVERY" -> "está en reparto y llega hoy a tu dirección";
            case "EXCEPTION" -> "tuvo una novedad: " + reason;
            case "DELIVERED" -> "fue entregado";
            case "RETURNED" -> "fue devuelto a la tienda";
            case "CANCELLED" -> "fue cancelado";
            default -> "está registrado";
        };
    }

    /**
     * The action tool's use for what the buyer wrote, on {@code order} (else a guide the text names),
     * when the buyer asks to cancel or to change the delivery and the request has the tool.
     */
    private static Optional<Answer> action(JsonNode request, String written, String order) {
        String said = plain(written);
        String named = order;
        if (named == null) {
            java.util.regex.Matcher guide = GUIDE.matcher(written);
            named = guide.find() ? guide.group(1) : null;
        }
        if (named == null) {
            return Optional.empty();
        }
        if (ASKS_TO_CANCEL.matcher(said).find() && tool(request, Pattern.compile("^cancel_order$")).isPresent()) {
            return Optional.of(Answer.toolUse("cancel_order", Map.of("order", named)));
        }
        if (ASKS_TO_CHANGE.matcher(said).find() && tool(request, Pattern.compile("^request_delivery_change$")).isPresent()) {
            Map<String, Object> change = changeOf(written);
            if (change.isEmpty()) {
                return Optional.empty();
            }
            Map<String, Object> input = new java.util.LinkedHashMap<>(change);
            input.put("order", named);
            return Optional.of(Answer.toolUse("request_delivery_change", input));
        }
        return Optional.empty();
    }

    /**
     * The answer from a timeline: the shipment's status and its events with their dates (Bogotá time),
     * and the buyer's other orders from the orders result earlier in the run. A failed timeline: the
     * orders result alone, or, with none, that only the buyer's own guides can be looked up.
     */
    private Answer afterTimeline(JsonNode request, JsonNode messages, JsonNode result) {
        Optional<JsonNode> orders = ordersResult(messages);
        // Delivered on paper, not in the buyer's hands: a person looks into it.
        Optional<String> handover = tool(request, HANDOVER_TOOL);
        if (!result.path("is_error").asBoolean(false) && handover.isPresent() && NOT_RECEIVED.matcher(plain(buyerText(messages))).find()
                && resultText(result).contains("\"DELIVERED\"")) {
            Optional<String> guide = Optional.ofNullable(read(result).map(t -> t.path("trackingNumber").asString("")).orElse(""))
                    .filter(g -> !g.isBlank());
            return Answer.toolUse(handover.get(), Map.of("reason", "COMPLAINT", "summary", "El pedido" + guide.map(g -> " " + g).orElse("")
                    + " figura entregado pero el comprador dice que no lo recibió."));
        }
        if (result.path("is_error").asBoolean(false)) {
            return orders.map(data -> afterTool(request, null, data))
                    .orElse(Answer.text("No puedo consultar esa guía: solo veo los pedidos que hiciste con esta tienda. ¿Quieres que revise"
                            + " tus pedidos?"));
        }
        JsonNode data;
        try {
            data = json.readTree(resultText(result));
        } catch (JacksonException e) {
            return Answer.text("Esto es lo que encontré: " + shorten(resultText(result), 500));
        }
        String name = orders.flatMap(this::read).map(o -> o.path("buyerFirstName").asString("")).orElse("");
        String guide = data.path("trackingNumber").asString("");
        StringBuilder answer = new StringBuilder(name.isBlank() ? "Hola" : "Hola " + name).append(", tu pedido con guía ").append(guide)
                .append(" de ").append(data.path("carrierName").asString("la transportadora")).append(' ')
                .append(status(data.path("status").asString(""), data.path("reason").asString("sin detalle"))).append('.');
        List<String> steps = new ArrayList<>();
        for (JsonNode event : data.path("events")) {
            String step = event.path("description").asString(event.path("status").asString(""));
            if (event.path("reason").isString()) {
                step += " (" + event.path("reason").asString() + ")";
            }
            try {
                step += " el " + WHEN.format(Instant.parse(event.path("occurredAt").asString()).atZone(BOGOTA));
            } catch (DateTimeParseException | NullPointerException e) {
                // no date to show
            }
            steps.add(step);
        }
        if (!steps.isEmpty()) {
            answer.append(" Su recorrido: ").append(String.join("; ", steps)).append('.');
        }
        orders.flatMap(this::read).ifPresent(o -> {
            List<String> others = new ArrayList<>();
            for (JsonNode order : o.path("orders")) {
                if (!guide.equalsIgnoreCase(order.path("trackingNumber").asString(""))) {
                    others.add("el pedido con guía " + order.path("trackingNumber").asString("(sin guía aún)") + " de "
                            + order.path("carrierName").asString("la transportadora") + " " + status(order));
                }
            }
            if (!others.isEmpty()) {
                answer.append(" Además, ").append(String.join("; ", others)).append('.');
            }
        });
        return Answer.text(answer.toString());
    }

    /** The successful result of the orders tool earlier in the conversation, if any. */
    private static Optional<JsonNode> ordersResult(JsonNode messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            for (JsonNode result : blocks(messages.get(i), "tool_result")) {
                String tool = toolNameOf(messages, result.path("tool_use_id").asString());
                if (tool != null && ORDERS_TOOL.matcher(tool).find() && !result.path("is_error").asBoolean(false)) {
                    return Optional.of(result);
                }
            }
        }
        return Optional.empty();
    }

    /** The new address (and its city, "… en Medellín") and date the buyer wrote, as the delivery-change tool takes them. */
    static Map<String, Object> changeOf(String written) {
        Map<String, Object> change = new java.util.LinkedHashMap<>();
        java.util.regex.Matcher address = ADDRESS.matcher(written.strip());
        if (address.find()) {
            String text = address.group(1).strip();
            java.util.regex.Matcher city = CITY.matcher(text);
            if (city.find()) {
                change.put("newCity", city.group(1));
                text = text.substring(0, city.start()).strip();
            }
            change.put("newAddress", text.replaceAll("[,.]+$", ""));
        }
        java.util.regex.Matcher iso = ISO_DATE.matcher(written);
        if (iso.find()) {
            change.put("newDeliveryDate", iso.group(1));
        } else {
            String said = plain(written);
            for (Map.Entry<String, java.time.DayOfWeek> day : WEEKDAYS.entrySet()) {
                if (Pattern.compile("\\b(el|para el) " + day.getKey() + "\\b").matcher(said).find()) {
                    change.put("newDeliveryDate", java.time.LocalDate.now(java.time.ZoneId.of("America/Bogota"))
                            .with(java.time.temporal.TemporalAdjusters.next(day.getValue())).toString());
                }
            }
        }
        return change;
    }

    /** The text of the buyer's latest turn (a user message with text, not a tool result). */
    private static String buyerText(JsonNode messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            JsonNode message = messages.get(i);
            if ("user".equals(message.path("role").asString()) && blocks(message, "tool_result").isEmpty()) {
                return text(message);
            }
        }
        return "";
    }

    private Optional<JsonNode> read(JsonNode result) {
        try {
            return Optional.of(json.readTree(resultText(result)));
        } catch (JacksonException e) {
            return Optional.empty();
        }
    }

    private Optional<String> firstGuide(String ordersResult) {
        try {
            for (JsonNode order : json.readTree(ordersResult).path("orders")) {
                if (order.path("trackingNumber").isString() && !order.path("trackingNumber").asString().isBlank()) {
                    return Optional.of(order.path("trackingNumber").asString());
                }
            }
        } catch (JacksonException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** The name of the tool whose {@code tool_use} in an earlier assistant turn has this id. */
    private static String toolNameOf(JsonNode messages, String toolUseId) {
        for (JsonNode message : messages) {
            for (JsonNode block : blocks(message, "tool_use")) {
                if (toolUseId.equals(block.path("id").asString())) {
                    return block.path("name").asString();
                }
            }
        }
        return null;
    }

    private static Optional<String> tool(JsonNode request, Pattern name) {
        for (JsonNode tool : request.path("tools")) {
            String toolName = tool.path("name").asString("");
            if (name.matcher(toolName.toLowerCase(Locale.ROOT)).find()) {
                return Optional.of(toolName);
            }
        }
        return Optional.empty();
    }

    static List<JsonNode> blocks(JsonNode message, String type) {
        List<JsonNode> found = new ArrayList<>();
        JsonNode content = message.path("content");
        if (content.isArray()) {
            for (JsonNode block : content) {
                if (type.equals(block.path("type").asString())) {
                    found.add(block);
                }
            }
        }
        return found;
    }

    /** The text of a message: its string content, or its text blocks joined. */
    static String text(JsonNode message) {
        JsonNode content = message.path("content");
        if (content.isString()) {
            return content.asString();
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode block : blocks(message, "text")) {
            text.append(text.isEmpty() ? "" : "\n").append(block.path("text").asString());
        }
        return text.toString();
    }

    static String resultText(JsonNode result) {
        JsonNode content = result.path("content");
        if (content.isString()) {
            return content.asString();
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode block : content) {
            text.append(block.path("text").asString(""));
        }
        return text.toString();
    }

    /** Lower case without accents: "¿Dónde está?" matches "donde". */
    private static String plain(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT);
    }

    private static String shorten(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "…";
    }
}
