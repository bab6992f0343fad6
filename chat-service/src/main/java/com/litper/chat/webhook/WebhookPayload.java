package com.litper.chat.webhook;

import com.litper.chat.conversation.DeliveryStatus;
import com.litper.chat.conversation.InboundMessage;
import com.litper.chat.conversation.Notification;
import com.litper.chat.conversation.StatusUpdate;
import com.litper.common.web.Problems;
import com.litper.common.web.StorableText;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a WhatsApp Cloud API webhook body: one {@link Notification} per {@code entry}, each read on
 * its own. A malformed entry, change, message or status is passed over and reported as
 * {@link Rejected} (field paths and what is wrong with them, never their values) while the rest is
 * read, so one bad part never holds back the others. Only a body that is not a notification at all
 * (not JSON, not an object, {@code object} not {@code whatsapp_business_account}, no {@code entry}
 * array) is refused with 400 naming the fields. Only what Litper uses is checked: changes other than
 * {@code messages}, statuses other than sent/delivered/read/failed and fields Meta adds are passed
 * over without a word, so a new kind of notification is acknowledged instead of retried by Meta.
 */
final class WebhookPayload {

    private static final Logger log = LoggerFactory.getLogger(WebhookPayload.class);

    static final String OBJECT = "whatsapp_business_account";
    private static final Pattern WA_ID = Pattern.compile("[1-9][0-9]{7,14}");
    private static final Pattern MESSAGE_ID = Pattern.compile("[\\x21-\\x7E]{1,256}");
    private static final Pattern TIMESTAMP = Pattern.compile("[0-9]{1,12}");
    /** The largest timestamp the string form allows (12 digits), for the number form too: past it Instant and PostgreSQL fail. */
    private static final long MAX_EPOCH_SECOND = 999_999_999_999L;
    private static final int MAX_TEXT = 4096;
    private static final int MAX_NAME = 256;

    /** What a notification's entries held: one {@link Notification} per entry with something to store, and what was passed over. */
    record Parsed(List<Notification> entries, List<Rejected> rejected) {
    }

    /**
     * A part of a notification passed over because it is malformed.
     *
     * @param part what was passed over: {@code entry}, {@code change}, {@code message} or {@code status}
     * @param path where, e.g. {@code entry[0].changes[0].value.messages[1]}
     * @param problems each field at fault and what is wrong with it (never its value)
     */
    record Rejected(String part, String path, List<Map<String, String>> problems) {

        /** One line for the log: where, and which fields are wrong how. */
        String describe() {
            StringBuilder text = new StringBuilder(part).append(' ').append(path).append(": ");
            for (int i = 0; i < problems.size(); i++) {
                text.append(i > 0 ? "; " : "").append(problems.get(i).get("field")).append(' ').append(problems.get(i).get("message"));
            }
            return text.toString();
        }
    }

    /** Problems of the part being read. */
    private List<Map<String, String>> errors = new ArrayList<>();
    private final List<Rejected> rejected = new ArrayList<>();
    private final List<Notification> entries = new ArrayList<>();
    private List<InboundMessage> messages;
    private List<StatusUpdate> statuses;

    private WebhookPayload() {
    }

    static Parsed parse(JsonMapper json, byte[] body) {
        JsonNode root;
        try {
            root = body == null || body.length == 0 ? null : json.readTree(body);
        } catch (JacksonException e) {
            throw Problems.invalidBody("Malformed JSON: " + Problems.firstLine(e.getOriginalMessage()), List.of());
        }
        if (root == null || !root.isObject()) {
            throw Problems.invalidBody("The body must be a JSON object: a WhatsApp Cloud API webhook notification.", List.of());
        }
        WebhookPayload payload = new WebhookPayload();
        JsonNode entries = payload.readEnvelope(root);
        if (!payload.errors.isEmpty()) {
            List<Map<String, String>> errors = payload.errors;
            StringBuilder detail = new StringBuilder("The notification has ").append(errors.size())
                    .append(errors.size() == 1 ? " invalid field: " : " invalid fields: ");
            for (int i = 0; i < errors.size(); i++) {
                detail.append(i > 0 ? "; " : "").append(errors.get(i).get("field")).append(' ').append(errors.get(i).get("message"));
            }
            throw Problems.invalidBody(detail.append('.').toString(), errors);
        }
        for (int e = 0; e < entries.size(); e++) {
            payload.readEntry(entries.get(e), "entry[" + e + "]");
        }
        return new Parsed(List.copyOf(payload.entries), List.copyOf(payload.rejected));
    }

