package com.litper.worker.whatsapp;

import com.litper.worker.config.WhatsappProperties;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One send through the WhatsApp Business Cloud API wire format:
 * {@code POST {base-url}/{api-version}/{phone-number-id}/messages} with the bearer token. No retries
 * here: the handler decides from the {@link GraphApiError} what a failure means.
 */
@Component
class CloudApiClient {

    private static final int MAX_ERROR_TEXT = 300;
    /** Starts what {@link #send} returns for an accepted message whose answer carried no id. */
    static final String NO_ID = "<no id: ";

    private final HttpClient http;
    private final JsonMapper json;
    private final WhatsappProperties properties;

    CloudApiClient(JsonMapper json, WhatsappProperties properties) {
        // Its own client rather than a bean: the carriers' HttpClient bean has its own timeouts, and a
        // second HttpClient bean would make their injection ambiguous.
        this.http = HttpClient.newBuilder()
                .connectTimeout(properties.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.json = json;
        this.properties = properties;
    }

    /**
     * Sends the message and returns WhatsApp's message id ({@code wamid…}).
     *
     * @throws CloudApiException WhatsApp refused it, failed, or did not answer within the timeout
     * @throws InterruptedException the task's timeout or a shutdown interrupted the wait
     */
    String send(WhatsappMessage message) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(messagesUri())
                .timeout(properties.timeout())
                .header("Authorization", "Bearer " + properties.accessToken())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body(message))))
                .build();
        HttpResponse<String> response = exchange(request);
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            String id = read(response.body()).path("messages").path(0).path("id").asString("");
            if (id.isBlank()) {
                // Accepted but without an id: WhatsApp has the message, so sending again would duplicate it.
                return NO_ID + abbreviate(response.body()) + ">";
            }
            return id;
        }
        JsonNode error = read(response.body()).path("error");
        throw new CloudApiException(new GraphApiError(status, error.path("code").asInt(0),
                error.path("message").asString(error.isMissingNode() ? abbreviate(response.body()) : ""),
                error.path("error_data").path("details").asString("")), null);
    }

    /** Whether {@code sent}, returned by {@link #send}, is WhatsApp's message id (not a stand-in for a missing one). */
    static boolean isMessageId(String sent) {
        return !sent.startsWith(NO_ID);
    }

    /** The Cloud API's JSON: a template message, or free text inside the buyer's service window. */
    static Map<String, Object> body(WhatsappMessage message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("messaging_product", "whatsapp");
        body.put("recipient_type", "individual");
        body.put("to", message.recipient());
        if (message.freeText()) {
            body.put("type", "text");
            body.put("text", Map.of("body", message.text()));
            return body;
        }
        Map<String, Object> template = new LinkedHashMap<>();
        template.put("name", message.template());
        template.put("language", Map.of("code", message.language()));
        List<String> parameters = message.templateParameters();
        if (!parameters.isEmpty()) {
            List<Map<String, String>> values = parameters.stream().map(value -> Map.of("type", "text", "text", value)).toList();
            template.put("components", List.of(Map.of("type", "body", "parameters", values)));
        }
        body.put("type", "template");
        body.put("template", template);
        return body;
    }

    private URI messagesUri() {
        String base = properties.baseUrl().toString();
        if (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return URI.create(base + "/" + properties.apiVersion() + "/"
                + URLEncoder.encode(properties.phoneNumberId(), StandardCharsets.UTF_8) + "/messages");
    }

    /** The timeout bounds the whole exchange, body included. */
    private HttpResponse<String> exchange(HttpRequest request) throws InterruptedException {
        Duration timeout = properties.timeout();
        CompletableFuture<HttpResponse<String>> future = http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new CloudApiException(GraphApiError.unreachable("no answer within " + timeout + " (timed out)"), e);
        } catch (InterruptedException e) {
            future.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            String what = cause instanceof HttpTimeoutException ? "no answer within " + timeout + " (timed out)"
                    : cause instanceof IOException ? "network error: " + cause
                    : "call failed: " + cause;
            throw new CloudApiException(GraphApiError.unreachable(what), cause);
        }
    }

    private JsonNode read(String body) {
        try {
            return json.readTree(body == null || body.isBlank() ? "{}" : body);
        } catch (JacksonException e) {
            return json.createObjectNode();
        }
    }

    private static String abbreviate(String text) {
        if (text == null) {
            return "";
        }
        return text.length() <= MAX_ERROR_TEXT ? text : text.substring(0, MAX_ERROR_TEXT) + "…";
    }
}
