package com.litper.worker.whatsapp;

import com.litper.worker.config.OutboundHttp;
import com.litper.worker.config.WhatsappProperties;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One send through the WhatsApp Business Cloud API wire format:
 * {@code POST {base-url}/{api-version}/{phone-number-id}/messages} with the bearer token, through the
 * HTTP interface {@link CloudApi}. The timeout bounds the whole exchange, body included. No retries
 * here: the handler decides from the {@link GraphApiError} what a failure means.
 */
@Component
class CloudApiClient {

    private static final int MAX_ERROR_TEXT = 300;
    /** Starts what {@link #send} returns for an accepted message whose answer carried no id. */
    static final String NO_ID = "<no id: ";

    private final CloudApi api;
    private final JsonMapper json;
    private final WhatsappProperties properties;

    CloudApiClient(JsonMapper json, WhatsappProperties properties) {
        this.api = OutboundHttp.client(CloudApi.class, properties.baseUrl().toString(), properties.timeout(), json, headers -> {
            if (properties.accessToken() != null && !properties.accessToken().isBlank()) {
                headers.setBearerAuth(properties.accessToken());
            }
        });
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
        String answer;
        try {
            answer = api.send(properties.apiVersion(), properties.phoneNumberId(), body(message));
        } catch (RestClientResponseException e) {
            String text = e.getResponseBodyAsString();
            JsonNode error = read(text).path("error");
            throw new CloudApiException(new GraphApiError(e.getStatusCode().value(), error.path("code").asInt(0),
                    error.path("message").asString(error.isMissingNode() ? abbreviate(text) : ""),
                    error.path("error_data").path("details").asString("")), null);
        } catch (RestClientException e) {
            var interrupted = OutboundHttp.interruption(e);
            if (interrupted.isPresent()) {
                // The task's timeout or a shutdown; the request is cancelled.
                throw interrupted.get();
            }
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new CloudApiException(GraphApiError.unreachable(OutboundHttp.describe(e, properties.timeout())), cause);
        }
        String id = read(answer).path("messages").path(0).path("id").asString("");
        if (id.isBlank()) {
            // Accepted but without an id: WhatsApp has the message, so sending again would duplicate it.
            return NO_ID + abbreviate(answer) + ">";
        }
        return id;
    }

    /** Whether {@code sent}, returned by {@link #send}, is WhatsApp's message id (not a stand-in for a missing one). */
    static boolean isMessageId(String sent) {
        return !sent.startsWith(NO_ID);
    }

    /** The Cloud API's JSON: a template message, or free text (with reply buttons, when it has them) inside the buyer's service window. */
    static Map<String, Object> body(WhatsappMessage message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("messaging_product", "whatsapp");
        body.put("recipient_type", "individual");
        body.put("to", message.recipient());
        if (message.freeText() && message.buttons() != null && !message.buttons().isEmpty()) {
            // Reply buttons: the Cloud API's interactive "button" message (at most 3; WhatsApp hands a press back as button_reply).
            List<Map<String, Object>> buttons = message.buttons().stream()
                    .map(b -> Map.<String, Object>of("type", "reply", "reply", Map.of("id", b.id(), "title", b.title()))).toList();
            body.put("type", "interactive");
            body.put("interactive", Map.of("type", "button", "body", Map.of("text", message.text()), "action", Map.of("buttons", buttons)));
            return body;
        }
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
