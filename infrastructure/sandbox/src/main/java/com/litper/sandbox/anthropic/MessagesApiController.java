package com.litper.sandbox.anthropic;

import com.litper.sandbox.fault.FaultSwitch;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Anthropic's Messages API, {@code POST /anthropic/v1/messages}, in its wire format, non-streaming:
 * injected faults first (429 {@code rate_limit_error} and 529 {@code overloaded_error} with
 * {@code retry-after}), then the key ({@code x-api-key}, or {@code Authorization: Bearer} as
 * anthropic-java 3.x sends it; 401 {@code authentication_error}), the {@code anthropic-version}
 * header and the body (400 {@code invalid_request_error}: model, max_tokens, messages alternating
 * from a user turn, every {@code tool_result} answering a {@code tool_use} of the turn before), then
 * {@link ScriptedClaude}'s answer with {@code usage} (prompt caching simulated: a prefix marked with
 * {@code cache_control} is written once, then read) and the rate-limit headers. The rate limit is a budget
 * per window ({@code sandbox.anthropic.requests-per-minute}, {@code input-tokens-per-minute},
 * {@code output-tokens-per-minute}, window {@code rate-window}): every answer's
 * {@code anthropic-ratelimit-{requests,input-tokens,output-tokens}-{limit,remaining,reset}} headers count
 * it down, and a request once it is spent gets 429 {@code rate_limit_error} with {@code retry-after}
 * until the window ends.
 */
@RestController
class MessagesApiController {

    private static final Logger log = LoggerFactory.getLogger(MessagesApiController.class);

    private final AnthropicSandboxProperties properties;
    private final AnthropicFaults faults;
    private final ReceivedRequests received;
    private final ScriptedClaude claude;
    private final JsonMapper json;
    private final Clock clock;
    /** Prefixes (system and tools) marked for caching and already written, by content. */
    private final Set<String> cachedPrefixes = ConcurrentHashMap.newKeySet();
    /** The rate limit's current window (its index since the epoch) and what it used; guarded by itself. */
    private final long[] window = {-1, 0, 0, 0};

    MessagesApiController(AnthropicSandboxProperties properties, AnthropicFaults faults, ReceivedRequests received, JsonMapper json,
            Clock clock) {
        this.properties = properties;
        this.faults = faults;
        this.received = received;
        this.claude = new ScriptedClaude(json);
        this.json = json;
        this.clock = clock;
    }

