package com.litper.sandbox.whatsapp;

import com.litper.sandbox.webhook.Hmac;
import com.litper.sandbox.webhook.WebhookSender;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Meta's delivery-status notifications for an accepted message: {@code sent}, {@code delivered},
 * {@code read}, each {@code status-delay} after the previous one (or a single {@code failed} with
 * 131026 for a number not on WhatsApp), posted to the webhook URL with {@code X-Hub-Signature-256:
 * sha256=<hex HMAC-SHA256 of the raw body>} keyed by the app secret. One message's statuses go out in
 * order; each is re-delivered on failure like any webhook.
 */
@Component
class StatusWebhooks {

    private static final Logger log = LoggerFactory.getLogger(StatusWebhooks.class);

    private final WhatsappSandboxProperties properties;
    private final WebhookSender sender;
    private final JsonMapper json;

    StatusWebhooks(WhatsappSandboxProperties properties, WebhookSender sender, JsonMapper json) {
        this.properties = properties;
        this.sender = sender;
        this.json = json;
        log.info("WhatsApp sandbox: status webhooks {}", properties.sendsStatuses() ? "to " + properties.webhookUrl()
                : "off (set sandbox.whatsapp.webhook-url and sandbox.whatsapp.app-secret)");
    }

    /** Why an accepted message is then reported {@code failed}: Meta's error code, title and details. */
    record Failure(int code, String title, String details) {

        static final Failure UNDELIVERABLE = new Failure(GraphError.UNDELIVERABLE, "Message undeliverable",
                "The recipient is not a WhatsApp user.");
        static final Failure WINDOW_CLOSED = new Failure(GraphError.RE_ENGAGEMENT, "Re-engagement message",
                "Message failed to send because more than 24 hours have passed since the customer last replied to this number.");
    }

    /** Reports {@code sent}, {@code delivered}, {@code read}; or only {@code failed} for a non-null {@code failure}. */
    void report(SentMessage message, Failure failure) {
        if (failure != null) {
            message.failedWith(failure.code());
        }
        if (!properties.sendsStatuses()) {
            return;
        }
        List<String> statuses = failure == null ? List.of("sent", "delivered", "read") : List.of("failed");
        long acceptedMs = message.receivedAt().toEpochMilli();
        Duration delay = properties.statusDelay();
        for (int i = 0; i < statuses.size(); i++) {
            String status = statuses.get(i);
            // Times follow the delays, so a receiver sees them increase as Meta's do.
            long timestamp = (acceptedMs + delay.multipliedBy(i + 1).toMillis()) / 1000;
            byte[] body = json.writeValueAsBytes(notification(message, status, timestamp, failure));
            String signature = "sha256=" + Hmac.sha256Hex(properties.appSecret(), body);
            WebhookSender.Notification notification = new WebhookSender.Notification(URI.create(properties.webhookUrl()), body,
                    () -> Map.of("X-Hub-Signature-256", signature), "WhatsApp status " + status + " of " + message.id());
            sender.send("whatsapp:" + message.id(), delay, notification)
                    .whenComplete((outcome, error) -> message.reported(status, error != null ? "failed: " + error : outcome.toString()));
        }
    }

    private Map<String, Object> notification(SentMessage message, String status, long timestamp, Failure failure) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("id", message.id());
        entry.put("status", status);
        entry.put("timestamp", Long.toString(timestamp));
        entry.put("recipient_id", SentMessages.digits(message.to()));
        if (failure != null) {
            entry.put("errors", List.of(Map.of("code", failure.code(), "title", failure.title(),
                    "message", failure.title(), "error_data", Map.of("details", failure.details()))));
        }
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("messaging_product", "whatsapp");
        value.put("metadata", Map.of("display_phone_number", properties.displayPhoneNumber(), "phone_number_id", message.phoneNumberId()));
        value.put("statuses", List.of(entry));
        Map<String, Object> change = Map.of("field", "messages", "value", value);
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("object", "whatsapp_business_account");
        root.put("entry", List.of(Map.of("id", properties.businessAccountId(), "changes", List.of(change))));
        return root;
    }
}
