package com.litper.sandbox.webhook;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the sandbox delivers webhooks, carriers' and WhatsApp's alike: like the real providers, it
 * tries again after an error answer or a connection failure, waiting longer each time.
 *
 * @param attempts deliveries tried per webhook, the first included
 * @param initialBackoff wait before the second attempt
 * @param multiplier growth of the wait between attempts (1 s, 2 s, 4 s, 8 s with the defaults)
 * @param timeout longest wait for the receiver's answer to one attempt
 */
@Validated
@ConfigurationProperties("sandbox.webhooks")
public record WebhookProperties(
        @DefaultValue("5") @Min(1) int attempts,
        @DefaultValue("1s") @NotNull Duration initialBackoff,
        @DefaultValue("2.0") @DecimalMin("1.0") double multiplier,
        @DefaultValue("10s") @NotNull Duration timeout) {

    /** The wait after the {@code attempt}-th failed attempt (1-based). */
    Duration backoffAfter(int attempt) {
        return Duration.ofMillis(Math.round(initialBackoff.toMillis() * Math.pow(multiplier, attempt - 1)));
    }
}
