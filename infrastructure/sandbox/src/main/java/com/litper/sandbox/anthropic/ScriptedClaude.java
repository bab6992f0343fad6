package com.litper.sandbox.anthropic;

import java.text.Normalizer;
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
 *       guide, carrier and status; a hand-over: "un asesor te escribirá");
 *   <li>the buyer asks for a person ("asesor", "persona", "humano"): a {@code tool_use} of the hand-over tool;
 *   <li>the buyer asks about an order ("pedido", "guía", "dónde", "envío", …): a {@code tool_use} of the orders tool;
 *   <li>anything else: a short text answer.
 * </ul>
 */
final class ScriptedClaude {

    private static final Pattern ASKS_FOR_PERSON = Pattern.compile("\\b(asesor|asesora|persona|humano|humana|agente)\\b");
    private static final Pattern ASKS_ABOUT_ORDER = Pattern.compile("(pedido|orden|guia|donde|envio|paquete|llega|entrega|order)");
    private static final Pattern ORDERS_TOOL = Pattern.compile("(order|pedido)");
    private static final Pattern HANDOVER_TOOL = Pattern.compile("(hand|person|human|asesor|escal)");

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
        if (!results.isEmpty()) {
            JsonNode result = results.get(0);
            String tool = toolNameOf(messages, result.path("tool_use_id").asString());
            return afterTool(tool, result);
        }
        String said = plain(text(last));
        Optional<String> handover = tool(request, HANDOVER_TOOL);
        Optional<String> orders = tool(request, ORDERS_TOOL);
        if (ASKS_FOR_PERSON.matcher(said).find() && handover.isPresent()) {
            return Answer.toolUse(handover.get(), Map.of("reason", "BUYER_ASKED",
                    "summary", "El comprador pide hablar con una persona: " + shorten(text(last), 200)));
        }
        if (ASKS_ABOUT_ORDER.matcher(said).find() && orders.isPresent()) {
            return Answer.toolUse(orders.get(), Map.of());
        }
        return Answer.text("Hola, soy el asistente de la tienda. Puedo contarte dónde está tu pedido o pasarte con un asesor. ¿En qué te ayudo?");
    }

    private Answer afterTool(String tool, JsonNode result) {
        if (result.path("is_error").asBoolean(false)) {
            return Answer.text("Lo siento, no pude consultar eso ahora. Un asesor de la tienda te ayudará pronto.");
        }
        if (tool != null && HANDOVER_TOOL.matcher(tool).find()) {
            return Answer.text("Listo, ya le pasé tu caso a un asesor de la tienda; te escribirá pronto por aquí.");
        }
        JsonNode data;
        try {
            data = json.readTree(resultText(result));
        } catch (JacksonException e) {
            return Answer.text("Esto es lo que encontré: " + shorten(resultText(result), 500));
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

    private static String status(JsonNode order) {
        return switch (order.path("lastEvent").asString("")) {
            case "SHIPPED" -> "fue despachado y va en camino";
            case "OUT_FOR_DELIVERY" -> "está en reparto y llega hoy a tu dirección";
            case "EXCEPTION" -> "tuvo una novedad: " + order.path("reason").asString("sin detalle");
            case "DELIVERED" -> "fue entregado";
            default -> "está registrado";
        };
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