    /** What makes the body a notification at all; answers its entries. */
    private JsonNode readEnvelope(JsonNode root) {
        JsonNode object = root.get("object");
        if (object == null || !object.isString() || !OBJECT.equals(object.asString())) {
            error("object", "must be \"" + OBJECT + "\"");
        }
        return array(root, "entry", "entry", true);
    }

    private void readEntry(JsonNode entry, String path) {
        errors = new ArrayList<>();
        JsonNode changes = entry.isObject() ? array(entry, "changes", path + ".changes", true) : null;
        if (!entry.isObject()) {
            error(path, "must be an object");
        }
        if (reject("entry", path)) {
            return;
        }
        messages = new ArrayList<>();
        statuses = new ArrayList<>();
        for (int c = 0; c < changes.size(); c++) {
            readChange(changes.get(c), path + ".changes[" + c + "]");
        }
        if (!messages.isEmpty() || !statuses.isEmpty()) {
            entries.add(new Notification(messages, statuses));
        }
    }

    private void readChange(JsonNode change, String path) {
        errors = new ArrayList<>();
        if (!change.isObject()) {
            error(path, "must be an object");
            reject("change", path);
            return;
        }
        String field = text(change, "field", path + ".field", true, 64);
        if (reject("change", path) || !"messages".equals(field)) {
            return;
        }
        JsonNode value = change.get("value");
        String phoneNumberId = null;
        if (value == null || !value.isObject()) {
            error(path + ".value", "must be an object");
        } else if (!value.path("metadata").isObject()) {
            error(path + ".value.metadata", "must be an object with phone_number_id");
        } else {
            phoneNumberId = text(value.get("metadata"), "phone_number_id", path + ".value.metadata.phone_number_id", true, 64);
        }
        // Without its number, nothing of the change can be attributed to a store.
        if (reject("change", path)) {
            return;
        }
        path = path + ".value";
        Map<String, String> names = new HashMap<>();
        JsonNode contacts = value.get("contacts");
        for (int i = 0; contacts != null && contacts.isArray() && i < contacts.size(); i++) {
            JsonNode contact = contacts.get(i);
            String waId = contact.path("wa_id").isString() ? contact.path("wa_id").asString() : null;
            JsonNode name = contact.path("profile").path("name");
            if (waId != null && name.isString() && !name.asString().isBlank() && StorableText.isStorable(name.asString())) {
                names.put(waId, truncate(name.asString().strip(), MAX_NAME));
            }
        }
        JsonNode inbound = array(value, "messages", path + ".messages", false);
        if (!reject("change", path + ".messages")) {
            for (int i = 0; inbound != null && i < inbound.size(); i++) {
                errors = new ArrayList<>();
                readMessage(inbound.get(i), path + ".messages[" + i + "]", phoneNumberId, names);
                reject("message", path + ".messages[" + i + "]");
            }
        }
        errors = new ArrayList<>();
        JsonNode updates = array(value, "statuses", path + ".statuses", false);
        if (!reject("change", path + ".statuses")) {
            for (int i = 0; updates != null && i < updates.size(); i++) {
                errors = new ArrayList<>();
                readStatus(updates.get(i), path + ".statuses[" + i + "]", phoneNumberId);
                reject("status", path + ".statuses[" + i + "]");
            }
        }
    }

    /** Reports the part just read as rejected when it had problems; answers whether it did. */
    private boolean reject(String part, String path) {
        if (errors.isEmpty()) {
            return false;
        }
        rejected.add(new Rejected(part, path, List.copyOf(errors)));
        errors = new ArrayList<>();
        return true;
    }

    private void readMessage(JsonNode message, String path, String phoneNumberId, Map<String, String> names) {
        if (!message.isObject()) {
            error(path, "must be an object");
            return;
        }
        String id = messageId(message, path);
        String from = waId(message, "from", path);
        Instant sentAt = timestamp(message, path);
        String type = text(message, "type", path + ".type", true, 64);
        String body = null;
        String buttonId = null;
        if ("text".equals(type)) {
            JsonNode text = message.path("text");
            body = text.isObject() ? text(text, "body", path + ".text.body", true, MAX_TEXT) : null;
            if (!text.isObject()) {
                error(path + ".text", "must be an object with body for a text message");
            }
        } else if ("interactive".equals(type)) {
            // The buyer pressed a reply button: its title is what they "said", its id what it means.
            JsonNode interactive = message.path("interactive");
            if (!interactive.isObject()) {
                error(path + ".interactive", "must be an object for an interactive message");
            } else if ("button_reply".equals(text(interactive, "type", path + ".interactive.type", true, 64))) {
                JsonNode reply = interactive.path("button_reply");
                if (!reply.isObject()) {
                    error(path + ".interactive.button_reply", "must be an object with id and title");
                } else {
                    buttonId = text(reply, "id", path + ".interactive.button_reply.id", true, 256);
                    body = text(reply, "title", path + ".interactive.button_reply.title", true, MAX_NAME);
                }
            }
        } else if (type != null && message.path(type).path("caption").isString()) {
            body = truncate(message.path(type).path("caption").asString(), MAX_TEXT);
            if (!StorableText.isStorable(body)) {
                error(path + "." + type + ".caption", StorableText.PROBLEM);
            }
        }
        if (errors.isEmpty() && id != null && from != null && sentAt != null && type != null && phoneNumberId != null) {
            String digits = from.substring(1);
            messages.add(new InboundMessage(phoneNumberId, id, from, names.get(digits), type, body, sentAt, buttonId));
        }
    }

