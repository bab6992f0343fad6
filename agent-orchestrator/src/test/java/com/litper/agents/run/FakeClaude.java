package com.litper.agents.run;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Claude's Messages API as a WireMock transformer for agent-orchestrator's tests: Anthropic's wire
 * format, a scripted support conversation in Spanish (the orders tool for an order question, its
 * result turned into the answer, or, when the buyer asks what happened, the timeline tool on the first
 * guide and its events as the answer; the hand-over tool when the buyer asks for a person), failures to
 * order (429/529 with {@code retry-after: 1}, 400), a latency, and the most requests it answered at once.
 */
final class FakeClaude implements ResponseDefinitionTransformerV2 {

    static final String NAME = "fake-claude";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Deque<Integer> failNext = new ConcurrentLinkedDeque<>();
    private volatile Integer failAlways;
    private volatile long latencyMs;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger highWater = new AtomicInteger();
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    /** A request budget per window, as the API's rate limit: 0 none. */
    private volatile int budget;
    private volatile long windowMs;
    private final java.util.Map<Long, AtomicInteger> usedPerWindow = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicInteger overBudget = new AtomicInteger();

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    void reset() {
        failNext.clear();
        failAlways = null;
        latencyMs = 0;
        highWater.set(inFlight.get());
        bodies.clear();
        budget = 0;
        usedPerWindow.clear();
        overBudget.set(0);
    }

    /**
     * From now on at most {@code requests} requests per window of {@code windowMs} (aligned to the epoch),
     * with {@code anthropic-ratelimit-requests-*} headers counting down, and a 429 with {@code retry-after}
     * beyond it.
     */
    void budget(int requests, long windowMs) {
        this.windowMs = windowMs;
        this.budget = requests;
    }

    /** Requests refused with 429 because the budget was spent. */
    int overBudget() {
        return overBudget.get();
    }

    void failNext(int... statuses) {
        for (int status : statuses) {
            failNext.add(status);
        }
    }

    void failAlways(Integer status) {
        failAlways = status;
    }

    void latency(long ms) {
        latencyMs = ms;
    }

    int highWater() {
        return highWater.get();
    }

    /** The request bodies received, each as sent. */
    List<String> bodies() {
        return List.copyOf(bodies);
    }

