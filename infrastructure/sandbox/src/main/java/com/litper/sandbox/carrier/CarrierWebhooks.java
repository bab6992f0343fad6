package com.litper.sandbox.carrier;

import com.litper.sandbox.webhook.Hmac;
import com.litper.sandbox.webhook.WebhookSender;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Posts each new event of a carrier with webhooks to {@code sandbox.carriers.webhook-url}, signed as
 * docs/carriers.md says: {@code X-Litper-Timestamp} (Unix seconds) and {@code X-Litper-Signature:
 * sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>">} with the carrier's webhook secret. A
 * shipment's events queue behind each other, so the receiver gets them in route order.
 */
@Component
class CarrierWebhooks {

    private final CarrierSandboxProperties properties;
    private final WebhookSender sender;
    private final JsonMapper json;
    private final Clock clock;

    CarrierWebhooks(CarrierSandboxProperties properties, WebhookSender sender, JsonMapper json, Clock clock) {
        this.properties = properties;
        this.sender = sender;
        this.json = json;
        this.clock = clock;
    }

    boolean enabledFor(CarrierProfile carrier) {
        return properties.sendsWebhooks(carrier);
    }

    void publish(SandboxShipment shipment, ShipmentEvent event) {
        if (!shipment.webhooks()) {
            return;
        }
        CarrierProfile carrier = shipment.carrier();
        String secret = properties.of(carrier).webhookSecret();
        byte[] body = json.writeValueAsBytes(event.webhookBody());
        URI url = URI.create(properties.webhookUrl().replace("{carrier}", carrier.id()));
        WebhookSender.Notification notification = new WebhookSender.Notification(url, body, () -> {
            String timestamp = Long.toString(clock.instant().getEpochSecond());
            String signature = Hmac.sha256Hex(secret, (timestamp + ".").getBytes(StandardCharsets.UTF_8), body);
            Map<String, String> headers = new java.util.LinkedHashMap<>();
            headers.put("X-Litper-Timestamp", timestamp);
            headers.put("X-Litper-Signature", "sha256=" + signature);
            if (shipment.traceparent() != null) {
                // The booking's trace context: the event's handling joins the order's trace.
                headers.put("traceparent", shipment.traceparent());
            }
            return headers;
        }, carrier.id() + " event " + event.eventId() + " (" + event.step().code() + ")");
        sender.send(carrier.id() + ":" + shipment.trackingNumber(), Duration.ZERO, notification)
                .whenComplete((outcome, error) -> event.webhook(error != null ? "failed: " + error : outcome.toString()));
    }
}
