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
 * Shipments of carriers that send webhooks are polled too once they have been quiet for
 * {@code quietAfter}: a webhook the carrier gave up on (tracking-service down longer than the
 * carrier retries) is not lost for good.
 *
 * @param enabled whether this service schedules polls at all
 * @param interval how often each open shipment of a polled carrier is polled; also the slot of its de-duplication key
 * @param batchSize shipments read and enqueued per round trip
 * @param quietAfter how long an open shipment of a webhook carrier may go without a new status before it is
 *     polled (then at most once per {@code quietAfter}); checked every quarter of it
 */
@Validated
@ConfigurationProperties("litper.tracking.polling")
public record PollingProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("15m") @NotNull Duration interval,
        @DefaultValue("500") @Min(1) @Max(10000) int batchSize,
        @DefaultValue("2h") @NotNull Duration quietAfter) {

    public PollingProperties {
        if (interval.toMillis() < 1000) {
            throw new IllegalArgumentException("litper.tracking.polling.interval must be at least 1s, was " + interval);
        }
        if (quietAfter.toMillis() < 4000) {
            throw new IllegalArgumentException("litper.tracking.polling.quiet-after must be at least 4s, was " + quietAfter);
        }
    }

    /** How often quiet shipments are looked for: a quarter of {@link #quietAfter()}. */
    public Duration quietCheck() {
        return quietAfter.dividedBy(4);
    }
}
