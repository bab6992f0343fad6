package com.litper.tracking.polling;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Polling of carriers configured {@code polling: true}: the leader replica enqueues one
 * {@code update_tracking} task per open shipment each interval (worker-service asks the carrier).
 *
 * @param enabled whether this service schedules polls at all
 * @param interval how often each open shipment is polled; also the slot of its de-duplication key
 * @param batchSize shipments read and enqueued per round trip
 */
@Validated
@ConfigurationProperties("litper.tracking.polling")
public record PollingProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("15m") @NotNull Duration interval,
        @DefaultValue("500") @Min(1) @Max(10000) int batchSize) {

    public PollingProperties {
        if (interval.toMillis() < 1000) {
            throw new IllegalArgumentException("litper.tracking.polling.interval must be at least 1s, was " + interval);
        }
    }
}