    @PostMapping(path = "/anthropic/v1/messages", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> create(@RequestBody(required = false) String body,
            @RequestHeader(name = "x-api-key", required = false) String apiKey,
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            @RequestHeader(name = "anthropic-version", required = false) String version) throws InterruptedException {
        String requestId = "req_" + UUID.randomUUID().toString().replace("-", "");
        Instant now = clock.instant();
        received.started();
        JsonNode request = null;
        try {
            Optional<FaultSwitch.Failure> failure = faults.get().apply();
            request = readQuietly(body);
            if (failure.isPresent()) {
                int status = failure.get().status() == null ? 529 : failure.get().status();
                return error(requestId, now, request, status, errorType(status), "Injected by the sandbox (PUT /sandbox/anthropic/faults).");
            }
            String key = apiKey != null ? apiKey
                    : authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7) ? authorization.substring(7) : null;
            if (key == null || key.isBlank()) {
                return error(requestId, now, request, 401, "authentication_error", "x-api-key header is required");
            }
            if (!properties.anyKey() && !properties.apiKey().equals(key)) {
                return error(requestId, now, request, 401, "authentication_error", "invalid x-api-key");
            }
            if (version == null || version.isBlank()) {
                return error(requestId, now, request, 400, "invalid_request_error", "anthropic-version: header is required");
            }
            if (request == null) {
                return error(requestId, now, null, 400, "invalid_request_error", "The request body is not valid JSON.");
            }
            Optional<String> invalid = invalid(request);
            if (invalid.isPresent()) {
                return error(requestId, now, request, 400, "invalid_request_error", invalid.get());
            }
            if (!takeRequest(now)) {
                HttpHeaders headers = rateLimitHeaders(requestId, now);
                long seconds = Math.max(1, (resetOf(now).toEpochMilli() - now.toEpochMilli() + 999) / 1000);
                return error(requestId, now, request, 429, "rate_limit_error", "This request would exceed the rate limit of the sandbox's"
                        + " budget (sandbox.anthropic.*-per-minute); it resets at " + resetOf(now) + ".", headers, seconds);
            }
            ScriptedClaude.Answer answer = claude.answer(request);
            Map<String, Object> message = new LinkedHashMap<>();
            message.put("id", "msg_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24));
            message.put("type", "message");
            message.put("role", "assistant");
            message.put("model", request.path("model").asString());
            message.put("content", answer.content());
            message.put("stop_reason", answer.stopReason());
            message.put("stop_sequence", null);
            Map<String, Object> usage = usage(request, answer);
            message.put("usage", usage);
            spend(now, ((Number) usage.get("input_tokens")).longValue() + ((Number) usage.get("cache_creation_input_tokens")).longValue(),
                    ((Number) usage.get("output_tokens")).longValue());
            record(requestId, now, request, 200, answer.stopReason());
            return ResponseEntity.ok().headers(rateLimitHeaders(requestId, now)).body(message);
        } finally {
            received.finished();
        }
    }

    /** What the real API refuses with 400 in the parts Litper uses; empty when the request is fine. */
    private static Optional<String> invalid(JsonNode request) {
        if (!request.path("model").isString() || request.path("model").asString().isBlank()) {
            return Optional.of("model: Field required");
        }
        if (!request.path("max_tokens").isIntegralNumber() || request.path("max_tokens").asLong() < 1) {
            return Optional.of("max_tokens: Field required (an integer of at least 1)");
        }
        JsonNode messages = request.path("messages");
        if (!messages.isArray() || messages.isEmpty()) {
            return Optional.of("messages: at least one message is required");
        }
        Set<String> openToolUses = Set.of();
        for (int i = 0; i < messages.size(); i++) {
            JsonNode message = messages.get(i);
            String role = message.path("role").asString("");
            String expected = i % 2 == 0 ? "user" : "assistant";
            if (!expected.equals(role)) {
                return Optional.of("messages: roles must alternate between \"user\" and \"assistant\", starting with \"user\"; messages." + i
                        + " is \"" + role + "\"");
            }
            if ("user".equals(role)) {
                for (JsonNode result : ScriptedClaude.blocks(message, "tool_result")) {
                    if (!openToolUses.contains(result.path("tool_use_id").asString(""))) {
                        return Optional.of("messages." + i + ": unexpected `tool_use_id` found in `tool_result` blocks: "
                                + result.path("tool_use_id").asString("") + ". Each `tool_result` block must have a corresponding `tool_use` block in the previous message.");
                    }
                }
                openToolUses = Set.of();
            } else {
                Set<String> ids = ConcurrentHashMap.newKeySet();
                ScriptedClaude.blocks(message, "tool_use").forEach(block -> ids.add(block.path("id").asString("")));
                openToolUses = ids;
            }
        }
        if (!openToolUses.isEmpty()) {
            return Optional.of("messages: the last message must be the user's; tool_use ids " + openToolUses + " have no tool_result");
        }
        for (JsonNode tool : request.path("tools")) {
            if (tool.path("name").asString("").isBlank() || !tool.path("input_schema").isObject()) {
                return Optional.of("tools: each tool needs a name and an input_schema");
            }
        }
        return Optional.empty();
    }

    /**
     * Tokens as about four characters each. The system prompt and tools are the cacheable prefix when
     * one of their blocks carries {@code cache_control}: the first request writes it, later ones read it.
     */
    private Map<String, Object> usage(JsonNode request, ScriptedClaude.Answer answer) {
        String system = request.path("system").toString();
        String tools = request.path("tools").toString();
        boolean cacheable = system.contains("\"cache_control\"") || tools.contains("\"cache_control\"");
        long prefix = tokens(system) + tokens(tools);
        long rest = tokens(request.path("messages").toString());
        long written = 0;
        long read = 0;
        if (cacheable) {
            if (cachedPrefixes.add(request.path("model").asString() + "\n" + system + "\n" + tools)) {
                written = prefix;
            } else {
                read = prefix;
            }
        } else {
            rest += prefix;
        }
        Map<String, Object> usage = new LinkedHashMap<>();
        usage.put("input_tokens", rest);
        usage.put("cache_creation_input_tokens", written);
        usage.put("cache_read_input_tokens", read);
        usage.put("output_tokens", Math.max(1, tokens(json.writeValueAsString(answer.content()))));
        return usage;
    }

    private static long tokens(String text) {
        return (text.length() + 3) / 4;
    }

    private ResponseEntity<Map<String, Object>> error(String requestId, Instant now, JsonNode request, int status, String type, String message) {
        return error(requestId, now, request, status, type, message, rateLimitHeaders(requestId, now), properties.retryAfter().toSeconds());
    }

    private ResponseEntity<Map<String, Object>> error(String requestId, Instant now, JsonNode request, int status, String type, String message,
            HttpHeaders headers, long retryAfterSeconds) {
        record(requestId, now, request, status, type);
        if (status == 429 || status == 529) {
            headers.set("retry-after", Long.toString(Math.max(0, retryAfterSeconds)));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "error");
        body.put("error", Map.of("type", type, "message", message));
        body.put("request_id", requestId);
        log.info("Messages API sandbox answered {} {}: {}", status, type, message);
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).headers(headers).body(body);
    }