    @Override
    public ResponseDefinition transform(ServeEvent event) {
        int now = inFlight.incrementAndGet();
        highWater.accumulateAndGet(now, Math::max);
        try {
            String body = event.getRequest().getBodyAsString();
            bodies.add(body);
            if (latencyMs > 0) {
                Thread.sleep(latencyMs);
            }
            if (!event.getRequest().containsHeader("anthropic-version") || !event.getRequest().containsHeader("Authorization")) {
                return error(401, "authentication_error", "missing key or version");
            }
            java.util.Map<String, String> limits = new java.util.LinkedHashMap<>();
            if (budget > 0) {
                long nowMs = System.currentTimeMillis();
                long window = nowMs / windowMs;
                int used = usedPerWindow.computeIfAbsent(window, w -> new AtomicInteger()).incrementAndGet();
                java.time.Instant reset = java.time.Instant.ofEpochMilli((window + 1) * windowMs);
                limits.put("anthropic-ratelimit-requests-limit", Integer.toString(budget));
                limits.put("anthropic-ratelimit-requests-remaining", Integer.toString(Math.max(0, budget - used)));
                limits.put("anthropic-ratelimit-requests-reset", reset.toString());
                if (used > budget) {
                    overBudget.incrementAndGet();
                    ResponseDefinitionBuilder refused = new ResponseDefinitionBuilder().withStatus(429)
                            .withHeader("Content-Type", "application/json")
                            .withHeader("retry-after", Long.toString(Math.max(1, (reset.toEpochMilli() - nowMs + 999) / 1000)))
                            .withBody("{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"over budget\"}}");
                    limits.forEach(refused::withHeader);
                    return refused.build();
                }
            }
            Integer failure = failNext.poll();
            if (failure == null) {
                failure = failAlways;
            }
            if (failure != null) {
                return error(failure, switch (failure) {
                    case 429 -> "rate_limit_error";
                    case 529 -> "overloaded_error";
                    case 400 -> "invalid_request_error";
                    default -> "api_error";
                }, "scripted failure");
            }
            ResponseDefinition answer = message(JSON.readTree(body));
            if (limits.isEmpty()) {
                return answer;
            }
            ResponseDefinitionBuilder withLimits = ResponseDefinitionBuilder.like(answer);
            limits.forEach(withLimits::withHeader);
            return withLimits.build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return error(500, "api_error", "interrupted");
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private static ResponseDefinition message(JsonNode request) {
        JsonNode messages = request.path("messages");
        JsonNode last = messages.get(messages.size() - 1);
        ObjectNode message = JSON.createObjectNode();
        message.put("id", "msg_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20));
        message.put("type", "message");
        message.put("role", "assistant");
        message.put("model", request.path("model").asString());
        var content = message.putArray("content");
        String stop = "end_turn";
        JsonNode result = block(last, "tool_result");
        if (result != null) {
            String text = result.path("content").isString() ? result.path("content").asString() : result.path("content").toString();
            String asked = plain(buyerText(messages));
            if (result.path("is_error").asBoolean(false)) {
                content.addObject().put("type", "text").put("text", "Lo siento, no pude consultar el historial ahora: " + text);
            } else if (text.startsWith("{") && JSON.readTree(text).has("events")) {
                JsonNode timeline = JSON.readTree(text);
                List<String> steps = new ArrayList<>();
                for (JsonNode event : timeline.path("events")) {
                    steps.add(event.path("description").asString() + (event.path("reason").isString() ? " (" + event.path("reason").asString() + ")" : ""));
                }
                content.addObject().put("type", "text").put("text", "Tu pedido con guía " + timeline.path("trackingNumber").asString() + " de "
                        + timeline.path("carrierName").asString() + ": " + String.join(", ", steps) + ".");
            } else if (text.startsWith("{") && asked.matches("(?s).*(que paso|historial).*") && JSON.readTree(text).path("orders").size() > 0) {
                content.addObject().put("type", "tool_use").put("id", "toolu_" + UUID.randomUUID().toString().substring(0, 8))
                        .put("name", "tracking_timeline").putObject("input")
                        .put("trackingNumber", JSON.readTree(text).path("orders").get(0).path("trackingNumber").asString());
                stop = "tool_use";
            } else if (text.startsWith("{")) {
                JsonNode data = JSON.readTree(text);
                List<String> parts = new ArrayList<>();
                for (JsonNode order : data.path("orders")) {
                    parts.add("tu pedido con guía " + order.path("trackingNumber").asString() + " de " + order.path("carrierName").asString()
                            + " está " + order.path("lastEvent").asString());
                }
                content.addObject().put("type", "text").put("text", "Hola " + data.path("buyerFirstName").asString("") + ", "
                        + (parts.isEmpty() ? "no encuentro pedidos tuyos." : String.join("; ", parts) + "."));
            } else if (text.contains("botones")) {
                content.addObject().put("type", "text").put("text", "Te envié un mensaje para que lo confirmes con el botón.");
            } else {
                content.addObject().put("type", "text").put("text", "Listo, un asesor te escribirá pronto.");
            }
        } else {
            String said = plain(text(last));
            if (said.matches("(?s).*\\b(asesor|persona|humano)\\b.*")) {
                ObjectNode use = content.addObject().put("type", "tool_use").put("id", "toolu_" + UUID.randomUUID().toString().substring(0, 8))
                        .put("name", "hand_over_to_person");
                use.putObject("input").put("reason", "BUYER_ASKED").put("summary", "Pide hablar con una persona.");
                stop = "tool_use";
            } else if (said.matches("(?s).*\\b(cambia\\w*|cancela\\w*)\\b.*") && guide(text(last)) != null) {
                // "cambia la dirección de SV123 a Calle 5 # 10-20" / "cancela el pedido SV123"
                ObjectNode use = content.addObject().put("type", "tool_use").put("id", "toolu_" + UUID.randomUUID().toString().substring(0, 8));
                String said0 = text(last).strip();
                if (said.contains("cancela")) {
                    use.put("name", "cancel_order").putObject("input").put("order", guide(said0));
                } else {
                    use.put("name", "request_delivery_change").putObject("input").put("order", guide(said0))
                            .put("newAddress", said0.substring(said0.indexOf(" a ") + 3));
                }
                stop = "tool_use";
            } else if (said.matches("(?s).*(pedido|donde|guia).*")) {
                content.addObject().put("type", "tool_use").put("id", "toolu_" + UUID.randomUUID().toString().substring(0, 8))
                        .put("name", "buyer_orders").putObject("input");
                stop = "tool_use";
            } else {
                content.addObject().put("type", "text").put("text", "Hola, ¿en qué te ayudo?");
            }
        }
        message.put("stop_reason", stop);
        message.putNull("stop_sequence");
        message.putObject("usage").put("input_tokens", 120).put("output_tokens", 30).put("cache_creation_input_tokens", 900)
                .put("cache_read_input_tokens", 0);
        return new ResponseDefinitionBuilder().withStatus(200).withHeader("Content-Type", "application/json").withBody(message.toString())
                .build();
    }

    private static ResponseDefinition error(int status, String type, String text) {
        ResponseDefinitionBuilder response = new ResponseDefinitionBuilder().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody("{\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":\"" + text + "\"}}");
        if (status == 429 || status == 529) {
            response = response.withHeader("retry-after", "1");
        }
        return response.build();
    }

    private static JsonNode block(JsonNode message, String type) {
        for (JsonNode block : message.path("content")) {
            if (type.equals(block.path("type").asString())) {
                return block;
            }
        }
        return null;
    }

    /** The text of the newest user turn that has any (the buyer's words, not a tool result). */
    private static String buyerText(JsonNode messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            JsonNode message = messages.get(i);
            String text = "user".equals(message.path("role").asString()) ? text(message) : "";
            if (!text.isBlank()) {
                return text;
            }
        }
        return "";
    }

    private static String text(JsonNode message) {
        if (message.path("content").isString()) {
            return message.path("content").asString();
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode block : message.path("content")) {
            if ("text".equals(block.path("type").asString())) {
                text.append(block.path("text").asString()).append('\n');
            }
        }
        return text.toString();
    }

    /** The first word that looks like a guide (two letters and digits). */
    private static String guide(String text) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\b([A-Z]{2}[0-9]{5,})\\b").matcher(text);
        return m.find() ? m.group(1) : null;
    }

    private static String plain(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT);
    }
}
