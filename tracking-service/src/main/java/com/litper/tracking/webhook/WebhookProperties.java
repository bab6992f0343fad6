package com.litper.tracking.webhook;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Carrier webhooks ({@code POST /webhooks/carriers/{carrier}}).
 *
 * @param timestampTolerance how far {@code X-Litper-Timestamp} may be from this service's clock, either way,
 *     before a request is rejected as stale: bounds how long a captured request can be replayed
 */
@Validated
@ConfigurationProperties("litper.tracking.webhook")
public record WebhookProperties(
        @DefaultValue("5m") @NotNull Duration timestampTolerance) {

    public WebhookProperties {
        if (timestampTolerance.isNegative() || timestampTolerance.isZero()) {
            throw new IllegalArgumentException("litper.tracking.webhook.timestamp-tolerance must be positive, was " + timestampTolerance);
        }
    }
}