    private void readStatus(JsonNode status, String path, String phoneNumberId) {
        if (!status.isObject()) {
            error(path, "must be an object");
            return;
        }
        String id = messageId(status, path);
        String value = text(status, "status", path + ".status", true, 64);
        Instant at = timestamp(status, path);
        String recipient = waId(status, "recipient_id", path);
        Integer errorCode = null;
        String errorTitle = null;
        JsonNode failures = array(status, "errors", path + ".errors", false);
        if (failures != null && !failures.isEmpty() && failures.get(0).isObject()) {
            JsonNode first = failures.get(0);
            errorCode = first.path("code").isIntegralNumber() ? first.path("code").asInt() : null;
            JsonNode title = first.path("title").isString() ? first.path("title") : first.path("message");
            errorTitle = title.isString() && StorableText.isStorable(title.asString()) ? truncate(title.asString(), MAX_NAME) : null;
        }
        if (!errors.isEmpty() || id == null || value == null || at == null || recipient == null || phoneNumberId == null) {
            return;
        }
        DeliveryStatus delivery = DeliveryStatus.ofWhatsapp(value).orElse(null);
        if (delivery == null) {
            log.info("WhatsApp status '{}' of message {} passed over: Litper tracks sent, delivered, read and failed", value, id);
            return;
        }
        statuses.add(new StatusUpdate(phoneNumberId, id, delivery, at, recipient, errorCode, errorTitle));
    }

    private String messageId(JsonNode node, String path) {
        String id = text(node, "id", path + ".id", true, 256);
        if (id != null && !MESSAGE_ID.matcher(id).matches()) {
            error(path + ".id", "must be 1 to 256 visible ASCII characters");
            return null;
        }
        return id;
    }

    /** A WhatsApp id of a phone number (country code and number, digits only) as E.164. */
    private String waId(JsonNode node, String field, String path) {
        String value = text(node, field, path + "." + field, true, 32);
        if (value != null && !WA_ID.matcher(value).matches()) {
            error(path + "." + field, "must be a phone number in international format, 8 to 15 digits");
            return null;
        }
        return value == null ? null : "+" + value;
    }

    /** Meta sends Unix seconds as a string; a number is taken too. */
    private Instant timestamp(JsonNode node, String path) {
        JsonNode value = node.get("timestamp");
        if (value != null && value.isIntegralNumber() && value.canConvertToLong() && value.asLong() >= 0 && value.asLong() <= MAX_EPOCH_SECOND) {
            return Instant.ofEpochSecond(value.asLong());
        }
        if (value != null && value.isString() && TIMESTAMP.matcher(value.asString()).matches()) {
            return Instant.ofEpochSecond(Long.parseLong(value.asString()));
        }
        error(path + ".timestamp", value == null || value.isNull() ? "is required" : "must be Unix seconds");
        return null;
    }

    private JsonNode array(JsonNode parent, String field, String path, boolean required) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                error(path, "is required");
            }
            return null;
        }
        if (!node.isArray()) {
            error(path, "must be an array");
            return null;
        }
        return node;
    }

    private String text(JsonNode parent, String field, String path, boolean required, int max) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                error(path, "is required");
            }
            return null;
        }
        if (!node.isString()) {
            error(path, "must be a string");
            return null;
        }
        String value = node.asString();
        if (required && value.isBlank()) {
            error(path, "must not be blank");
            return null;
        }
        if (value.length() > max) {
            error(path, "must be at most " + max + " characters");
            return null;
        }
        if (!StorableText.isStorable(value)) {
            error(path, StorableText.PROBLEM);
            return null;
        }
        return value;
    }

    private void error(String field, String message) {
        errors.add(Map.of("field", field, "message", message));
    }

    /** At most {@code max} chars, never ending in half of a surrogate pair (an emoji cut in two cannot be stored). */
    private static String truncate(String value, int max) {
        if (value.length() <= max) {
            return value;
        }
        return value.substring(0, Character.isHighSurrogate(value.charAt(max - 1)) ? max - 1 : max);
    }
}