    private static String errorType(int status) {
        return switch (status) {
            case 400 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_error";
            case 529 -> "overloaded_error";
            default -> "api_error";
        };
    }

    /**
     * Counts a request against the current window's budget; false (nothing counted) when the window's
     * requests, input tokens or output tokens are already spent, as the API refuses with 429.
     */
    private boolean takeRequest(Instant now) {
        synchronized (window) {
            roll(now);
            if (window[1] >= properties.requestsPerMinute() || window[2] >= properties.inputTokensPerMinute()
                    || window[3] >= properties.outputTokensPerMinute()) {
                return false;
            }
            window[1]++;
            return true;
        }
    }

    private void spend(Instant now, long inputTokens, long outputTokens) {
        synchronized (window) {
            roll(now);
            window[2] += inputTokens;
            window[3] += outputTokens;
        }
    }

    private void roll(Instant now) {
        long index = now.toEpochMilli() / properties.rateWindow().toMillis();
        if (window[0] != index) {
            window[0] = index;
            window[1] = 0;
            window[2] = 0;
            window[3] = 0;
        }
    }

    /** When the current window ends: its limits are whole again. */
    private Instant resetOf(Instant now) {
        long length = properties.rateWindow().toMillis();
        return Instant.ofEpochMilli((now.toEpochMilli() / length + 1) * length);
    }

    /** The {@code anthropic-ratelimit-*} headers: each limit, what remains of it in this window, and the window's end (RFC 3339). */
    private HttpHeaders rateLimitHeaders(String requestId, Instant now) {
        long requests;
        long input;
        long output;
        synchronized (window) {
            roll(now);
            requests = window[1];
            input = window[2];
            output = window[3];
        }
        String reset = resetOf(now).toString();
        HttpHeaders headers = new HttpHeaders();
        headers.set("request-id", requestId);
        limit(headers, "requests", properties.requestsPerMinute(), requests, reset);
        limit(headers, "input-tokens", properties.inputTokensPerMinute(), input, reset);
        limit(headers, "output-tokens", properties.outputTokensPerMinute(), output, reset);
        return headers;
    }

    private static void limit(HttpHeaders headers, String name, long limit, long used, String reset) {
        headers.set("anthropic-ratelimit-" + name + "-limit", Long.toString(limit));
        headers.set("anthropic-ratelimit-" + name + "-remaining", Long.toString(Math.max(0, limit - used)));
        headers.set("anthropic-ratelimit-" + name + "-reset", reset);
    }

    private void record(String requestId, Instant now, JsonNode request, int status, String answer) {
        String model = null;
        int messages = 0;
        String lastUserText = null;
        List<String> results = new ArrayList<>();
        List<String> tools = new ArrayList<>();
        if (request != null) {
            model = request.path("model").asString(null);
            JsonNode list = request.path("messages");
            messages = list.size();
            if (list.isArray() && !list.isEmpty()) {
                JsonNode last = list.get(list.size() - 1);
                lastUserText = ScriptedClaude.text(last);
                ScriptedClaude.blocks(last, "tool_result").forEach(result -> results.add(ScriptedClaude.resultText(result)));
            }
            request.path("tools").forEach(tool -> tools.add(tool.path("name").asString("")));
        }
        received.record(new ReceivedRequests.Received(requestId, now, model, messages, lastUserText, results, tools, status, answer));
    }

    private JsonNode readQuietly(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            JsonNode node = json.readTree(body);
            return node.isObject() ? node : null;
        } catch (JacksonException e) {
            return null;
        }
    }
}
