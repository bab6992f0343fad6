package com.litper.sandbox.whatsapp;

import com.litper.sandbox.webhook.Hmac;
import com.litper.sandbox.webhook.WebhookSender;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * A buyer writing to the business: the sandbox posts Meta's {@code messages} notification for it to
 * the webhook URL, signed like the status notifications, and opens the buyer's service window
 * ({@link BuyerWindows}). The notification has Meta's shape: {@code contacts[].profile.name},
 * {@code messages[].from} (digits), {@code id} ({@code wamid.…}), {@code timestamp} (seconds),
 * {@code type: text} and {@code text.body}.
 */
@Component
class BuyerMessages {

    /** What a developer sees of one: who wrote what, and how its webhook went. */
    static final class Written {
        private final String id;
        private final String from;
        private final String text;
        private final Instant at;
        private final String buttonId;
        private final String context;
        private volatile String webhook = "pending";

        Written(String id, String from, String text, Instant at) {
            this(id, from, text, at, null, null);
        }

        /** A press of reply button {@code buttonId} (titled {@code text}) of the sent message {@code context}. */
        Written(String id, String from, String text, Instant at, String buttonId, String context) {
            this.id = id;
            this.from = from;
            this.text = text;
            this.at = at;
            this.buttonId = buttonId;
            this.context = context;
        }

        String id() {
            return id;
        }

        Map<String, Object> inspected() {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("id", id);
            view.put("from", from);
            view.put("text", text);
            if (buttonId != null) {
                view.put("buttonId", buttonId);
            }
            view.put("at", at.toString());
            view.put("webhook", webhook);
            return view;
        }
    }

    private final WhatsappSandboxProperties properties;
    private final BuyerWindows windows;
    private final WebhookSender sender;
    private final JsonMapper json;
    private final Clock clock;
    private final List<Written> written = Collections.synchronizedList(new ArrayList<>());

    BuyerMessages(WhatsappSandboxProperties properties, BuyerWindows windows, WebhookSender sender, JsonMapper json, Clock clock) {
        this.properties = properties;
        this.windows = windows;
        this.sender = sender;
        this.json = json;
        this.clock = clock;
    }

    /**
     * The buyer {@code from} (E.164) named {@code name} writes {@code text} to the business number
     * {@code phoneNumberId}; the notification goes out at once and is retried like any webhook.
     */
    Written write(String from, String name, String text, String phoneNumberId) {
        return deliver(new Written("wamid.sandbox-in-" + UUID.randomUUID(), "+" + SentMessages.digits(from), text, clock.instant()), name,
                phoneNumberId);
    }

    /** The buyer presses reply button {@code buttonId}, titled {@code title}, of the message {@code context} the business sent them. */
    Written press(String from, String name, String buttonId, String title, String context, String phoneNumberId) {
        return deliver(new Written("wamid.sandbox-in-" + UUID.randomUUID(), "+" + SentMessages.digits(from), title, clock.instant(), buttonId,
                context), name, phoneNumberId);
    }

    private Written deliver(Written message, String name, String phoneNumberId) {
        String from = message.from;
        String id = message.id;
        Instant now = message.at;
        written.add(message);
        windows.wrote(from, now);
        byte[] body = json.writeValueAsBytes(notification(message, name, phoneNumberId));
        String signature = "sha256=" + Hmac.sha256Hex(properties.appSecret(), body);
        WebhookSender.Notification notification = new WebhookSender.Notification(URI.create(properties.webhookUrl()), body,
                () -> Map.of("X-Hub-Signature-256", signature), "WhatsApp message " + id);
        sender.send("whatsapp-in:" + SentMessages.digits(from), Duration.ZERO, notification)
                .whenComplete((outcome, error) -> message.webhook = error != null ? "failed: " + error : outcome.toString());
        return message;
    }

    List<Written> list() {
        synchronized (written) {
            return List.copyOf(written);
        }
    }

    private Map<String, Object> notification(Written message, String name, String phoneNumberId) {
        String digits = SentMessages.digits(message.from);
        Map<String, Object> contact = new LinkedHashMap<>();
        contact.put("profile", Map.of("name", name == null || name.isBlank() ? "Comprador" : name));
        contact.put("wa_id", digits);
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("from", digits);
        entry.put("id", message.id);
        entry.put("timestamp", Long.toString(message.at.getEpochSecond()));
        if (message.buttonId != null) {
            entry.put("context", Map.of("from", properties.displayPhoneNumber(), "id", message.context));
            entry.put("type", "interactive");
            entry.put("interactive", Map.of("type", "button_reply", "button_reply", Map.of("id", message.buttonId, "title", message.text)));
        } else {
            entry.put("type", "text");
            entry.put("text", Map.of("body", message.text));
        }
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("messaging_product", "whatsapp");
        value.put("metadata", Map.of("display_phone_number", properties.displayPhoneNumber(), "phone_number_id", phoneNumberId));
        value.put("contacts", List.of(contact));
        value.put("messages", List.of(entry));
        Map<String, Object> change = Map.of("field", "messages", "value", value);
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("object", "whatsapp_business_account");
        root.put("entry", List.of(Map.of("id", properties.businessAccountId(), "changes", List.of(change))));
        return root;
    }
}
