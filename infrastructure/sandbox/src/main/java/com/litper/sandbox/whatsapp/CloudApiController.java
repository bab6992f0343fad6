package com.litper.sandbox.whatsapp;

import com.litper.sandbox.fault.FaultSwitch;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Cloud API's send endpoint, {@code POST /whatsapp/{version}/{phone-number-id}/messages}, checked
 * as WhatsApp checks it: injected faults, the token (190), the business number (100), the body (100),
 * the template and its language (132001) and its parameter count (132000), then the pair rate limit
 * (131056). An accepted message is recorded and its statuses are reported by webhook.
 */
@RestController
class CloudApiController {

    private static final Logger log = LoggerFactory.getLogger(CloudApiController.class);
    private static final Pattern PHONE = Pattern.compile("\\+?[1-9][0-9]{6,14}");
    private static final int MAX_TEXT = 4096;

    private final WhatsappSandboxProperties properties;
    private final Templates templates;
    private final SentMessages messages;
    private final StatusWebhooks statuses;
    private final WhatsappFaults faults;
    private final BuyerWindows windows;
    private final JsonMapper json;
    private final Clock clock;

    CloudApiController(WhatsappSandboxProperties properties, Templates templates, SentMessages messages, StatusWebhooks statuses,
            WhatsappFaults faults, BuyerWindows windows, JsonMapper json, Clock clock) {
        this.properties = properties;
        this.templates = templates;
        this.messages = messages;
        this.statuses = statuses;
        this.faults = faults;
        this.windows = windows;
        this.json = json;
        this.clock = clock;
    }

    /** A refused request: the Graph API error to answer with. */
    private static final class Refused extends Exception {
        private final transient GraphError error;

        Refused(GraphError error) {
            super(error.message(), null, false, false);
            this.error = error;
        }
    }

    @PostMapping("/whatsapp/{version}/{phoneNumberId}/messages")
    ResponseEntity<Object> send(@PathVariable String version, @PathVariable String phoneNumberId,
            @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            @RequestBody(required = false) byte[] body) throws InterruptedException {
        try {
            Optional<FaultSwitch.Failure> failure = faults.get().apply();
            if (failure.isPresent()) {
                int code = failure.get().errorCode() == null ? GraphError.SOMETHING_WENT_WRONG : failure.get().errorCode();
                GraphError error = GraphError.of(code, "Injected by the sandbox (DELETE /sandbox/whatsapp/faults to stop it).");
                throw new Refused(failure.get().status() == null ? error : error.withStatus(failure.get().status()));
            }
            authorize(authorization);
            if (!WhatsappSandboxProperties.blank(properties.phoneNumberId()) && !properties.phoneNumberId().equals(phoneNumberId)) {
                throw new Refused(GraphError.of(GraphError.INVALID_PARAMETER, "Unsupported post request. Object with ID '" + phoneNumberId
                        + "' does not exist, cannot be loaded due to missing permissions, or does not support this operation."));
            }
            SentMessage message = read(phoneNumberId, body);
            Optional<GraphError> limited = messages.accept(message);
            if (limited.isPresent()) {
                throw new Refused(limited.get());
            }
            boolean reachable = properties.unreachableNumbers().stream().map(SentMessages::digits)
                    .noneMatch(SentMessages.digits(message.to())::equals);
            // As Meta does, free text outside the buyer's service window is accepted, then reported failed (131047).
            StatusWebhooks.Failure reported = !reachable ? StatusWebhooks.Failure.UNDELIVERABLE
                    : message.isText() && !windows.open(message.to()) ? StatusWebhooks.Failure.WINDOW_CLOSED : null;
            log.info("WhatsApp message {} to {} accepted ({})", message.id(), mask(message.to()), message.inspected().get("template") == null
                    ? "text" : "template " + message.inspected().get("template"));
            statuses.report(message, reported);
            String input = SentMessages.digits(message.to());
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(Map.of(
                    "messaging_product", "whatsapp",
                    "contacts", List.of(Map.of("input", input, "wa_id", input)),
                    "messages", List.of(Map.of("id", message.id()))));
        } catch (Refused refused) {
            GraphError error = refused.error;
            log.info("WhatsApp send refused: HTTP {}, error {}: {}", error.httpStatus(), error.code(), error.details());
            ResponseEntity.BodyBuilder answer = ResponseEntity.status(error.httpStatus()).contentType(MediaType.APPLICATION_JSON);
            if (error.code() == GraphError.ACCESS_TOKEN) {
                answer.header(HttpHeaders.WWW_AUTHENTICATE, "OAuth \"Facebook Platform\" \"invalid_token\" \"" + error.message() + "\"");
            }
            return answer.body(error.body());
        }
    }

    private void authorize(String authorization) throws Refused {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7) || authorization.substring(7).isBlank()) {
            throw new Refused(GraphError.of(GraphError.ACCESS_TOKEN, "Send Authorization: Bearer <access token>."));
        }
        String expected = properties.accessToken();
        if (!WhatsappSandboxProperties.blank(expected) && !MessageDigest.isEqual(
                authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8))) {
            throw new Refused(GraphError.of(GraphError.ACCESS_TOKEN, "The access token is not the business account's."));
        }
    }

    private SentMessage read(String phoneNumberId, byte[] body) throws Refused {
        JsonNode root;
        try {
            root = json.readTree(body == null ? new byte[0] : body);
        } catch (JacksonException e) {
            throw invalid("The request body is not JSON.");
        }
        if (root == null || !root.isObject()) {
            throw invalid("The request body must be a JSON object.");
        }
        if (!"whatsapp".equals(text(root, "messaging_product"))) {
            throw invalid("The parameter messaging_product is required and must be \"whatsapp\".");
        }
        String recipientType = text(root, "recipient_type");
        if (recipientType != null && !recipientType.equals("individual")) {
            throw invalid("Param recipient_type must be \"individual\".");
        }
        String to = text(root, "to");
        if (to == null || !PHONE.matcher(to).matches()) {
            throw invalid("The parameter to is required and must be a phone number in international format, digits only.");
        }
        String recipient = "+" + SentMessages.digits(to);
        String id = "wamid." + Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("sandbox:" + phoneNumberId + ":" + SentMessages.digits(to) + ":" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8));
        String type = text(root, "type");
        if ("text".equals(type)) {
            String message = text(root.path("text"), "body");
            if (message == null || message.isBlank() || message.length() > MAX_TEXT) {
                throw invalid("The parameter text.body is required (1-" + MAX_TEXT + " characters).");
            }
            return new SentMessage(id, phoneNumberId, recipient, "text", null, null, List.of(), message, clock.instant());
        }
        if ("interactive".equals(type)) {
            return interactive(id, phoneNumberId, recipient, root.path("interactive"));
        }
        if (!"template".equals(type)) {
            throw invalid("Param type must be one of {TEXT, TEMPLATE, INTERACTIVE} in this sandbox, was " + type + ".");
        }
        JsonNode template = root.path("template");
        String name = text(template, "name");
        if (name == null || name.isBlank()) {
            throw invalid("The parameter template.name is required.");
        }
        String language = text(template.path("language"), "code");
        if (language == null || language.isBlank()) {
            throw invalid("The parameter template.language.code is required.");
        }
        WhatsappSandboxProperties.Template approved = templates.named(name)
                .filter(t -> t.languages().contains(language))
                .orElseThrow(() -> new Refused(GraphError.of(GraphError.TEMPLATE_MISSING,
                        "template name (" + name + ") does not exist in " + language)));
        List<String> parameters = bodyParameters(template);
        if (parameters.size() != approved.parameters()) {
            throw new Refused(GraphError.of(GraphError.TEMPLATE_PARAMETERS, "body: number of localizable_params (" + parameters.size()
                    + ") does not match the expected number of params (" + approved.parameters() + ")"));
        }
        return new SentMessage(id, phoneNumberId, recipient, "template", name, language, parameters,
                Templates.render(name, approved, parameters), clock.instant());
    }

    /** A reply-buttons message, within the Cloud API's limits: a body of 1-1024 characters, 1-3 buttons, titles of 1-20, ids of 1-256. */
    private SentMessage interactive(String id, String phoneNumberId, String recipient, JsonNode interactive) throws Refused {
        if (!"button".equals(text(interactive, "type"))) {
            throw invalid("Param interactive.type must be \"button\" (reply buttons) in this sandbox.");
        }
        String body = text(interactive.path("body"), "text");
        if (body == null || body.isBlank() || body.length() > 1024) {
            throw invalid("The parameter interactive.body.text is required (1-1024 characters).");
        }
        JsonNode buttons = interactive.path("action").path("buttons");
        if (!buttons.isArray() || buttons.isEmpty() || buttons.size() > 3) {
            throw invalid("The parameter interactive.action.buttons must have 1 to 3 buttons.");
        }
        List<Map<String, String>> read = new ArrayList<>();
        for (JsonNode button : buttons) {
            String buttonId = text(button.path("reply"), "id");
            String title = text(button.path("reply"), "title");
            if (!"reply".equals(text(button, "type")) || buttonId == null || buttonId.isBlank() || buttonId.length() > 256 || title == null
                    || title.isBlank() || title.length() > 20) {
                throw invalid("Each button must be {\"type\": \"reply\", \"reply\": {\"id\": <1-256 characters>, \"title\": <1-20 characters>}}.");
            }
            if (read.stream().anyMatch(b -> b.get("id").equals(buttonId) || b.get("title").equals(title))) {
                throw invalid("Buttons' ids and titles must be unique within the message.");
            }
            read.add(Map.of("id", buttonId, "title", title));
        }
        return new SentMessage(id, phoneNumberId, recipient, "interactive", null, null, List.of(), body, clock.instant(), read);
    }

    private List<String> bodyParameters(JsonNode template) throws Refused {
        JsonNode components = template.path("components");
        List<String> parameters = new ArrayList<>();
        if (components.isMissingNode() || components.isNull()) {
            return parameters;
        }
        if (!components.isArray()) {
            throw invalid("The parameter template.components must be an array.");
        }
        for (JsonNode component : components) {
            if (!"body".equals(text(component, "type"))) {
                continue;
            }
            for (JsonNode parameter : component.path("parameters")) {
                String value = text(parameter, "text");
                if (!"text".equals(text(parameter, "type")) || value == null || value.isBlank()) {
                    throw invalid("Each body parameter must be {\"type\": \"text\", \"text\": <non-empty text>}.");
                }
                parameters.add(value);
            }
        }
        return parameters;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isString() ? value.asString() : null;
    }

    private static Refused invalid(String details) {
        return new Refused(GraphError.of(GraphError.INVALID_PARAMETER, details));
    }

    /** Buyers' numbers are personal data: the log keeps the last four digits. */
    private static String mask(String number) {
        return number.length() <= 4 ? "****" : "…" + number.substring(number.length() - 4);
    }
}
